// What is not a claim: questions, greetings and sign-offs, disclaimers,
// advice to see a doctor, headings and verbless fragments. Each test returns
// a reason so that tests (and a debug view) can say why something was left
// out.
import { hasPredicate } from './tagger.ts';

export type NonClaimReason = 'question' | 'greeting' | 'disclaimer' | 'seek-care' | 'heading' | 'fragment';

// ── English ──────────────────────────────────────────────────────────────

const EN_QUESTION_START =
  /^(what|why|how|who|whom|whose|which|where|when)\b\s*(is|are|was|were|do|does|did|can|could|should|would|will|may|might|has|have|much|many|long|often|about|to|if|kind|type|types|causes|happens)\b|^(is|are|was|were|do|does|did|can|could|should|would|will|has|have|may|might|shall)\s+(i|you|it|this|that|there|they|we|he|she|my|your|his|her|our|their|these|those|people|someone|anyone|a|an|the)\b/;

const EN_GREETING: RegExp[] = [
  /^(hi|hello|hey|dear|greetings|good (morning|afternoon|evening)|welcome)\b/,
  /^(that'?s |this is |what |such )?(an? )?(great|good|excellent|interesting|important|thoughtful|fair|common|very good) question\b/,
  /^(thank you|thanks|many thanks)\b/,
  /\bi hope (this|that|these|the above|my (answer|response|explanation)|it|this information|the information)\b.{0,30}\b(helps?|helpful|useful|clarif\w*|answers?)\b/,
  /^(hope (this|that|it) helps|glad (i could|to) help)\b/,
  /^(please )?(let me know|feel free|don'?t hesitate|do not hesitate)\b/,
  /^(best|kind|warm|warmest) (regards|wishes)\b|^(take care|stay (safe|healthy|well)|wishing you|all the best|good luck|best of luck|be well)\b/,
  /^(sure|certainly|of course|absolutely|okay|ok|great)\b[!.,]*$/,
  /^(sure|certainly|of course|absolutely)[!.,]+\s*(here|i|let)\b/,
  /^(i('m| am)|i'?d be|i would be) (happy|glad|pleased) to\b/,
  /^(here('s| is| are)|below (is|are)|the following (is|are))\b.{0,80}\b(overview|summary|some|information|answer|explanation|breakdown|what you|key|guide|tips|points|facts|details|list)\b/,
  /^(let me|i will|i'll|allow me to) (explain|break|walk|provide|summarize|outline|give|go|clarify|help)\b/,
  /^(in summary|to summarize|in conclusion|in short|to sum up|summary|overview|key points|key takeaways)\s*[:,.]?$/,
];

const EN_DISCLAIMER: RegExp[] = [
  /\bi('m| am) not an? (doctor|physician|medical (professional|doctor|expert)|healthcare (provider|professional)|health care (provider|professional)|nurse|pharmacist|clinician|licensed)\b/,
  /\bnot (a substitute|intended (as|to be|to replace|to provide)|meant (as|to be|to replace)|to be (taken|used|considered) as|a replacement)\b.{0,60}\b(advice|diagnosis|care|consultation|professional|treatment|doctor)\b/,
  /\b(is|does|should) not (constitute |represent |serve as |be (taken|considered|used) as )?(personal(ized)? |professional |individual(ized)? )?(medical|professional|health) advice\b/,
  /\bnot (personal(ized)? |professional )?medical advice\b/,
  /\bfor (general )?(informational|educational|information|education) purposes\b/,
  /\bas an ai\b|\bi('m| am) an ai\b|\bai (language )?model\b|\blanguage model\b/,
  /\bi (cannot|can'?t|am unable to|'m unable to) (diagnose|provide (medical|a diagnosis|personal)|give (medical|personal)|offer medical|replace)\b/,
  /^disclaimer\b/,
];

const CARE_WHO =
  '(doctor|doctors|physician|physicians|healthcare|health care|health-care|medical (professional|provider|team|attention|care|help|advice)|provider|professional|pharmacist|specialist|gp|nurse|dietitian|dietician|endocrinologist|cardiologist|clinician|care team|health professional|emergency|dentist|therapist|care provider|medical)';
const EN_SEEK_CARE: RegExp[] = [
  new RegExp(
    '\\b(consult|consulting|talk(ing)? (to|with)|speak(ing)? (to|with)|see|seeing|visit|visiting|contact|contacting|check(ing)? (in )?with|ask|asking|call|calling|reach out to|discuss\\b.{0,40}\\bwith|follow(ing)? up with|work(ing)? (closely )?with|seek(ing)?( the)? (advice|guidance|help|care|opinion) (of|from)|get (advice|guidance|help) from|inform|let)\\b.{0,30}?\\b' +
      CARE_WHO +
      '\\b',
  ),
  /\bseek(ing)? (immediate |prompt |urgent |emergency |professional |timely |appropriate |further )?(medical )?(attention|care|help|advice|treatment|evaluation)\b/,
  /\bcall (911|999|112|000|emergency services|an ambulance|your local emergency)\b/,
  /\bgo to (the|an|your|a) (nearest )?(emergency|er\b|hospital|urgent care)/,
  /\bget (medical )?(help|attention|care) (right away|immediately|promptly|urgently|as soon as)/,
];

// ── Chinese ──────────────────────────────────────────────────────────────

const ZH_QUESTION = /[？?]\s*[”」』）)]*\s*$|[吗呢么嘛][。！!]?\s*$/;
const ZH_QUESTION_START = /^(什么|为什么|为何|如何|怎么|怎样|哪些|哪种|哪个|是否|有没有|能否|可否|能不能|会不会|要不要)/;

const ZH_GREETING: RegExp[] = [
  /^(您好|你好|嗨|哈喽|亲爱的|尊敬的)/,
  /^(非常)?(谢谢|感谢|多谢)/,
  /希望(以上|这些|我的|本|上述|这个|此)?(信息|回答|内容|建议|解答|回复|说明)?(能|可以|会|能够)?(对您|对你|给您|给你)?(有所|有|带来)(帮助|帮忙|启发)/,
  /^祝(您|你)/,
  /^(很|非常)?高兴(为您|为你|回答)/,
  /^(以下是|下面是|以下为|下面为|下面我|以下我|接下来)/,
  /如(有|果有|果您有|果你有|您有|你有)(其他|任何|更多|进一步)?(的)?(问题|疑问|疑虑)/,
  /^(好的|当然|没问题|明白了)[，,！!。.]?$/,
  /^(总结|小结|概述|要点|总之)[：:。]?$/,
];

const ZH_DISCLAIMER: RegExp[] = [
  /仅供参考/,
  /(不能|无法|不可|不应|不可以)(替代|代替|取代)/,
  /我(不是|并非)(医生|医师|专业)/,
  /作为(一个|一名|一款)?(AI|ai|人工智能|语言模型|AI助手|智能助手)/,
  /不(构成|作为|代表)(任何)?(医疗|医学|专业|诊疗)?(建议|诊断|意见)/,
  /免责声明/,
];

const ZH_SEEK_CARE: RegExp[] = [
  /(及时|尽快|尽早|立即|马上|立刻|务必|请|应|应当|应该|需要|需|建议|最好|必要时|要|前往)[^。；]{0,8}(就医|就诊|看医生|去医院|到医院|看急诊|医院就诊|去急诊)/,
  /^(就医|就诊|看医生)/,
  /咨询(您的|你的|专业|主治|当地)?(的)?(医生|医师|专业人士|专科医生|药师|营养师|医疗)/,
  /(在|遵)(医生|医师|专业人员|专科医生)(的)?(指导|建议|指示)/,
  /遵医嘱/,
  /寻求(专业|医疗|医生|医学)/,
  /(拨打|呼叫)(120|急救)/,
];

// ── Shared ───────────────────────────────────────────────────────────────

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_ALL = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

/** Chinese predicate cues: if none is present, a short clause is a fragment. */
export const ZH_PREDICATE =
  /吃|喝|饮用|饮酒|摄入|食用|锻炼|是|有|会|能|可|应|需|要|导致|引起|造成|增加|降低|减少|提高|升高|下降|包括|表现|属于|称为|发生|出现|影响|损害|帮助|控制|治疗|预防|服用|使用|建议|患|伴|具有|含有|存在|发展|引发|促进|抑制|改善|加重|缓解|减轻|作用|用于|不|没|无|容易|易|多见|常见|常|较|更|很|非常|主要|为|指|在|使|让|由|被|成|变|达|超过|低于|高于|等于|约|大约|占|来自|来源|产生|分泌|调节|维持|保持|损伤|破坏|感染|传播|遗传|诊断|检测|监测|测量|分为|分泌|吸收|代谢|排出|恶化|好转|消失|持续|伴随|并发|相关|有关|关联|取决|依赖|需要|必须|应该|可以|可能|能够|已|正在|将/;

function normalizeEn(text: string): string {
  return text
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^[\s"'([*_-]+/, '');
}

/** Whether English text has a predicate (see english.ts). */
export function hasEnglishVerb(text: string): boolean {
  return hasPredicate(text);
}

export interface ReasonOptions {
  /** The text is a Markdown heading: it needs a predicate to be a claim. */
  heading?: boolean;
  /** The text already carries context (a list lead-in or heading): short verbless text is fine. */
  contextual?: boolean;
}

/**
 * Why `text` (a sentence or clause, markup already removed) is not a claim,
 * or null when it may be one.
 */
export function nonClaimReason(text: string, opts: ReasonOptions = {}): NonClaimReason | null {
  let t = text.replace(/\s+/g, ' ').trim();
  if (!t) return 'fragment';
  // A "sentence" this long is a run-on dump: its opening and end are what matter.
  if (t.length > 1200) t = t.slice(0, 800) + ' … ' + t.slice(-300);
  const r = CJK.test(t) ? chineseReason(t, opts.heading ?? false) : englishReason(t, opts.heading ?? false);
  if (r === 'fragment' && opts.contextual && /[\p{L}\p{N}]{2}/u.test(t)) return null;
  return r;
}

function englishReason(text: string, heading: boolean): NonClaimReason | null {
  const lower = normalizeEn(text);
  if (/\?\s*["')\]]*\s*$/.test(lower) || EN_QUESTION_START.test(lower)) return 'question';
  // "Can diabetes be cured" without its question mark.
  if (/^(is|are|was|were|do|does|did|can|could|should|would|will|has|have|may|might|shall)\s+(?!not\b)\w/.test(lower) && !/[.!]["')\]]*$/.test(lower)) {
    return 'question';
  }
  if (EN_GREETING.some((r) => r.test(lower))) return 'greeting';
  if (EN_DISCLAIMER.some((r) => r.test(lower))) return 'disclaimer';
  if (EN_SEEK_CARE.some((r) => r.test(lower))) return 'seek-care';
  if (/[:：]\s*$/.test(lower)) return 'heading';
  // A lead-in whose list was lost: "Causes can include." "…red flags such as."
  if (/\b(include|includes|including|such as|like|as follows|the following|are|is|e\.g|i\.e)\s*[.:]?\s*$/.test(lower)) return 'heading';
  const words = lower.match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = (lower.match(/\p{L}/gu) ?? []).length;
  if (letters < 2) return 'fragment';
  const verb = hasPredicate(text);
  if (heading && !verb) return 'heading';
  if (heading && /^(what|why|how|when|where|who|which)\b/.test(lower)) return 'question';
  if (!verb && words.length < 4) return 'fragment';
  return null;
}

function chineseReason(text: string, heading: boolean): NonClaimReason | null {
  if (ZH_QUESTION.test(text) || ZH_QUESTION_START.test(text)) return 'question';
  if (ZH_GREETING.some((r) => r.test(text))) return 'greeting';
  if (ZH_DISCLAIMER.some((r) => r.test(text))) return 'disclaimer';
  if (ZH_SEEK_CARE.some((r) => r.test(text))) return 'seek-care';
  if (/[:：]\s*$/.test(text)) return 'heading';
  const han = (text.match(CJK_ALL) ?? []).length;
  const predicate = ZH_PREDICATE.test(text);
  // Headings may hold adjectives such as 常见/主要; a claim needs a real verb.
  if (heading && (han < 8 || !/是|会|能|可以|可能|导致|引起|造成|增加|降低|减少|需要|应|有|属于|包括/.test(text))) return 'heading';
  if (han < 4 && !/[a-z]{3}/i.test(text)) return 'fragment';
  if (!predicate && han < 8) return 'fragment';
  return null;
}
