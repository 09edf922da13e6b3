// Table of claim-splitting cases. Each row: an answer and the claims it must
// give, as [highlighted text (answer.slice(start, end)), claim text]. To grow
// the table, add a row; cases.test.ts runs them all.
import type { SplitOptions } from '../../../src/core/claims/index.ts';

export interface ClaimCase {
  name: string;
  answer: string;
  claims: [highlight: string, text: string][];
  opts?: SplitOptions;
}

export const ENGLISH_CASES: ClaimCase[] = [
  {
    name: 'inline list with Oxford comma',
    answer: 'Symptoms include fever, cough, and fatigue.',
    claims: [
      ['fever', 'Symptoms include fever.'],
      ['cough', 'Symptoms include cough.'],
      ['fatigue', 'Symptoms include fatigue.'],
    ],
  },
  {
    name: 'inline list without Oxford comma',
    answer: 'Dehydration can cause fatigue, headaches and dizziness.',
    claims: [
      ['fatigue', 'Dehydration can cause fatigue.'],
      ['headaches', 'Dehydration can cause headaches.'],
      ['dizziness', 'Dehydration can cause dizziness.'],
    ],
  },
  {
    name: 'inline list with "or"',
    answer: 'Symptoms can include headache, dizziness, or nosebleeds.',
    claims: [
      ['headache', 'Symptoms can include headache.'],
      ['dizziness', 'Symptoms can include dizziness.'],
      ['nosebleeds', 'Symptoms can include nosebleeds.'],
    ],
  },
  {
    name: 'coordinated clauses with a pronoun subject',
    answer: 'High blood pressure causes heart disease, and it also raises the risk of stroke.',
    claims: [
      ['High blood pressure causes heart disease', 'High blood pressure causes heart disease.'],
      ['it also raises the risk of stroke.', 'High blood pressure also raises the risk of stroke.'],
    ],
  },
  {
    name: 'semicolon',
    answer: 'Hypertension is a major risk factor for stroke; it also damages the kidneys.',
    claims: [
      ['Hypertension is a major risk factor for stroke', 'Hypertension is a major risk factor for stroke.'],
      ['it also damages the kidneys.', 'Hypertension also damages the kidneys.'],
    ],
  },
  {
    name: '"but" between clauses',
    answer: 'Aspirin reduces fever, but it can irritate the stomach.',
    claims: [
      ['Aspirin reduces fever', 'Aspirin reduces fever.'],
      ['it can irritate the stomach.', 'Aspirin can irritate the stomach.'],
    ],
  },
  {
    name: '"whereas" between clauses',
    answer: 'Antibiotics treat bacterial infections, whereas antivirals treat viral infections.',
    claims: [
      ['Antibiotics treat bacterial infections', 'Antibiotics treat bacterial infections.'],
      ['antivirals treat viral infections.', 'Antivirals treat viral infections.'],
    ],
  },
  {
    name: '"while" between clauses',
    answer: 'Blood sugar rises after meals while insulin brings it back down.',
    claims: [
      ['Blood sugar rises after meals', 'Blood sugar rises after meals.'],
      ['insulin brings it back down.', 'Insulin brings it back down.'],
    ],
  },
  {
    name: 'three comma-joined clauses',
    answer: 'Insulin lowers glucose, glucagon raises it, and cortisol raises it too.',
    claims: [
      ['Insulin lowers glucose', 'Insulin lowers glucose.'],
      ['glucagon raises it', 'Glucagon raises it.'],
      ['cortisol raises it too.', 'Cortisol raises it too.'],
    ],
  },
  {
    name: 'subject coordination with agreement',
    answer: 'Diet and exercise help control blood sugar.',
    claims: [
      ['Diet', 'Diet helps control blood sugar.'],
      ['exercise', 'Exercise helps control blood sugar.'],
    ],
  },
  {
    name: 'subject list of three with agreement',
    answer: 'Obesity, physical inactivity, and a family history of diabetes increase the risk of type 2 diabetes.',
    claims: [
      ['Obesity', 'Obesity increases the risk of type 2 diabetes.'],
      ['physical inactivity', 'Physical inactivity increases the risk of type 2 diabetes.'],
      ['a family history of diabetes', 'A family history of diabetes increases the risk of type 2 diabetes.'],
    ],
  },
  {
    name: '"are" becomes "is"',
    answer: 'Vitamin D and calcium are important for bone health.',
    claims: [
      ['Vitamin D', 'Vitamin D is important for bone health.'],
      ['calcium', 'Calcium is important for bone health.'],
    ],
  },
  {
    name: 'a bare plural noun after "are" becomes singular with an article',
    answer: 'Aspirin and ibuprofen are NSAIDs.',
    claims: [
      ['Aspirin', 'Aspirin is an NSAID.'],
      ['ibuprofen', 'Ibuprofen is an NSAID.'],
    ],
  },
  {
    name: 'predicate noun phrase: modifiers kept, head singular, a plural item unchanged',
    answer: 'Metformin and sulfonylureas are oral diabetes medications.',
    claims: [
      ['Metformin', 'Metformin is an oral diabetes medication.'],
      ['sulfonylureas', 'Sulfonylureas are oral diabetes medications.'],
    ],
  },
  {
    name: 'predicate noun with a prepositional phrase and an adverb before it',
    answer: 'Heart disease and stroke are also leading causes of death.',
    claims: [
      ['Heart disease', 'Heart disease is also a leading cause of death.'],
      ['stroke', 'Stroke is also a leading cause of death.'],
    ],
  },
  {
    name: 'irregular plural and "a" before a consonant',
    answer: 'HIV and hepatitis B are viruses.',
    claims: [
      ['HIV', 'HIV is a virus.'],
      ['hepatitis B', 'Hepatitis B is a virus.'],
    ],
  },
  {
    name: 'a participle after the predicate noun, and a relative clause whose verb agrees too',
    answer: 'Insulin and glucagon are hormones made by the pancreas. Vitamin C and zinc are nutrients that support immunity.',
    claims: [
      ['Insulin', 'Insulin is a hormone made by the pancreas.'],
      ['glucagon', 'Glucagon is a hormone made by the pancreas.'],
      ['Vitamin C', 'Vitamin C is a nutrient that supports immunity.'],
      ['zinc', 'Zinc is a nutrient that supports immunity.'],
    ],
  },
  {
    name: 'irregular plurals keep the plural verb',
    answer: 'Bacteria and viruses cause infections.',
    claims: [
      ['Bacteria', 'Bacteria cause infections.'],
      ['viruses', 'Viruses cause infections.'],
    ],
  },
  {
    name: 'plural items keep the plural verb',
    answer: 'Fruits and vegetables are healthy.',
    claims: [
      ['Fruits', 'Fruits are healthy.'],
      ['vegetables', 'Vegetables are healthy.'],
    ],
  },
  {
    name: '"both … and" drops "both"; modal verbs unchanged',
    answer: 'Both men and women can develop osteoporosis.',
    claims: [
      ['men', 'Men can develop osteoporosis.'],
      ['women', 'Women can develop osteoporosis.'],
    ],
  },
  {
    name: 'introductory phrase stays with each claim',
    answer: 'In adults, fever and cough are common.',
    claims: [
      ['fever', 'In adults, fever is common.'],
      ['cough', 'In adults, cough is common.'],
    ],
  },
  {
    name: 'noun that looks like a verb inside the subject ("alcohol use")',
    answer: 'Smoking and alcohol use increase the risk of cancer.',
    claims: [
      ['Smoking', 'Smoking increases the risk of cancer.'],
      ['alcohol use', 'Alcohol use increases the risk of cancer.'],
    ],
  },
  {
    name: 'verb phrases sharing a subject',
    answer: 'Metformin lowers blood sugar and reduces weight.',
    claims: [
      ['Metformin lowers blood sugar', 'Metformin lowers blood sugar.'],
      ['reduces weight.', 'Metformin reduces weight.'],
    ],
  },
  {
    name: 'three verb phrases',
    answer: 'Metformin lowers glucose, reduces weight, and improves lipids.',
    claims: [
      ['Metformin lowers glucose', 'Metformin lowers glucose.'],
      ['reduces weight', 'Metformin reduces weight.'],
      ['improves lipids.', 'Metformin improves lipids.'],
    ],
  },
  {
    name: 'shared modal',
    answer: 'Metformin can lower blood sugar and reduce weight.',
    claims: [
      ['Metformin can lower blood sugar', 'Metformin can lower blood sugar.'],
      ['reduce weight.', 'Metformin can reduce weight.'],
    ],
  },
  {
    name: 'shared passive auxiliary',
    answer: 'Insulin is produced by the pancreas and released into the blood.',
    claims: [
      ['Insulin is produced by the pancreas', 'Insulin is produced by the pancreas.'],
      ['released into the blood.', 'Insulin is released into the blood.'],
    ],
  },
  {
    name: 'plural subject, base-form verb phrases',
    answer: 'Statins lower LDL cholesterol and reduce the risk of heart attack.',
    claims: [
      ['Statins lower LDL cholesterol', 'Statins lower LDL cholesterol.'],
      ['reduce the risk of heart attack.', 'Statins reduce the risk of heart attack.'],
    ],
  },
  {
    name: 'negation distributes over "or"',
    answer: 'Metformin does not cause hypoglycemia or weight gain.',
    claims: [
      ['hypoglycemia', 'Metformin does not cause hypoglycemia.'],
      ['weight gain', 'Metformin does not cause weight gain.'],
    ],
  },
  {
    name: 'adjectives',
    answer: 'Metformin is safe and effective.',
    claims: [
      ['safe', 'Metformin is safe.'],
      ['effective', 'Metformin is effective.'],
    ],
  },
  {
    name: 'coordination inside a prepositional phrase',
    answer: 'It increases the risk of heart disease and stroke.',
    claims: [
      ['heart disease', 'It increases the risk of heart disease.'],
      ['stroke', 'It increases the risk of stroke.'],
    ],
  },
  {
    name: 'singular verb: the coordination is inside the prepositional phrase',
    answer: 'The risk of heart disease and stroke is high.',
    claims: [
      ['heart disease', 'The risk of heart disease is high.'],
      ['stroke', 'The risk of stroke is high.'],
    ],
  },
  {
    name: 'plural verb, singular head: the coordination is at the top',
    answer: 'Loss of appetite and weight loss are common.',
    claims: [
      ['Loss of appetite', 'Loss of appetite is common.'],
      ['weight loss', 'Weight loss is common.'],
    ],
  },
  {
    name: 'plural head noun agrees with the verb',
    answer: 'People with obesity and diabetes are at higher risk.',
    claims: [
      ['obesity', 'People with obesity are at higher risk.'],
      ['diabetes', 'People with diabetes are at higher risk.'],
    ],
  },
  {
    name: 'phrasal verb keeps its preposition',
    answer: 'An abnormal immune response may lead to chronic inflammation and the digestive problems of Crohn disease.',
    claims: [
      ['chronic inflammation', 'An abnormal immune response may lead to chronic inflammation.'],
      ['the digestive problems of Crohn disease', 'An abnormal immune response may lead to the digestive problems of Crohn disease.'],
    ],
  },
  {
    name: 'shared determiner',
    answer: 'High blood pressure can damage the heart, brain, kidneys, and eyes.',
    claims: [
      ['the heart', 'High blood pressure can damage the heart.'],
      ['brain', 'High blood pressure can damage the brain.'],
      ['kidneys', 'High blood pressure can damage the kidneys.'],
      ['eyes', 'High blood pressure can damage the eyes.'],
    ],
  },
  {
    name: 'shared head noun after adjectives',
    answer: 'It causes dry and itchy skin.',
    claims: [
      ['dry', 'It causes dry skin.'],
      ['itchy skin', 'It causes itchy skin.'],
    ],
  },
  {
    name: 'type 1 and type 2 share "diabetes"',
    answer: 'Type 1 and type 2 diabetes can cause kidney damage.',
    claims: [
      ['Type 1', 'Type 1 diabetes can cause kidney damage.'],
      ['type 2 diabetes', 'Type 2 diabetes can cause kidney damage.'],
    ],
  },
  {
    name: 'shared object of -ing verbs',
    answer: 'Nutrition plays a role in causing or preventing urinary retention.',
    claims: [
      ['causing', 'Nutrition plays a role in causing urinary retention.'],
      ['preventing urinary retention', 'Nutrition plays a role in preventing urinary retention.'],
    ],
  },
  {
    name: 'participle clause opens the list',
    answer: 'The virus spreads quickly, causing fever and chills.',
    claims: [
      ['fever', 'The virus spreads quickly, causing fever.'],
      ['chills', 'The virus spreads quickly, causing chills.'],
    ],
  },
  {
    name: 'gerund items',
    answer: 'Risk factors include smoking, being overweight, and lacking exercise.',
    claims: [
      ['smoking', 'Risk factors include smoking.'],
      ['being overweight', 'Risk factors include being overweight.'],
      ['lacking exercise', 'Risk factors include lacking exercise.'],
    ],
  },
  {
    name: 'adverb before the verb is not part of the subject',
    answer: 'A variety of genetic and environmental factors likely play a role in causing Crohn disease.',
    claims: [
      ['genetic', 'A variety of genetic factors likely play a role in causing Crohn disease.'],
      ['environmental factors', 'A variety of environmental factors likely play a role in causing Crohn disease.'],
    ],
  },
  {
    name: '"such as" list with a link',
    answer: 'Other drugs, such as [SGLT2 inhibitors](https://example.org/sglt2) and GLP-1 receptor agonists, may be added.',
    claims: [
      ['SGLT2 inhibitors', 'Other drugs, such as SGLT2 inhibitors, may be added.'],
      ['GLP-1 receptor agonists', 'Other drugs, such as GLP-1 receptor agonists, may be added.'],
    ],
  },
  {
    name: 'list in one clause, another clause after it',
    answer: 'A healthy diet includes fruits and vegetables, and regular exercise strengthens the heart.',
    claims: [
      ['fruits', 'A healthy diet includes fruits.'],
      ['vegetables', 'A healthy diet includes vegetables.'],
      ['regular exercise strengthens the heart.', 'Regular exercise strengthens the heart.'],
    ],
  },
  {
    name: 'imperative after "but" is advice to see a doctor: dropped',
    answer: 'Metformin is first-line therapy, but consult your doctor before starting it.',
    claims: [['Metformin is first-line therapy', 'Metformin is first-line therapy.']],
  },
  {
    name: 'leading "However," is not part of the claim text',
    answer: 'However, insulin can cause hypoglycemia.',
    claims: [['However, insulin can cause hypoglycemia.', 'Insulin can cause hypoglycemia.']],
  },
  {
    name: 'leading "Yes," is not part of the claim text',
    answer: 'Yes, metformin is generally safe for long-term use.',
    claims: [['Yes, metformin is generally safe for long-term use.', 'Metformin is generally safe for long-term use.']],
  },
  {
    name: 'label subject: "Metformin: lowers …"',
    answer: 'Metformin: lowers blood sugar by reducing glucose production in the liver.',
    claims: [
      [
        'Metformin: lowers blood sugar by reducing glucose production in the liver.',
        'Metformin lowers blood sugar by reducing glucose production in the liver.',
      ],
    ],
  },
  {
    name: 'items with parentheses',
    answer: 'Other areas may be affected, including the costal (rib) cartilage, eyes, vascular (veins) system, and skin.',
    claims: [
      ['the costal (rib) cartilage', 'Other areas may be affected, including the costal (rib) cartilage.'],
      ['eyes', 'Other areas may be affected, including the eyes.'],
      ['vascular (veins) system', 'Other areas may be affected, including the vascular (veins) system.'],
      ['skin', 'Other areas may be affected, including the skin.'],
    ],
  },
  {
    name: 'parallel infinitives',
    answer: 'The goals of treatment are to relieve symptoms and to preserve the structure of the cartilage.',
    claims: [
      ['to relieve symptoms', 'The goals of treatment are to relieve symptoms.'],
      ['to preserve the structure of the cartilage', 'The goals of treatment are to preserve the structure of the cartilage.'],
    ],
  },
  {
    name: 'with two "and"s the later, inner one is distributed',
    answer: 'CIDP causes progressive weakness and impaired sensory function in the legs and arms.',
    claims: [
      ['the legs', 'CIDP causes progressive weakness and impaired sensory function in the legs.'],
      ['arms', 'CIDP causes progressive weakness and impaired sensory function in the arms.'],
    ],
  },
  {
    name: 'HTML entities: decoded in the text, their ";" is no clause break',
    answer: 'CIDP is considered the &quot;chronic counterpart&quot; of GBS.',
    claims: [['CIDP is considered the &quot;chronic counterpart&quot; of GBS.', 'CIDP is considered the "chronic counterpart" of GBS.']],
  },
  {
    name: 'a relative clause with a singular verb stays with the last item',
    answer: 'Symptoms include fever and a rash that spreads quickly.',
    claims: [
      ['fever', 'Symptoms include fever.'],
      ['a rash', 'Symptoms include a rash that spreads quickly.'],
    ],
  },
  {
    name: 'a relative clause with a plural verb covers every item',
    answer: 'Strong contractions can cause embarrassment and anxiety that lead to wetting.',
    claims: [
      ['embarrassment', 'Strong contractions can cause embarrassment that lead to wetting.'],
      ['anxiety', 'Strong contractions can cause anxiety that lead to wetting.'],
    ],
  },
  {
    name: 'semicolon-separated list items continue the list',
    answer: 'Events that cause anxiety include physical or sexual abuse; unfamiliar social situations; and major family events.',
    claims: [
      ['physical', 'Events that cause anxiety include physical abuse.'],
      ['sexual abuse', 'Events that cause anxiety include sexual abuse.'],
      ['unfamiliar social situations', 'Events that cause anxiety include unfamiliar social situations.'],
      ['major family events.', 'Events that cause anxiety include major family events.'],
    ],
  },
  {
    name: 'flattened bullets (" - ") after "include"',
    answer: 'Causes can include - Thyroid problems - Cancer - Infectious diseases',
    claims: [
      ['Thyroid problems', 'Causes can include Thyroid problems'],
      ['Cancer', 'Causes can include Cancer'],
      ['Infectious diseases', 'Causes can include Infectious diseases'],
    ],
  },
  {
    name: 'a list of long items inside a longer list',
    answer: 'Other symptoms include snoring, frequent ear and sinus infections, sore throat, and daytime drowsiness.',
    claims: [
      ['snoring', 'Other symptoms include snoring.'],
      ['frequent ear and sinus infections', 'Other symptoms include frequent ear and sinus infections.'],
      ['sore throat', 'Other symptoms include sore throat.'],
      ['daytime drowsiness', 'Other symptoms include daytime drowsiness.'],
    ],
  },
  {
    name: 'gerund subjects are parallel, a preposition inside the first is not a split point',
    answer: 'Eating extra calories within a balanced diet and treating underlying problems can help to add weight.',
    claims: [
      ['Eating extra calories within a balanced diet', 'Eating extra calories within a balanced diet can help to add weight.'],
      ['treating underlying problems', 'Treating underlying problems can help to add weight.'],
    ],
  },
  {
    name: 'participles share the head noun',
    answer: 'Written and spoken explanations are provided with each frame.',
    claims: [
      ['Written', 'Written explanations are provided with each frame.'],
      ['spoken explanations', 'Spoken explanations are provided with each frame.'],
    ],
  },
  {
    name: '"the result of" takes the whole list; the relative clause stays with the last item',
    answer: 'Bedwetting may be the result of a small bladder capacity, long sleeping periods, and an underdeveloped alarm that signals a full bladder.',
    claims: [
      ['a small bladder capacity', 'Bedwetting may be the result of a small bladder capacity.'],
      ['long sleeping periods', 'Bedwetting may be the result of long sleeping periods.'],
      ['an underdeveloped alarm', 'Bedwetting may be the result of an underdeveloped alarm that signals a full bladder.'],
    ],
  },
  {
    name: 'examples after the last item stay with it',
    answer: 'Eat foods that contain vitamin D, such as eggs, liver, and certain kinds of fish, such as salmon.',
    claims: [
      ['eggs', 'Eat foods that contain vitamin D, such as eggs.'],
      ['liver', 'Eat foods that contain vitamin D, such as liver.'],
      ['certain kinds of fish', 'Eat foods that contain vitamin D, such as certain kinds of fish, such as salmon.'],
    ],
  },
  {
    name: 'subjects of a "whether" clause',
    answer: 'Simple blood tests can show whether you and the father of your baby are Rh-positive.',
    claims: [
      ['you', 'Simple blood tests can show whether you are Rh-positive.'],
      ['the father of your baby', 'Simple blood tests can show whether the father of your baby is Rh-positive.'],
    ],
  },
  {
    name: 'a shared infinitive after the objects',
    answer: 'Kidney failure causes harmful waste and excess fluid to build up in your body.',
    claims: [
      ['harmful waste', 'Kidney failure causes harmful waste to build up in your body.'],
      ['excess fluid', 'Kidney failure causes excess fluid to build up in your body.'],
    ],
  },
  {
    name: 'adjectives after an object',
    answer: 'Curves in the penis can make sexual intercourse painful, difficult, or impossible.',
    claims: [
      ['painful', 'Curves in the penis can make sexual intercourse painful.'],
      ['difficult', 'Curves in the penis can make sexual intercourse difficult.'],
      ['impossible', 'Curves in the penis can make sexual intercourse impossible.'],
    ],
  },
  {
    name: 'an appositive participle between commas is not a list head',
    answer: 'The drug, approved in 2019, reduces pain and swelling by 30%.',
    claims: [
      ['pain', 'The drug, approved in 2019, reduces pain.'],
      ['swelling by 30%', 'The drug, approved in 2019, reduces swelling by 30%.'],
    ],
  },
  {
    name: 'past tense verb phrases with a plural subject',
    answer: 'Patients lost weight and improved their blood sugar.',
    claims: [
      ['Patients lost weight', 'Patients lost weight.'],
      ['improved their blood sugar.', 'Patients improved their blood sugar.'],
    ],
  },
  {
    name: 'units and abbreviations at a sentence end',
    answer: 'The usual dose is 500 mg. It is taken twice daily. Ask e.g. Dr. Smith about it, etc.',
    claims: [
      ['The usual dose is 500 mg.', 'The usual dose is 500 mg.'],
      ['It is taken twice daily.', 'It is taken twice daily.'],
      ['Ask e.g. Dr. Smith about it, etc.', 'Ask e.g. Dr. Smith about it, etc.'],
    ],
  },
];

/** Sentences whose "and"/"or" must NOT be distributed: one claim each, unchanged. */
export const KEEP_WHOLE: string[] = [
  'The Department of Health and Human Services issued new guidance.',
  'The Centers for Disease Control and Prevention recommends annual flu vaccination.',
  'The difference between type 1 and type 2 diabetes is the cause.',
  'The balance between sodium and potassium matters for blood pressure.',
  'The ratio of HDL and LDL cholesterol predicts heart disease risk.',
  'Research and development of new drugs takes years.',
  'Physical and mental health are closely linked.',
  'Type 1 and type 2 diabetes differ in their causes.',
  'Sodium and potassium work together to regulate blood pressure.',
  'Adults aged 65 and older should get a pneumococcal vaccine.',
  'Doctors diagnose diabetes with an A1C of 6.5% or higher.',
  'The dose is usually between 5 and 10 mg a day.',
  'When blood sugar is high, the kidneys excrete glucose.',
  'Insulin helps cells absorb glucose from the blood.',
  // the verb phrase belongs to the relative clause, not to "CIDP"
  'CIDP is caused by an immune response in which the immune system attacks and damages the myelin sheath.',
  'If a child does not sense the bladder filling and awaken to urinate, wetting will occur.',
  "If you're Rh-negative and the father of your baby is Rh-positive, the baby may have Rh-positive blood.",
  'You can find lactose-free and lactose-reduced milk and milk products at the grocery store.',
  'You can use lactase tablets and drops when you have milk.',
  'People with diabetes have high blood glucose, also called high blood sugar or hyperglycemia.',
  'Medullary sponge kidney can affect one or both kidneys.',
  'Changes occur in the tubules, or tiny tubes, inside the kidneys.',
  'The animation shows how a clot can break off, travel to the lungs, and block blood flow.',
  'Scientists continue to look at new ways to prevent, treat, and diagnose prostate cancer.',
  // "outline" is not in the lexicon: a verbless-looking list of long items is left alone
  'These brochures outline the causes and treatments of the condition.',
  'Studies suggest that Crohn disease may result from a combination of genetic variations, changes in the immune system, and bacteria in the digestive tract.',
];

export const CHINESE_CASES: ClaimCase[] = [
  {
    name: '顿号列举和"和"',
    answer: '症状包括发热、咳嗽和乏力。',
    claims: [
      ['发热', '症状包括发热。'],
      ['咳嗽', '症状包括咳嗽。'],
      ['乏力', '症状包括乏力。'],
    ],
  },
  {
    name: '逗号分开两个完整分句，"的"后的中心语共享',
    answer: '高血压是一种常见的慢性病，它会增加心脏病和中风的风险。',
    claims: [
      ['高血压是一种常见的慢性病', '高血压是一种常见的慢性病。'],
      ['心脏病', '高血压会增加心脏病的风险。'],
      ['中风', '高血压会增加中风的风险。'],
    ],
  },
  {
    name: '主语列举，去掉"都"',
    answer: '肥胖、缺乏运动和遗传因素都会增加患病风险。',
    claims: [
      ['肥胖', '肥胖会增加患病风险。'],
      ['缺乏运动', '缺乏运动会增加患病风险。'],
      ['遗传因素', '遗传因素会增加患病风险。'],
    ],
  },
  {
    name: '两个主语',
    answer: '高血压和糖尿病都会损害肾脏。',
    claims: [
      ['高血压', '高血压会损害肾脏。'],
      ['糖尿病', '糖尿病会损害肾脏。'],
    ],
  },
  {
    name: '分号',
    answer: '二甲双胍是一线用药；胰岛素用于血糖控制不佳的患者。',
    claims: [
      ['二甲双胍是一线用药', '二甲双胍是一线用药。'],
      ['胰岛素用于血糖控制不佳的患者。', '胰岛素用于血糖控制不佳的患者。'],
    ],
  },
  {
    name: '"但"连接的分句，连词不在高亮内',
    answer: '阿司匹林可以退烧，但它会刺激胃黏膜。',
    claims: [
      ['阿司匹林可以退烧', '阿司匹林可以退烧。'],
      ['它会刺激胃黏膜。', '阿司匹林会刺激胃黏膜。'],
    ],
  },
  {
    name: '共享主语的动词短语',
    answer: '运动可以降低血压，改善心肺功能，还可以减轻体重。',
    claims: [
      ['运动可以降低血压', '运动可以降低血压。'],
      ['改善心肺功能', '运动可以改善心肺功能。'],
      ['还可以减轻体重。', '运动还可以减轻体重。'],
    ],
  },
  {
    name: '"并且"后共享主语和情态词',
    answer: '高血压患者应减少盐的摄入，并且规律运动。',
    claims: [
      ['高血压患者应减少盐的摄入', '高血压患者应减少盐的摄入。'],
      ['规律运动。', '高血压患者应规律运动。'],
    ],
  },
  {
    name: '代词主语的动词短语',
    answer: '它是最常见的糖尿病类型，约占所有糖尿病病例的90%。',
    claims: [
      ['它是最常见的糖尿病类型', '它是最常见的糖尿病类型。'],
      ['约占所有糖尿病病例的90%。', '它约占所有糖尿病病例的90%。'],
    ],
  },
  {
    name: '共享中心语"患者"',
    answer: '糖尿病和高血压患者应定期检查肾功能。',
    claims: [
      ['糖尿病', '糖尿病患者应定期检查肾功能。'],
      ['高血压患者', '高血压患者应定期检查肾功能。'],
    ],
  },
  {
    name: '括号里的"如"不是列举的开始',
    answer: 'ACE抑制剂（如依那普利）和ARB类药物可以保护肾脏。',
    claims: [
      ['ACE抑制剂（如依那普利）', 'ACE抑制剂（如依那普利）可以保护肾脏。'],
      ['ARB类药物', 'ARB类药物可以保护肾脏。'],
    ],
  },
  {
    name: '"等"不进入列举项',
    answer: '多吃蔬菜、水果和全谷物等。',
    claims: [
      ['蔬菜', '多吃蔬菜。'],
      ['水果', '多吃水果。'],
      ['全谷物', '多吃全谷物。'],
    ],
  },
];

/** Chinese sentences kept as one claim. */
export const ZH_KEEP_WHOLE: string[] = [
  '中华人民共和国卫生部发布了新的指南。',
  '吸烟与肺癌有关。',
  '如果血压持续升高，可能会导致心脏病。',
  '长期饮酒会损伤肝脏，甚至导致肝硬化。',
  '维生素D有助于钙的吸收。',
  '高血压（hypertension）是指血压持续高于140/90 mmHg。',
];

/** Answers with no claim at all. */
export const NON_CLAIMS: string[] = [
  'Hello! Great question.',
  "Thank you for your question. I'm happy to help.",
  'I hope this helps!',
  'I am not a doctor.',
  "I'm not a medical professional, so please take this as general information.",
  'This is not medical advice.',
  'This information is for informational purposes only.',
  'It is not a substitute for professional medical advice, diagnosis, or treatment.',
  'Please consult your healthcare provider for personalized advice.',
  'See a doctor if your symptoms get worse.',
  'If you experience chest pain, call 911 immediately.',
  'It is important to talk to your doctor before starting any new medication.',
  'Seek immediate medical attention if you have trouble breathing.',
  'What causes type 2 diabetes?',
  'Is it safe to take ibuprofen with alcohol?',
  'Can diabetes be cured',
  'Overview',
  'Key facts',
  'Metformin.',
  'Let me know if you have any other questions.',
  'Here is an overview of the main treatment options:',
  '您好！',
  '感谢您的提问。',
  '希望对您有帮助！',
  '以上内容仅供参考。',
  '请咨询医生。',
  '建议及时就医。',
  '在医生指导下使用胰岛素。',
  '什么是高血压？',
  '高血压的定义',
  '祝您早日康复！',
];

/**
 * Known failures: what the splitter should give but does not yet. They run
 * with `it.fails`, so a fix shows up as a failing test asking to move the
 * case into the tables above.
 */
export const KNOWN_FAILURES: ClaimCase[] = [
  {
    name: 'only one list per clause is distributed',
    answer: 'Diet and exercise improve insulin sensitivity and blood pressure.',
    claims: [
      ['Diet', 'Diet improves insulin sensitivity.'],
      ['exercise', 'Exercise improves insulin sensitivity.'],
      ['blood pressure', 'Diet and exercise improve blood pressure.'],
    ],
  },
  {
    name: 'a shared head noun after non-adjective modifiers',
    answer: 'Variations of the ATG16L1 and NOD2 genes increase the risk of Crohn disease.',
    claims: [
      ['ATG16L1', 'Variations of the ATG16L1 gene increase the risk of Crohn disease.'],
      ['NOD2 genes', 'Variations of the NOD2 gene increase the risk of Crohn disease.'],
    ],
  },
  {
    name: 'past tense after a singular subject is not recognised as the verb',
    answer: 'Metformin reduced glucose and improved lipids in the trial.',
    claims: [
      ['Metformin reduced glucose', 'Metformin reduced glucose.'],
      ['improved lipids in the trial.', 'Metformin improved lipids in the trial.'],
    ],
  },
  {
    name: 'the first of a determiner-led list attaches to "of" although the items are parallel',
    answer: 'Major family events include the birth of a sibling, a death, or divorce.',
    claims: [
      ['the birth of a sibling', 'Major family events include the birth of a sibling.'],
      ['a death', 'Major family events include a death.'],
      ['divorce', 'Major family events include divorce.'],
    ],
  },
];
