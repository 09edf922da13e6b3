// Measures the claim splitter's hand-written tagger (src/core/claims/tagger.ts
// + agreement.ts) against two maintained NLP libraries, compromise 14 and
// wink-nlp 2.4 with wink-eng-lite-web-model, on the project's claim case set
// (tests/unit/claims/cases.ts) and a set of agreement-repair sentences:
//   1. verb tagging: the first finite verb of each English case sentence;
//   2. agreement repair when a coordinated subject is distributed
//      ("Aspirin and ibuprofen are NSAIDs" → "Aspirin is an NSAID.");
//   3. time per sentence, load time, and bundle size (esbuild, minified, gzip).
// Usage: npx tsx scripts/measure-taggers.ts   (docs/claims.md has the figures)
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { ENGLISH_CASES, KEEP_WHOLE, KNOWN_FAILURES } from '../tests/unit/claims/cases.ts';
import { splitClaims } from '../src/core/claims/index.ts';
import { maskMarkdown } from '../src/core/claims/markdown.ts';
import { sentenceSpans } from '../src/core/text/sentences.ts';
import { firstFinite, isAdverb, plural, PLURAL_NOUNS, tokenize } from '../src/core/claims/tagger.ts';
import { SINGULAR_AUX, thirdPerson, verbForms } from '../src/core/claims/lexicon.ts';
import { indefiniteArticle, pluralComplement, singularNoun } from '../src/core/claims/agreement.ts';

// ── The case set ─────────────────────────────────────────────────────────

/** Every English sentence of the case table, markup masked as the splitter sees it. */
function caseSentences(): string[] {
  const answers = [...ENGLISH_CASES.map((c) => c.answer), ...KEEP_WHOLE, ...KNOWN_FAILURES.map((c) => c.answer)];
  const out: string[] = [];
  for (const a of answers) {
    const masked = maskMarkdown(a).masked;
    for (const [s, e] of sentenceSpans(masked)) out.push(masked.slice(s, e).replace(/\s+/g, ' ').trim());
  }
  return out;
}

/**
 * Gold first finite verb (surface order, any clause) of each case sentence.
 * Labelled by hand; sentences not listed here take the verb below.
 */
const VERB_GOLD: Record<string, string> = {
  'Symptoms include fever, cough, and fatigue.': 'include',
  'High blood pressure causes heart disease, and it also raises the risk of stroke.': 'causes',
  'Antibiotics treat bacterial infections, whereas antivirals treat viral infections.': 'treat',
  'Blood sugar rises after meals while insulin brings it back down.': 'rises',
  'Insulin lowers glucose, glucagon raises it, and cortisol raises it too.': 'lowers',
  'Diet and exercise help control blood sugar.': 'help',
  'Obesity, physical inactivity, and a family history of diabetes increase the risk of type 2 diabetes.': 'increase',
  'Smoking and alcohol use increase the risk of cancer.': 'increase',
  'Statins lower LDL cholesterol and reduce the risk of heart attack.': 'lower',
  'Nutrition plays a role in causing or preventing urinary retention.': 'plays',
  'The virus spreads quickly, causing fever and chills.': 'spreads',
  'A variety of genetic and environmental factors likely play a role in causing Crohn disease.': 'play',
  'A healthy diet includes fruits and vegetables, and regular exercise strengthens the heart.': 'includes',
  'Metformin: lowers blood sugar by reducing glucose production in the liver.': 'lowers',
  'CIDP causes progressive weakness and impaired sensory function in the legs and arms.': 'causes',
  'Events that cause anxiety include physical or sexual abuse; unfamiliar social situations; and major family events.': 'cause',
  'Eat foods that contain vitamin D, such as eggs, liver, and certain kinds of fish, such as salmon.': 'eat',
  'Kidney failure causes harmful waste and excess fluid to build up in your body.': 'causes',
  'The drug, approved in 2019, reduces pain and swelling by 30%.': 'reduces',
  'Patients lost weight and improved their blood sugar.': 'lost',
  'Ask e.g. Dr. Smith about it, etc.': 'ask',
  'The Department of Health and Human Services issued new guidance.': 'issued',
  'The Centers for Disease Control and Prevention recommends annual flu vaccination.': 'recommends',
  'The balance between sodium and potassium matters for blood pressure.': 'matters',
  'The ratio of HDL and LDL cholesterol predicts heart disease risk.': 'predicts',
  'Research and development of new drugs takes years.': 'takes',
  'Type 1 and type 2 diabetes differ in their causes.': 'differ',
  'Sodium and potassium work together to regulate blood pressure.': 'work',
  'Doctors diagnose diabetes with an A1C of 6.5% or higher.': 'diagnose',
  'Insulin helps cells absorb glucose from the blood.': 'helps',
  "If you're Rh-negative and the father of your baby is Rh-positive, the baby may have Rh-positive blood.": 'are',
  'People with diabetes have high blood glucose, also called high blood sugar or hyperglycemia.': 'have',
  'Changes occur in the tubules, or tiny tubes, inside the kidneys.': 'occur',
  'The animation shows how a clot can break off, travel to the lungs, and block blood flow.': 'shows',
  'Scientists continue to look at new ways to prevent, treat, and diagnose prostate cancer.': 'continue',
  'These brochures outline the causes and treatments of the condition.': 'outline',
  'Studies suggest that Crohn disease may result from a combination of genetic variations, changes in the immune system, and bacteria in the digestive tract.': 'suggest',
  'Diet and exercise improve insulin sensitivity and blood pressure.': 'improve',
  'Variations of the ATG16L1 and NOD2 genes increase the risk of Crohn disease.': 'increase',
  'Metformin reduced glucose and improved lipids in the trial.': 'reduced',
  'Major family events include the birth of a sibling, a death, or divorce.': 'include',
  'Other symptoms include snoring, frequent ear and sinus infections, sore throat, and daytime drowsiness.': 'include',
  'Symptoms include fever and a rash that spreads quickly.': 'include',
  'Risk factors include smoking, being overweight, and lacking exercise.': 'include',
  'Aspirin reduces fever, but it can irritate the stomach.': 'reduces',
  'Metformin lowers blood sugar and reduces weight.': 'lowers',
  'Metformin lowers glucose, reduces weight, and improves lipids.': 'lowers',
  'It increases the risk of heart disease and stroke.': 'increases',
  'It causes dry and itchy skin.': 'causes',
};

/** Words every sentence not in VERB_GOLD opens its predicate with (checked by hand: is/are/can/may/…). */
function goldVerb(sentence: string): string | null {
  if (VERB_GOLD[sentence]) return VERB_GOLD[sentence];
  const m = /\b(is|are|was|were|can|may|should|does|will)\b/i.exec(sentence);
  return m ? m[1].toLowerCase() : null;
}

interface AgreementCase {
  head: string;
  items: string[];
  predicate: string;
  gold: string[];
}

/** Subject lists from the case table plus sentences written for this measurement. */
const AGREEMENT: AgreementCase[] = [
  // from tests/unit/claims/cases.ts
  { head: '', items: ['Diet', 'exercise'], predicate: 'help control blood sugar.', gold: ['Diet helps control blood sugar.', 'Exercise helps control blood sugar.'] },
  { head: '', items: ['Obesity', 'physical inactivity', 'a family history of diabetes'], predicate: 'increase the risk of type 2 diabetes.', gold: ['Obesity increases the risk of type 2 diabetes.', 'Physical inactivity increases the risk of type 2 diabetes.', 'A family history of diabetes increases the risk of type 2 diabetes.'] },
  { head: '', items: ['Vitamin D', 'calcium'], predicate: 'are important for bone health.', gold: ['Vitamin D is important for bone health.', 'Calcium is important for bone health.'] },
  { head: '', items: ['Aspirin', 'ibuprofen'], predicate: 'are NSAIDs.', gold: ['Aspirin is an NSAID.', 'Ibuprofen is an NSAID.'] },
  { head: '', items: ['Metformin', 'sulfonylureas'], predicate: 'are oral diabetes medications.', gold: ['Metformin is an oral diabetes medication.', 'Sulfonylureas are oral diabetes medications.'] },
  { head: '', items: ['Heart disease', 'stroke'], predicate: 'are also leading causes of death.', gold: ['Heart disease is also a leading cause of death.', 'Stroke is also a leading cause of death.'] },
  { head: '', items: ['HIV', 'hepatitis B'], predicate: 'are viruses.', gold: ['HIV is a virus.', 'Hepatitis B is a virus.'] },
  { head: '', items: ['Fruits', 'vegetables'], predicate: 'are healthy.', gold: ['Fruits are healthy.', 'Vegetables are healthy.'] },
  { head: '', items: ['men', 'women'], predicate: 'can develop osteoporosis.', gold: ['Men can develop osteoporosis.', 'Women can develop osteoporosis.'] },
  { head: 'In adults,', items: ['fever', 'cough'], predicate: 'are common.', gold: ['In adults, fever is common.', 'In adults, cough is common.'] },
  { head: '', items: ['Smoking', 'alcohol use'], predicate: 'increase the risk of cancer.', gold: ['Smoking increases the risk of cancer.', 'Alcohol use increases the risk of cancer.'] },
  { head: '', items: ['Loss of appetite', 'weight loss'], predicate: 'are common.', gold: ['Loss of appetite is common.', 'Weight loss is common.'] },
  { head: 'Simple blood tests can show whether', items: ['you', 'the father of your baby'], predicate: 'are Rh-positive.', gold: ['Simple blood tests can show whether you are Rh-positive.', 'Simple blood tests can show whether the father of your baby is Rh-positive.'] },
  // written for this measurement
  { head: '', items: ['Penicillin', 'amoxicillin'], predicate: 'are antibiotics.', gold: ['Penicillin is an antibiotic.', 'Amoxicillin is an antibiotic.'] },
  { head: '', items: ['Ibuprofen', 'naproxen'], predicate: 'are over-the-counter pain relievers.', gold: ['Ibuprofen is an over-the-counter pain reliever.', 'Naproxen is an over-the-counter pain reliever.'] },
  { head: '', items: ['Chlamydia', 'gonorrhea'], predicate: 'are sexually transmitted infections.', gold: ['Chlamydia is a sexually transmitted infection.', 'Gonorrhea is a sexually transmitted infection.'] },
  { head: '', items: ['Obesity', 'smoking'], predicate: 'are risk factors for heart disease.', gold: ['Obesity is a risk factor for heart disease.', 'Smoking is a risk factor for heart disease.'] },
  { head: '', items: ['Diet', 'exercise'], predicate: 'are key parts of treatment.', gold: ['Diet is a key part of treatment.', 'Exercise is a key part of treatment.'] },
  { head: '', items: ['Fever', 'cough'], predicate: 'are symptoms of the flu.', gold: ['Fever is a symptom of the flu.', 'Cough is a symptom of the flu.'] },
  { head: '', items: ['Measles', 'mumps'], predicate: 'are viral infections.', gold: ['Measles is a viral infection.', 'Mumps is a viral infection.'] },
  { head: '', items: ['Asthma', 'COPD'], predicate: 'are chronic lung diseases.', gold: ['Asthma is a chronic lung disease.', 'COPD is a chronic lung disease.'] },
  { head: '', items: ['Insulin', 'glucagon'], predicate: 'are hormones made by the pancreas.', gold: ['Insulin is a hormone made by the pancreas.', 'Glucagon is a hormone made by the pancreas.'] },
  { head: '', items: ['Aspirin', 'warfarin'], predicate: 'are blood thinners.', gold: ['Aspirin is a blood thinner.', 'Warfarin is a blood thinner.'] },
  { head: '', items: ['Sleep', 'stress'], predicate: 'affect blood pressure.', gold: ['Sleep affects blood pressure.', 'Stress affects blood pressure.'] },
  { head: '', items: ['Salt', 'sugar'], predicate: 'are harmful in excess.', gold: ['Salt is harmful in excess.', 'Sugar is harmful in excess.'] },
  { head: '', items: ['Statins', 'aspirin'], predicate: 'are commonly used drugs.', gold: ['Statins are commonly used drugs.', 'Aspirin is a commonly used drug.'] },
  { head: '', items: ['Vitamin C', 'zinc'], predicate: 'are nutrients that support immunity.', gold: ['Vitamin C is a nutrient that supports immunity.', 'Zinc is a nutrient that supports immunity.'] },
  { head: '', items: ['Tuberculosis', 'malaria'], predicate: 'are infectious diseases.', gold: ['Tuberculosis is an infectious disease.', 'Malaria is an infectious disease.'] },
  { head: '', items: ['Nausea', 'diarrhea'], predicate: 'are side effects of metformin.', gold: ['Nausea is a side effect of metformin.', 'Diarrhea is a side effect of metformin.'] },
  { head: '', items: ['Aspirin', 'ibuprofen'], predicate: 'reduce fever.', gold: ['Aspirin reduces fever.', 'Ibuprofen reduces fever.'] },
  { head: '', items: ['Heart attacks', 'strokes'], predicate: 'are emergencies.', gold: ['Heart attacks are emergencies.', 'Strokes are emergencies.'] },
  { head: '', items: ['Rest', 'fluids'], predicate: 'are usually enough.', gold: ['Rest is usually enough.', 'Fluids are usually enough.'] },
  { head: '', items: ['Obesity', 'inactivity'], predicate: 'raise blood pressure.', gold: ['Obesity raises blood pressure.', 'Inactivity raises blood pressure.'] },
  { head: '', items: ['Ginger', 'peppermint'], predicate: 'are home remedies for nausea.', gold: ['Ginger is a home remedy for nausea.', 'Peppermint is a home remedy for nausea.'] },
  { head: '', items: ['Zinc', 'vitamin C'], predicate: 'are also antioxidants.', gold: ['Zinc is also an antioxidant.', 'Vitamin C is also an antioxidant.'] },
  { head: '', items: ['Gout', 'arthritis'], predicate: 'cause joint pain.', gold: ['Gout causes joint pain.', 'Arthritis causes joint pain.'] },
  { head: '', items: ['Lupus', 'psoriasis'], predicate: 'are autoimmune diseases.', gold: ['Lupus is an autoimmune disease.', 'Psoriasis is an autoimmune disease.'] },
  { head: '', items: ['Ultrasound', 'MRI'], predicate: 'are imaging tests.', gold: ['Ultrasound is an imaging test.', 'MRI is an imaging test.'] },
  { head: '', items: ['Fiber', 'water'], predicate: 'prevent constipation.', gold: ['Fiber prevents constipation.', 'Water prevents constipation.'] },
  { head: '', items: ['Metformin', 'insulin'], predicate: 'are diabetes therapies.', gold: ['Metformin is a diabetes therapy.', 'Insulin is a diabetes therapy.'] },
  { head: '', items: ['Cirrhosis', 'hepatitis'], predicate: 'are liver diseases.', gold: ['Cirrhosis is a liver disease.', 'Hepatitis is a liver disease.'] },
  { head: '', items: ['Bacteria', 'viruses'], predicate: 'cause infections.', gold: ['Bacteria cause infections.', 'Viruses cause infections.'] },
];

/** Plural nouns of medical text and their singular (inflection alone, no context). */
const NOUNS: [string, string][] = (
  'nsaids:nsaid antibiotics:antibiotic viruses:virus relievers:reliever treatments:treatment parts:part ' +
  'factors:factor diseases:disease infections:infection hormones:hormone thinners:thinner causes:cause ' +
  'effects:effect symptoms:symptom medications:medication nutrients:nutrient analyses:analysis ' +
  'diagnoses:diagnosis bacteria:bacterium criteria:criterion teeth:tooth feet:foot remedies:remedy ' +
  'therapies:therapy allergies:allergy arteries:artery ovaries:ovary vertebrae:vertebra nuclei:nucleus ' +
  'fungi:fungus sinuses:sinus fetuses:fetus abscesses:abscess rashes:rash patches:patch doses:dose ' +
  'responses:response courses:course tomatoes:tomato leaves:leaf lives:life nerves:nerve valves:valve ' +
  'kidneys:kidney stomachs:stomach metastases:metastasis ssris:ssri inhibitors:inhibitor emboli:embolus ' +
  'thrombi:thrombus calves:calf mice:mouse women:woman children:child lenses:lens bronchi:bronchus ' +
  'appendices:appendix indices:index crises:crisis stenoses:stenosis alveoli:alveolus testes:testis ' +
  'menisci:meniscus stimuli:stimulus phenomena:phenomenon cortices:cortex matrices:matrix larvae:larva ' +
  'biopsies:biopsy x-rays:x-ray genes:gene enzymes:enzyme veins:vein lungs:lung bones:bone eyes:eye ' +
  'vaccines:vaccine pills:pill statins:statin beta-blockers:beta-blocker diuretics:diuretic cells:cell ' +
  'uses:use bruises:bruise hypotheses:hypothesis ulcers:ulcer polyps:polyp cysts:cyst clots:clot'
)
  .split(' ')
  .map((p) => p.split(':') as [string, string]);

// ── The three taggers behind one interface ───────────────────────────────

interface Tagger {
  name: string;
  /** The first finite verb of a sentence (lower case), or null. */
  firstVerb(sentence: string): string | null;
  /** "Aspirin" + "are NSAIDs." → "Aspirin is an NSAID." (the claim without head and capitalisation). */
  repair(item: string, predicate: string): string;
  /** Singular of a plural noun, without context. */
  singular(noun: string): string | null;
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const keepCase = (raw: string, s: string) => (/^[A-Z0-9-]{2,}s?$/.test(raw) ? s.toUpperCase() : /^\p{Lu}/u.test(raw) && !/^\p{Lu}/u.test(s) ? cap(s) : s);

const hand: Tagger = {
  name: 'hand-written (tagger.ts + agreement.ts)',
  firstVerb(s) {
    const T = tokenize(s);
    const f = firstFinite(T, 0, T.length);
    return f >= 0 ? T[f].w : null;
  },
  repair(item, predicate) {
    const last = item.split(/\s+/).pop()!.toLowerCase();
    if (plural(last) || PLURAL_NOUNS.has(last)) return `${item} ${predicate}`;
    const T = tokenize(predicate);
    let v = 0;
    while (v < T.length && isAdverb(T[v].w) && !verbForms(T[v].w)) v++;
    if (v >= T.length) return `${item} ${predicate}`;
    const w = T[v].w;
    const out = T.map((t) => predicate.slice(t.s, t.e));
    const vf = verbForms(w);
    if (SINGULAR_AUX[w]) out[v] = SINGULAR_AUX[w];
    else if (vf && vf.forms.has('base') && !vf.forms.has('third')) out[v] = thirdPerson(w);
    if (w === 'are' || w === 'were') {
      const pc = pluralComplement(T, v + 1, T.length);
      const noun = pc && singularNoun(out[pc.head]);
      if (pc && noun) {
        out[pc.head] = noun;
        out[pc.start] = `${indefiniteArticle(out[pc.start])} ${out[pc.start]}`;
        if (pc.verb !== undefined) out[pc.verb] = pc.verbSingular!;
      }
    }
    return `${item} ${join(predicate, T, out)}`;
  },
  singular: (w) => singularNoun(w),
};

/** Tokens back to text with their original spacing. */
function join(text: string, T: { s: number; e: number }[], words: string[]): string {
  let s = '';
  T.forEach((t, i) => {
    if (i > 0 && t.s > T[i - 1].e) s += ' ';
    s += words[i];
  });
  return s;
}

async function compromiseTagger(): Promise<Tagger> {
  const nlp = (await import('compromise')).default;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- compromise's internal world object is untyped
  const world = (nlp as unknown as { world(): any }).world();
  const toSingular = (w: string): string => world.methods.two.transform.noun.toSingular(w, world.model);
  type Term = { text: string; normal: string; tags: string[]; post: string; pre: string };
  const terms = (s: string): Term[] => (nlp(s).json() as { terms: Term[] }[]).flatMap((x) => x.terms);
  return {
    name: 'compromise 14.20',
    firstVerb(s) {
      const ts = terms(s);
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i];
        if (!t.tags.includes('Verb') || t.tags.includes('Gerund')) continue;
        if (i > 0 && ts[i - 1].normal === 'to') continue;
        return t.normal.replace(/[^\p{L}'’]/gu, '');
      }
      return null;
    },
    repair(item, predicate) {
      const all = terms(`${item} ${predicate}`);
      const n = terms(item).length;
      const subj = all.slice(0, n);
      const pred = all.slice(n);
      const head = subj[subj.length - 1];
      if (head.tags.includes('Plural') || /^(you|we|they)$/.test(head.normal)) return `${item} ${predicate}`;
      const words = pred.map((t) => t.text);
      const v = pred.findIndex((t) => t.tags.includes('Verb'));
      if (v < 0) return `${item} ${predicate}`;
      const vt = pred[v];
      if (!vt.tags.includes('Modal') && !vt.tags.includes('PastTense') && !vt.tags.includes('Participle')) {
        const conj = (nlp(vt.normal).verbs().conjugate() as Record<string, string>[])[0];
        if (conj?.PresentTense) words[v] = conj.PresentTense;
      }
      if (vt.tags.includes('Copula') && /^(are|were)$/.test(vt.normal)) {
        let a = v + 1;
        while (a < pred.length && pred[a].tags.includes('Adverb') && !pred[a].tags.includes('Adjective') && /^(also|often|usually|generally|typically|still|sometimes|always|mostly|mainly)$/.test(pred[a].normal)) a++;
        let b = a;
        while (b < pred.length && !pred[b].tags.some((t) => t === 'Preposition' || t === 'Conjunction' || t === 'Determiner' || t === 'Pronoun')) {
          // same frame as the hand-written repair: a participle after the plural noun ends it
          if (b > a && pred[b].tags.includes('Verb') && pred[b - 1].tags.includes('Plural')) break;
          b++;
          if (/[,.;:!?]/.test(pred[b - 1].post)) break;
        }
        const hd = pred[b - 1];
        if (b > a && hd && hd.tags.includes('Noun') && hd.tags.includes('Plural')) {
          const raw = hd.text;
          words[b - 1] = keepCase(raw, toSingular(hd.normal));
          words[a] = `${indefiniteArticle(words[a])} ${words[a]}`;
          // relative clause verb agrees too
          const rv = pred[b + 1];
          if (pred[b] && /^(that|which|who)$/.test(pred[b].normal) && rv && rv.tags.includes('Verb') && !rv.tags.includes('Modal')) {
            const conj = (nlp(rv.normal).verbs().conjugate() as Record<string, string>[])[0];
            if (conj?.PresentTense) words[b + 1] = conj.PresentTense;
          }
        }
      }
      return `${item} ${pred.map((t, i) => t.pre + words[i] + t.post).join('').trim()}`;
    },
    singular: (w) => toSingular(w),
  };
}

async function winkTagger(): Promise<Tagger> {
  const winkNLP = (await import('wink-nlp')).default;
  const model = (await import('wink-eng-lite-web-model')).default;
  const nlp = winkNLP(model);
  // wink-nlp's types want the model addons passed to `its.pos`/`its.lemma`: read them untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see the line above
  const its = nlp.its as any;
  type Tk = { text: string; pos: string; lemma: string; pre: string };
  const toks = (s: string): Tk[] => {
    const d = nlp.readDoc(s).tokens();
    const text = d.out() as string[];
    const pos = d.out(its.pos) as string[];
    const lemma = d.out(its.lemma) as string[];
    const pre = d.out(its.precedingSpaces) as string[];
    return text.map((t, i) => ({ text: t, pos: pos[i], lemma: lemma[i], pre: pre[i] }));
  };
  return {
    name: 'wink-nlp 2.4 + eng-lite-web-model 1.8.1',
    firstVerb(s) {
      const ts = toks(s);
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i];
        if (t.pos !== 'VERB' && t.pos !== 'AUX') continue;
        if (/ing$/i.test(t.text) && !(i > 0 && ts[i - 1].pos === 'AUX')) continue;
        if (i > 0 && ts[i - 1].text.toLowerCase() === 'to') continue;
        return t.text.toLowerCase().replace(/^['’]re$/, 'are');
      }
      return null;
    },
    repair(item, predicate) {
      const all = toks(`${item} ${predicate}`);
      const n = toks(item).length;
      const subj = all.slice(0, n);
      const pred = all.slice(n);
      const head = subj[subj.length - 1];
      const hl = head.text.toLowerCase();
      if ((head.pos === 'NOUN' || head.pos === 'PROPN') && head.lemma !== hl && /s$/.test(hl)) return `${item} ${predicate}`;
      if (/^(you|we|they)$/.test(hl)) return `${item} ${predicate}`;
      const words = pred.map((t) => t.text);
      const v = pred.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX');
      if (v < 0) return `${item} ${predicate}`;
      const vt = pred[v];
      const vl = vt.text.toLowerCase();
      // wink has lemmas but no inflection: the verb is inflected from its lemma by hand.
      if (vl === 'are') words[v] = 'is';
      else if (vl === 'were') words[v] = 'was';
      else if (vt.pos === 'VERB' && vt.lemma === vl) words[v] = thirdPerson(vt.lemma);
      if (vl === 'are' || vl === 'were') {
        let a = v + 1;
        while (a < pred.length && /^(also|often|usually|generally|typically|still|sometimes|always|mostly|mainly)$/i.test(pred[a].text)) a++;
        let b = a;
        while (b < pred.length && !['ADP', 'CCONJ', 'SCONJ', 'PUNCT', 'DET', 'PRON'].includes(pred[b].pos)) {
          // same frame as the hand-written repair: a participle after the plural noun ends it
          if (b > a && pred[b].pos === 'VERB' && pred[b - 1].pos === 'NOUN') break;
          b++;
        }
        const hd = pred[b - 1];
        if (b > a && hd && (hd.pos === 'NOUN' || hd.pos === 'PROPN') && hd.lemma !== hd.text.toLowerCase()) {
          words[b - 1] = keepCase(hd.text, hd.lemma);
          words[a] = `${indefiniteArticle(words[a])} ${words[a]}`;
          const rv = pred[b + 1];
          if (pred[b] && /^(that|which|who)$/i.test(pred[b].text) && rv && rv.pos === 'VERB' && rv.lemma === rv.text.toLowerCase()) {
            words[b + 1] = thirdPerson(rv.lemma);
          }
        }
      }
      return `${item} ${pred.map((t, i) => (i > 0 ? t.pre : '') + words[i]).join('').trim()}`;
    },
    // wink has no inflector: the lemma of the noun in a minimal context
    singular: (w) => {
      const t = toks(`the ${w}`)[1];
      return t ? t.lemma : null;
    },
  };
}

// ── Measuring ────────────────────────────────────────────────────────────

/** Mean time of one call: the fastest of 5 batches (the machine is shared; the minimum is the least noisy). */
function timeIt(fn: () => void, rounds: number): number {
  fn(); // warm up
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const t = performance.now();
    for (let r = 0; r < rounds; r++) fn();
    best = Math.min(best, (performance.now() - t) / rounds);
  }
  return best;
}

async function bundle(contents: string): Promise<[number, number]> {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  const b = r.outputFiles[0].contents;
  return [b.length, gzipSync(b).length];
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

async function main(): Promise<void> {
  const sentences = caseSentences();
  const verbCases = sentences.map((s) => ({ s, gold: goldVerb(s) })).filter((c) => c.gold);
  const agreementClaims = AGREEMENT.reduce((n, c) => n + c.items.length, 0);

  const loadStart = performance.now();
  const cTagger = await compromiseTagger();
  const cLoad = performance.now() - loadStart;
  const wStart = performance.now();
  const wTagger = await winkTagger();
  const wLoad = performance.now() - wStart;

  const rows: string[][] = [];
  const misses: Record<string, string[]> = {};
  for (const [tagger, load, entry] of [
    [hand, 0, "export { splitClaims } from './src/core/claims/index.ts';"],
    [cTagger, cLoad, "import nlp from 'compromise'; globalThis.nlp = nlp;"],
    [wTagger, wLoad, "import w from 'wink-nlp'; import m from 'wink-eng-lite-web-model'; globalThis.nlp = w(m);"],
  ] as [Tagger, number, string][]) {
    const miss: string[] = [];
    let verbsRight = 0;
    for (const c of verbCases) {
      const got = tagger.firstVerb(c.s);
      const ok = got === c.gold || (c.gold === 'are' && got !== null && /['’]re$/.test(got));
      if (ok) verbsRight++;
      else miss.push(`verb  ${JSON.stringify(c.s)}: ${got} (gold ${c.gold})`);
    }
    let agreeRight = 0;
    for (const c of AGREEMENT) {
      c.items.forEach((item, i) => {
        const text = cap(`${c.head ? c.head + ' ' : ''}${tagger.repair(item, c.predicate)}`);
        if (text === c.gold[i]) agreeRight++;
        else miss.push(`agree ${JSON.stringify(text)} (gold ${JSON.stringify(c.gold[i])})`);
      });
    }
    let nounsRight = 0;
    for (const [pl, sg] of NOUNS) {
      const got = tagger.singular(pl)?.toLowerCase() ?? null;
      if (got === sg) nounsRight++;
      else miss.push(`noun  ${pl}: ${got} (gold ${sg})`);
    }
    misses[tagger.name] = miss;
    const perSentence = timeIt(() => {
      for (const c of verbCases) tagger.firstVerb(c.s);
    }, 10) / verbCases.length;
    const [min, gz] = await bundle(entry);
    rows.push([
      tagger.name,
      `${verbsRight}/${verbCases.length}`,
      `${agreeRight}/${agreementClaims}`,
      `${nounsRight}/${NOUNS.length}`,
      `${(perSentence * 1000).toFixed(0)} µs`,
      tagger === hand ? '–' : `${load.toFixed(0)} ms`,
      `${kb(min)} / ${kb(gz)}`,
    ]);
  }
  // compromise's smaller build (tokenizer + tagger + inflection, no verbs()/nouns() API)
  const [min2, gz2] = await bundle("import nlp from 'compromise/two'; globalThis.nlp = nlp;");

  const header = ['tagger', 'first verb right', 'agreement repair right', 'noun singular right', 'time / sentence', 'load', 'bundle (min / gzip)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\ncompromise/two (tagger and inflectors only): ${kb(min2)} / ${kb(gz2)} gzip`);
  console.log(`hand row bundle = the whole claim splitter (src/core/claims), not only its tagger`);

  // The splitter itself on the case answers (the figure that must stay ~1 ms per answer).
  const answers = [...ENGLISH_CASES, ...KNOWN_FAILURES].map((c) => c.answer);
  const long = answers.join('\n\n');
  const perAnswer = timeIt(() => {
    for (const a of answers) splitClaims(a);
  }, 20) / answers.length;
  const times: number[] = [];
  for (let r = 0; r < 50; r++) {
    const t = performance.now();
    splitClaims(long);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`\nsplitClaims: ${(perAnswer * 1000).toFixed(0)} µs per case answer; all ${answers.length} answers as one (${long.length} chars): p50 ${times[25].toFixed(2)} ms, p95 ${times[47].toFixed(2)} ms`);

  if (process.argv.includes('--misses')) {
    for (const [name, m] of Object.entries(misses)) {
      console.log(`\n${name}: ${m.length} misses`);
      for (const x of m) console.log(`  ${x}`);
    }
  }
}

await main();
