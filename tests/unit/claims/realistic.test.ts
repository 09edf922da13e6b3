// Whole answers of the kind a medical LLM writes: headings, lists, a table,
// a greeting, a disclaimer and "see your doctor" lines. Every claim is listed
// with its highlighted span; everything else must be left out.
import { describe, expect, it } from 'vitest';
import { splitClaims } from '../../../src/core/claims/index.ts';
import { expectValidSpans, pairs } from './helpers.ts';

const HYPERTENSION_EN = [
  "Great question! Hypertension (high blood pressure) is one of the most common chronic conditions worldwide.",
  "",
  "## What is hypertension?",
  "",
  "Hypertension is diagnosed when blood pressure is consistently 130/80 mmHg or higher. It often causes no symptoms, which is why it is called the \"silent killer.\"",
  "",
  "## Risk factors",
  "",
  "The main risk factors are:",
  "",
  "- Older age",
  "- Obesity and physical inactivity",
  "- A diet high in salt",
  "- Family history of hypertension",
  "",
  "## Complications",
  "",
  "Untreated hypertension damages the arteries and increases the risk of heart attack, stroke, and kidney disease. It can also lead to vision loss.",
  "",
  "## Treatment",
  "",
  "1. **Lifestyle changes:** Reducing salt intake and exercising regularly lower blood pressure.",
  "2. **Medications:** ACE inhibitors, calcium channel blockers, and thiazide diuretics are common first-line drugs.",
  "",
  "Most people need more than one medication to reach their target, but treatment works well when it is taken consistently.",
  "",
  "*This information is for educational purposes only and is not a substitute for professional medical advice.* Please see your doctor to check your blood pressure regularly. I hope this helps!",
  "",
].join('\n');

const DIABETES_EN_WITH_REASONING = [
  "<think>",
  "The user asks about type 2 diabetes. Metformin is the first-line drug. I should mention lifestyle.",
  "</think>",
  "",
  "Great question! Here's an overview of **type 2 diabetes**.",
  "",
  "## What is type 2 diabetes?",
  "",
  "Type 2 diabetes is a chronic condition in which the body does not use insulin properly. It is the most common form of diabetes, accounting for about 90% of cases.",
  "",
  "### Common symptoms",
  "",
  "Common symptoms include:",
  "- Increased thirst and frequent urination",
  "- **Blurred vision**",
  "- Fatigue",
  "- Slow-healing sores",
  "",
  "### Risk factors",
  "* Obesity",
  "* Physical inactivity",
  "* Family history of diabetes",
  "",
  "### Treatment",
  "",
  "1. **Lifestyle changes:** A healthy diet and regular exercise improve insulin sensitivity.",
  "2. **Metformin** is usually the first medication prescribed; it lowers glucose production in the liver.",
  "3. Other drugs, such as [SGLT2 inhibitors](https://example.org/sglt2) and GLP-1 receptor agonists, may be added.",
  "",
  "| Drug | Main effect |",
  "|------|-------------|",
  "| Metformin | Lowers liver glucose output |",
  "| Insulin | Replaces missing insulin |",
  "",
  "```python",
  "print(\"not a claim\")",
  "```",
  "",
  "> Uncontrolled diabetes damages blood vessels in the eyes and kidneys.",
  "",
  "*Disclaimer: This information is for educational purposes only and is not a substitute for professional medical advice.* If you notice symptoms, see your doctor promptly. I hope this helps!",
  "",
].join('\n');

const DIABETES_ZH = [
  "您好！关于2型糖尿病，以下是一些基本信息：",
  "",
  "## 什么是2型糖尿病？",
  "",
  "2型糖尿病是一种慢性代谢性疾病，主要特征是胰岛素抵抗和胰岛素分泌相对不足。它是最常见的糖尿病类型，约占所有糖尿病病例的90%。",
  "",
  "## 常见症状",
  "",
  "常见症状包括：",
  "- 多饮、多尿和多食",
  "- 体重下降",
  "- 视力模糊",
  "",
  "## 治疗",
  "",
  "1. **生活方式干预**：合理饮食和规律运动可以改善胰岛素敏感性。",
  "2. 二甲双胍是首选的口服降糖药，它可以减少肝脏葡萄糖的输出，还能减轻体重。",
  "3. 长期高血糖会损害血管和神经；如果血糖控制不好，可能会出现并发症。",
  "",
  "高血压是一种常见的慢性病，它会增加心脏病和中风的风险。肥胖、缺乏运动和遗传因素都会增加患病风险。",
  "",
  "以上信息仅供参考，不能替代医生的诊断。如有不适，请及时就医。希望对您有帮助！",
  "",
].join('\n');

describe('a realistic English answer about hypertension', () => {
  it('gives these claims and nothing from the greeting, disclaimer or advice lines', () => {
    expect(pairs(HYPERTENSION_EN)).toEqual([
      ["Hypertension (high blood pressure) is one of the most common chronic conditions worldwide.", "Hypertension (high blood pressure) is one of the most common chronic conditions worldwide."],
      ["Hypertension is diagnosed when blood pressure is consistently 130/80 mmHg or higher.", "Hypertension is diagnosed when blood pressure is consistently 130/80 mmHg or higher."],
      ["It often causes no symptoms, which is why it is called the \"silent killer.\"", "Hypertension often causes no symptoms, which is why it is called the \"silent killer.\""],
      ["Older age", "The main risk factors are older age"],
      ["Obesity", "The main risk factors are obesity"],
      ["physical inactivity", "The main risk factors are physical inactivity"],
      ["A diet high in salt", "The main risk factors are a diet high in salt"],
      ["Family history of hypertension", "The main risk factors are family history of hypertension"],
      ["Untreated hypertension damages the arteries", "Untreated hypertension damages the arteries."],
      ["heart attack", "Untreated hypertension increases the risk of heart attack."],
      ["stroke", "Untreated hypertension increases the risk of stroke."],
      ["kidney disease", "Untreated hypertension increases the risk of kidney disease."],
      ["It can also lead to vision loss.", "It can also lead to vision loss."],
      ["Reducing salt intake", "Lifestyle changes: Reducing salt intake lowers blood pressure."],
      ["exercising regularly", "Lifestyle changes: exercising regularly lowers blood pressure."],
      ["ACE inhibitors", "Medications: ACE inhibitors are common first-line drugs."],
      ["calcium channel blockers", "Medications: calcium channel blockers are common first-line drugs."],
      ["thiazide diuretics", "Medications: thiazide diuretics are common first-line drugs."],
      ["Most people need more than one medication to reach their target", "Most people need more than one medication to reach their target."],
      ["treatment works well when it is taken consistently.", "Treatment works well when it is taken consistently."],
    ]);
  });
});

describe('a realistic English answer about type 2 diabetes with <think> reasoning', () => {
  it('checks only the answer by default: lists, lead-ins, headings, a table, a blockquote; no code', () => {
    expect(pairs(DIABETES_EN_WITH_REASONING)).toEqual([
      ["Type 2 diabetes is a chronic condition in which the body does not use insulin properly.", "Type 2 diabetes is a chronic condition in which the body does not use insulin properly."],
      ["It is the most common form of diabetes, accounting for about 90% of cases.", "Type 2 diabetes is the most common form of diabetes, accounting for about 90% of cases."],
      ["Increased thirst", "Common symptoms include increased thirst"],
      ["frequent urination", "Common symptoms include frequent urination"],
      ["Blurred vision", "Common symptoms include blurred vision"],
      ["Fatigue", "Common symptoms include fatigue"],
      ["Slow-healing sores", "Common symptoms include slow-healing sores"],
      ["Obesity", "Risk factors: Obesity"],
      ["Physical inactivity", "Risk factors: Physical inactivity"],
      ["Family history of diabetes", "Risk factors: Family history of diabetes"],
      ["A healthy diet", "Lifestyle changes: A healthy diet improves insulin sensitivity."],
      ["regular exercise", "Lifestyle changes: regular exercise improves insulin sensitivity."],
      ["Metformin** is usually the first medication prescribed", "Metformin is usually the first medication prescribed."],
      ["it lowers glucose production in the liver.", "Metformin lowers glucose production in the liver."],
      ["SGLT2 inhibitors", "Other drugs, such as SGLT2 inhibitors, may be added."],
      ["GLP-1 receptor agonists", "Other drugs, such as GLP-1 receptor agonists, may be added."],
      ["Metformin | Lowers liver glucose output", "Metformin — main effect: Lowers liver glucose output"],
      ["Insulin | Replaces missing insulin", "Insulin — main effect: Replaces missing insulin"],
      ["the eyes", "Uncontrolled diabetes damages blood vessels in the eyes."],
      ["kidneys", "Uncontrolled diabetes damages blood vessels in the kidneys."],
    ]);
  });

  it('adds the reasoning claims first when asked', () => {
    const claims = splitClaims(DIABETES_EN_WITH_REASONING, { checkReasoning: true });
    expectValidSpans(DIABETES_EN_WITH_REASONING, claims);
    expect(claims.filter((c) => c.part === 'reasoning').map((c) => c.text)).toEqual(["The user asks about type 2 diabetes.", "Metformin is the first-line drug.", "I should mention lifestyle."]);
    expect(claims.filter((c) => c.part === 'answer')).toHaveLength(20);
  });
});

describe('a realistic Chinese answer about type 2 diabetes', () => {
  it('gives these claims and nothing from 您好, 仅供参考, 请及时就医 or 希望对您有帮助', () => {
    expect(pairs(DIABETES_ZH)).toEqual([
      ["2型糖尿病是一种慢性代谢性疾病", "2型糖尿病是一种慢性代谢性疾病。"],
      ["胰岛素抵抗", "2型糖尿病主要特征是胰岛素抵抗。"],
      ["胰岛素分泌相对不足", "2型糖尿病主要特征是胰岛素分泌相对不足。"],
      ["它是最常见的糖尿病类型", "2型糖尿病是最常见的糖尿病类型。"],
      ["约占所有糖尿病病例的90%。", "2型糖尿病约占所有糖尿病病例的90%。"],
      ["多饮", "常见症状包括多饮"],
      ["多尿", "常见症状包括多尿"],
      ["多食", "常见症状包括多食"],
      ["体重下降", "常见症状包括体重下降"],
      ["视力模糊", "常见症状包括视力模糊"],
      ["合理饮食", "生活方式干预：合理饮食可以改善胰岛素敏感性。"],
      ["规律运动", "生活方式干预：规律运动可以改善胰岛素敏感性。"],
      ["二甲双胍是首选的口服降糖药", "二甲双胍是首选的口服降糖药。"],
      ["它可以减少肝脏葡萄糖的输出", "二甲双胍可以减少肝脏葡萄糖的输出。"],
      ["还能减轻体重。", "二甲双胍还能减轻体重。"],
      ["血管", "长期高血糖会损害血管。"],
      ["神经", "长期高血糖会损害神经。"],
      ["如果血糖控制不好，可能会出现并发症。", "如果血糖控制不好，可能会出现并发症。"],
      ["高血压是一种常见的慢性病", "高血压是一种常见的慢性病。"],
      ["心脏病", "高血压会增加心脏病的风险。"],
      ["中风", "高血压会增加中风的风险。"],
      ["肥胖", "肥胖会增加患病风险。"],
      ["缺乏运动", "缺乏运动会增加患病风险。"],
      ["遗传因素", "遗传因素会增加患病风险。"],
    ]);
  });
});

const IBUPROFEN_LISINOPRIL_EN = [
  "Taking ibuprofen with lisinopril is generally not recommended for regular use. Here's why:",
  "",
  "1. **Reduced effectiveness**: NSAIDs like ibuprofen can blunt the blood-pressure-lowering effect of ACE inhibitors.",
  "2. **Kidney risk**: The combination can reduce blood flow to the kidneys, especially in older adults or people who are dehydrated.",
  "   - Signs of kidney problems include decreased urination and swelling in the legs.",
  "3. **High potassium**: Both drugs can raise potassium levels.",
  "",
  "**Safer alternatives** for occasional pain:",
  "- Acetaminophen (Tylenol), which does not raise blood pressure",
  "- Topical NSAIDs, such as diclofenac gel",
  "",
  "If you must take ibuprofen, use the lowest dose for the shortest time and monitor your blood pressure. Always check with your pharmacist or doctor before combining medications.",
  "",
].join('\n');

describe('a realistic English answer about a drug interaction (nested bullets, bold labels)', () => {
  it('gives these claims; "Here\'s why:" and "Always check with your pharmacist" are left out', () => {
    expect(pairs(IBUPROFEN_LISINOPRIL_EN)).toEqual([
      ["Taking ibuprofen with lisinopril is generally not recommended for regular use.", "Taking ibuprofen with lisinopril is generally not recommended for regular use."],
      ["Reduced effectiveness**: NSAIDs like ibuprofen can blunt the blood-pressure-lowering effect of ACE inhibitors.", "Reduced effectiveness: NSAIDs like ibuprofen can blunt the blood-pressure-lowering effect of ACE inhibitors."],
      ["older adults", "Kidney risk: The combination can reduce blood flow to the kidneys, especially in older adults."],
      ["people", "Kidney risk: The combination can reduce blood flow to the kidneys, especially in people who are dehydrated."],
      ["decreased urination", "Signs of kidney problems include decreased urination."],
      ["swelling in the legs", "Signs of kidney problems include swelling in the legs."],
      ["High potassium**: Both drugs can raise potassium levels.", "High potassium: Both drugs can raise potassium levels."],
      ["Acetaminophen (Tylenol), which does not raise blood pressure", "Safer alternatives for occasional pain: Acetaminophen (Tylenol), which does not raise blood pressure"],
      ["Topical NSAIDs, such as diclofenac gel", "Safer alternatives for occasional pain: Topical NSAIDs, such as diclofenac gel"],
      ["If you must take ibuprofen, use the lowest dose for the shortest time and monitor your blood pressure.", "If you must take ibuprofen, use the lowest dose for the shortest time and monitor your blood pressure."],
    ]);
  });
});

const HYPERTENSION_ZH_TABLE = [
  "**高血压的常见类型**",
  "",
  "| 类型 | 特点 |",
  "|---|---|",
  "| 原发性高血压 | 约占90%以上，病因不明 |",
  "| 继发性高血压 | 由肾脏疾病、内分泌疾病等引起 |",
  "",
  "### 生活方式建议",
  "1. 低盐饮食：每天食盐摄入量应少于5克。",
  "2. 戒烟限酒，保持健康体重。",
  "3. 坚持有氧运动，如快走、游泳、骑自行车等。",
  "",
  "ACE抑制剂（如依那普利）和ARB类药物可以保护肾脏。Metformin is the first-line drug for type 2 diabetes.",
  "",
].join('\n');

describe('a realistic Chinese answer with a table, numbered advice and an English sentence', () => {
  it('reads table rows across, skips the bold heading, and splits 如快走、游泳、骑自行车', () => {
    expect(pairs(HYPERTENSION_ZH_TABLE)).toEqual([
      ["原发性高血压 | 约占90%以上，病因不明", "原发性高血压——特点：约占90%以上，病因不明"],
      ["继发性高血压 | 由肾脏疾病、内分泌疾病等引起", "继发性高血压——特点：由肾脏疾病、内分泌疾病等引起"],
      ["低盐饮食：每天食盐摄入量应少于5克。", "低盐饮食：每天食盐摄入量应少于5克。"],
      ["戒烟限酒，保持健康体重。", "戒烟限酒，保持健康体重。"],
      ["快走", "坚持有氧运动，如快走。"],
      ["游泳", "坚持有氧运动，如游泳。"],
      ["骑自行车", "坚持有氧运动，如骑自行车。"],
      ["ACE抑制剂（如依那普利）", "ACE抑制剂（如依那普利）可以保护肾脏。"],
      ["ARB类药物", "ARB类药物可以保护肾脏。"],
      ["Metformin is the first-line drug for type 2 diabetes.", "Metformin is the first-line drug for type 2 diabetes."],
    ]);
  });
});
