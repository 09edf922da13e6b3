// Word lists behind the verifier's features. Data, not logic: grow them here.
import { stem } from '../text/tokenize.ts';

/** Opposite pairs, as surface words; they are stemmed before use. */
const ANTONYM_PAIRS: [string, string][] = [
  ['increase', 'decrease'], ['increase', 'reduce'], ['increase', 'lower'], ['raise', 'lower'],
  ['higher', 'lower'], ['high', 'low'], ['more', 'less'], ['more', 'fewer'], ['greater', 'smaller'],
  ['rise', 'fall'], ['gain', 'loss'], ['improve', 'worsen'], ['better', 'worse'], ['strengthen', 'weaken'],
  ['strong', 'weak'], ['effective', 'ineffective'], ['safe', 'unsafe'], ['safe', 'dangerous'], ['safe', 'harmful'],
  ['benign', 'malignant'], ['common', 'rare'], ['frequent', 'rare'], ['acute', 'chronic'], ['positive', 'negative'],
  ['present', 'absent'], ['before', 'after'], ['prevent', 'cause'], ['inhibit', 'promote'], ['inhibit', 'stimulate'],
  ['inhibit', 'activate'], ['suppress', 'enhance'], ['excess', 'deficiency'], ['dominant', 'recessive'],
  ['contagious', 'noncontagious'], ['infectious', 'noninfectious'], ['male', 'female'], ['men', 'women'],
  ['children', 'adults'], ['young', 'old'], ['younger', 'older'], ['early', 'late'], ['fast', 'slow'],
  ['large', 'small'], ['major', 'minor'], ['sensitive', 'resistant'], ['survive', 'die'], ['curable', 'incurable'],
  ['treatable', 'untreatable'], ['reversible', 'irreversible'], ['inherited', 'acquired'], ['bacterial', 'viral'],
  ['upper', 'lower'], ['maximum', 'minimum'], ['permanent', 'temporary'], ['hypertension', 'hypotension'],
  ['hyperthyroidism', 'hypothyroidism'], ['hyperglycemia', 'hypoglycemia'], ['hyperkalemia', 'hypokalemia'],
  ['overweight', 'underweight'], ['overactive', 'underactive'], ['dilate', 'constrict'], ['expand', 'shrink'],
  ['accelerate', 'slow'], ['protect', 'harm'], ['beneficial', 'harmful'], ['helpful', 'harmful'], ['allow', 'prevent'],
  ['enable', 'prevent'], ['include', 'exclude'], ['always', 'sometimes'], ['all', 'some'], ['most', 'few'],
  ['likely', 'unlikely'], ['possible', 'impossible'], ['normal', 'abnormal'], ['typical', 'atypical'],
  ['symptomatic', 'asymptomatic'], ['healthy', 'unhealthy'], ['stable', 'unstable'], ['true', 'false'],
  ['success', 'failure'], ['efficacy', 'inefficacy'], ['agonist', 'antagonist'], ['aerobic', 'anaerobic'],
  ['right', 'left'], ['hot', 'cold'], ['wet', 'dry'], ['light', 'heavy'], ['thick', 'thin'], ['long', 'short'],
  ['increase', 'decline'], ['elevate', 'lower'], ['elevated', 'reduced'], ['worsen', 'relieve'], ['worsen', 'alleviate'],
  ['cure', 'worsen'], ['lowers', 'raises'], ['outside', 'inside'], ['internal', 'external'],
  ['autosomal', 'x-linked'], ['genetic', 'environmental'], ['contraindicated', 'recommended'], ['men', 'woman'],
];

const ANTONYMS = new Map<string, Set<string>>();
for (const [a, b] of ANTONYM_PAIRS) {
  const sa = stem(a);
  const sb = stem(b);
  if (sa === sb) continue;
  if (!ANTONYMS.has(sa)) ANTONYMS.set(sa, new Set());
  if (!ANTONYMS.has(sb)) ANTONYMS.set(sb, new Set());
  ANTONYMS.get(sa)!.add(sb);
  ANTONYMS.get(sb)!.add(sa);
}

export function antonymsOf(term: string): ReadonlySet<string> | undefined {
  return ANTONYMS.get(term);
}

/** Prefixes that negate a word: "noninfectious", "unsafe", "asymptomatic". */
export const NEGATING_PREFIXES = ['non', 'un', 'in', 'im', 'ir', 'il', 'dis', 'a', 'anti'];

/** Universal or certain: a claim that says these asks more than "often" evidence gives. */
export const ABSOLUTE_WORDS: ReadonlySet<string> = new Set(
  ['always', 'never', 'all', 'everyone', 'none', 'only', 'completely', 'entirely', 'totally', 'definitely', 'certainly', 'guaranteed', 'guarantees', 'cures', 'cure', 'impossible', 'solely', 'must', 'invariably', 'permanently'],
);

/** Partial or uncertain: "often", "may", "most"… */
export const PARTIAL_WORDS: ReadonlySet<string> = new Set(
  ['often', 'usually', 'sometimes', 'may', 'some', 'many', 'most', 'rarely', 'occasionally', 'frequently', 'typically', 'generally', 'commonly', 'possibly', 'likely', 'unlikely', 'several', 'few', 'tend', 'tends', 'perhaps', 'majority', 'seldom'],
);

/** Negation cues in English (surface forms; words ending in n't count too). */
export const NEGATION_CUES: ReadonlySet<string> = new Set(['no', 'not', 'never', 'none', 'nor', 'neither', 'without', 'cannot', "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "shouldn't", "couldn't", "hasn't", "haven't", "hadn't", 'nothing', 'nobody', 'unable', 'lack', 'lacks', 'absence', 'absent', 'fail', 'fails', 'neither']);

/** Chinese negation cues. */
export const NEGATION_CJK = /不|没有|沒有|无|無|未|非|否|别|勿|并非|不会|不能/g;
