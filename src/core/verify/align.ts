// Aligns a claim with one evidence sentence, word by word, and reads off the
// cues a verdict can rest on: what the two share (same stem or WordNet
// synonym), what the claim says that the evidence does not, the same relation
// with another argument ("made in the liver" / "made in the pancreas"),
// opposite words, negation, quantifiers and modality, direction, and numbers.
// Pure and fast: a few microseconds per sentence pair; the feature verifier
// (features.ts) turns the cues into numbers and reasons.
import { isStopWord, normalize, stem, tokenize, type Token } from '../text/tokenize.ts';
import { backgroundIdf } from './idf.ts';
import { antonymsOf, ABSOLUTE_WORDS as ABSOLUTE, NEGATING_PREFIXES, NEGATION_CJK, NEGATION_CUES as NEGATION, PARTIAL_WORDS as PARTIAL } from './lexicon.ts';
import wordnet from './wordnet.json' with { type: 'json' };

// ── Lexical resources (WordNet via scripts/build-wordnet.ts, plus small lists) ──

const SYNONYM_GROUPS = new Map<string, readonly number[]>(Object.entries(wordnet.synonyms as Record<string, number[]>));
const WN_ANTONYMS = new Map<string, Set<string>>();
for (const pair of wordnet.antonyms as string[]) {
  const [a, b] = pair.split(' ');
  (WN_ANTONYMS.get(a) ?? WN_ANTONYMS.set(a, new Set()).get(a)!).add(b);
  (WN_ANTONYMS.get(b) ?? WN_ANTONYMS.set(b, new Set()).get(b)!).add(a);
}
const NOUN_CLASS = new Map<string, string>();
for (const [cls, list] of Object.entries(wordnet.nounClass as Record<string, string>)) {
  for (const s of list.split(' ')) NOUN_CLASS.set(s, cls);
}
/** Classes whose members can stand in for each other as a relation's argument. */
const ARGUMENT_CLASSES = new Set(['body', 'substance', 'state', 'animal', 'plant', 'person', 'food', 'artifact', 'location', 'process', 'phenomenon', 'group']);
const VERBS = new Set<string>([...(wordnet.verbs as string).split(' '), ...['made', 'given', 'taken', 'done', 'found', 'known', 'seen', 'born', 'spread', 'caus', 'make', 'use', 'pass', 'inherit', 'transmit'].map((w) => stem(w))]);

/** Verbs that carry little of a claim's relation ("are used to control", "helps keep"): not counted as relations. */
const LIGHT_VERBS = new Set(['use', 'make', 'made', 'take', 'get', 'give', 'have', 'includ', 'becom', 'help', 'need', 'call', 'keep', 'let', 'seem', 'tend', 'know', 'known', 'consid', 'found'].map((w) => (w.length > 4 ? w : stem(w))));

/** Medical synonyms that WordNet's general senses miss (stems, both ways). */
const MEDICAL_SYNONYMS: [string, string][] = [
  ['hypertens', 'pressur'], ['tumor', 'growth'], ['tumor', 'tumour'], ['cancer', 'malign'], ['heart', 'cardiac'],
  ['kidnei', 'renal'], ['liver', 'hepat'], ['lung', 'pulmonari'], ['brain', 'cerebr'], ['skin', 'dermal'],
  ['blood', 'vascular'], ['infect', 'contagi'], ['medicin', 'drug'], ['medic', 'drug'], ['medic', 'medicin'],
  ['treatment', 'therapi'], ['physician', 'doctor'], ['inherit', 'genet'], ['inherit', 'hereditari'], ['sugar', 'glucos'],
  ['diet', 'food'], ['child', 'kid'], ['pain', 'ach'], ['sick', 'ill'], ['elderli', 'older'], ['first', 'earli'],
  ['initi', 'earli'], ['pain', 'pain'],
];
const MED_SYN = new Map<string, Set<string>>();
for (const [a, b] of MEDICAL_SYNONYMS) {
  (MED_SYN.get(a) ?? MED_SYN.set(a, new Set()).get(a)!).add(b);
  (MED_SYN.get(b) ?? MED_SYN.set(b, new Set()).get(b)!).add(a);
}

export function areSynonyms(a: string, b: string): boolean {
  if (a === b) return true;
  if (MED_SYN.get(a)?.has(b)) return true;
  const ga = SYNONYM_GROUPS.get(a);
  const gb = SYNONYM_GROUPS.get(b);
  if (!ga || !gb) return false;
  for (const x of ga) if (gb.includes(x)) return true;
  return false;
}

export function areAntonyms(a: string, b: string): boolean {
  if (a === b) return false;
  if (antonymsOf(a)?.has(b) || WN_ANTONYMS.get(a)?.has(b)) return true;
  // Morphological negation: "noninfectious" / "infectious", "asymptomatic" / "symptomatic".
  for (const p of NEGATING_PREFIXES) {
    if (a.length - p.length >= 5 && a.startsWith(p) && a.slice(p.length) === b) return true;
    if (b.length - p.length >= 5 && b.startsWith(p) && b.slice(p.length) === a) return true;
  }
  return false;
}

const HYPERNYMS = new Map<string, ReadonlySet<string>>(
  Object.entries((wordnet as { hypernyms?: Record<string, string> }).hypernyms ?? {}).map(([k, v]) => [k, new Set(v.split(' '))]),
);
/** One is a kind of the other in WordNet ("cigarette" and "tobacco"): a more general word, not another argument. */
export function isKindOf(a: string, b: string): boolean {
  return !!HYPERNYMS.get(a)?.has(b) || !!HYPERNYMS.get(b)?.has(a);
}

export function nounClass(term: string): string | undefined {
  return NOUN_CLASS.get(term);
}

// ── Words that carry quantifiers, modality, direction and negation ──

const DIRECTION_UP = new Set(['increase', 'increases', 'increased', 'increasing', 'raise', 'raises', 'raised', 'higher', 'more', 'greater', 'rise', 'rises', 'elevated', 'elevates', 'worsen', 'worsens', 'older', 'above', 'over', 'exceed', 'exceeds', 'boost', 'boosts', 'promote', 'promotes', 'enhance', 'enhances', 'larger', 'longer', 'faster', 'most']);
const DIRECTION_DOWN = new Set(['decrease', 'decreases', 'decreased', 'decreasing', 'reduce', 'reduces', 'reduced', 'lower', 'lowers', 'lowered', 'less', 'fewer', 'smaller', 'fall', 'falls', 'drop', 'drops', 'decline', 'declines', 'younger', 'below', 'under', 'inhibit', 'inhibits', 'suppress', 'suppresses', 'shorter', 'slower', 'least', 'improve', 'improves', 'relieve', 'relieves']);
/** Verbs and auxiliaries that open a predicate ("is", "can", "has"…). */
const LINKING = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'can', 'could', 'may', 'might', 'will', 'would', 'should', 'must', 'has', 'have', 'had', 'does', 'do', 'did', "isn't", "aren't", "can't", 'cannot', "doesn't", "don't"]);
/** Words the verb list holds that mostly start a noun phrase here. */
const LINKING_EXCLUDE = new Set(['people', 'type', 'cells', 'blood']);
/** Quantifiers that cannot both describe the same thing. */
const OPPOSITE_QUANTIFIERS: [string, string][] = [
  ['few', 'most'], ['most', 'few'], ['minority', 'majority'], ['majority', 'minority'], ['rarely', 'often'], ['rarely', 'usually'],
  ['rarely', 'commonly'], ['often', 'rarely'], ['usually', 'rarely'], ['commonly', 'rarely'], ['never', 'often'], ['never', 'usually'],
  ['always', 'rarely'], ['always', 'never'], ['never', 'always'], ['all', 'none'], ['none', 'all'], ['seldom', 'often'], ['few', 'majority'],
];
const QUANTIFIER_WORDS = new Set([...OPPOSITE_QUANTIFIERS.flat()]);
/** Words that end a negation's scope. */
const SCOPE_BREAK = /[,;:()]|\b(but|whereas|while|although|however|who|which|that|if|when|unless|because|until|and)\s$/;

// ── Numbers ──

export interface Quantity {
  lo: number;
  hi: number;
  unit: string;
  text: string;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, thousand: 1000, million: 1e6,
};
const FRACTIONS: Record<string, number> = { half: 50, third: 33.3, quarter: 25, 'two thirds': 66.7, 'three quarters': 75 };
const UNIT_ALIASES: [RegExp, string][] = [
  [/^(%|percent|per cent|percentage)/, '%'], [/^mg\/dl/, 'mg/dl'], [/^mmol\/l/, 'mmol/l'], [/^mm ?hg/, 'mmhg'],
  [/^(years?|yrs?)\b/, 'year'], [/^(months?)\b/, 'month'], [/^(weeks?)\b/, 'week'], [/^(days?)\b/, 'day'],
  [/^(hours?|hrs?)\b/, 'hour'], [/^(minutes?|mins?)\b/, 'minute'], [/^(mg|milligrams?)\b/, 'mg'], [/^(g|grams?)\b/, 'g'],
  [/^(kg|kilograms?)\b/, 'kg'], [/^(ml|milliliters?)\b/, 'ml'], [/^(mcg|micrograms?)\b/, 'mcg'], [/^(iu|units?)\b/, 'unit'],
  [/^(times)\b/, 'times'], [/^(people|persons|adults|children|patients|cases|deaths|americans)\b/, 'count'],
  [/^(degrees?|°)/, 'degree'], [/^(bpm|beats)/, 'bpm'], [/^(cm|centimeters?)\b/, 'cm'], [/^(inch|inches)\b/, 'inch'],
];
const QUANTITY = new RegExp(
  String.raw`(more than|over|above|greater than|at least|less than|under|below|fewer than|up to|at most|about|around|approximately|nearly|almost|roughly)?\s*` +
    String.raw`(\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|a hundred|two thirds|three quarters|(?:a |one )?half|(?:a |one )?third|(?:a |one )?quarter)` +
    String.raw`(?:\s*(?:-|to|–|and)\s*(\d+(?:[.,]\d+)?))?\s*(of\s+)?([a-z%°/ ]{0,14})`,
  'g',
);

export function quantities(text: string): Quantity[] {
  const norm = normalize(text).replace(/(\d)[·•](\d)/g, '$1.$2');
  const out: Quantity[] = [];
  for (const m of norm.matchAll(QUANTITY)) {
    const [whole, cmp, rawNum, rawHi, of, tail] = m;
    const before = norm[(m.index ?? 0) + whole.indexOf(rawNum) - 1];
    if (before && /[a-z0-9]/.test(before)) continue; // inside a word ("covid-19" is fine, "h1n1" not a number)
    let unit = '';
    for (const [re, u] of UNIT_ALIASES) if (re.test(tail.trim())) unit = u;
    let value: number;
    const word = rawNum.replace(/^(a|one) /, '');
    if (word in FRACTIONS) {
      value = FRACTIONS[word];
      if (!of && !unit) continue; // "half" without "of" is not a share
      unit = '%';
    } else if (word in NUMBER_WORDS) value = NUMBER_WORDS[word];
    else if (word === 'a hundred') value = 100;
    else value = Number(word.replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    // Years and ordinals are not quantities to compare.
    if (!unit && /^\d{4}$/.test(word) && value >= 1800 && value <= 2100) continue;
    if (!unit && /^(st|nd|rd|th)\b/.test(tail)) continue;
    if (!unit && !rawHi && !cmp && /^\d+$/.test(word) && value < 3 && !/^\d/.test(tail.trim())) {
      // "type 2 diabetes", "stage 1": labels, not amounts.
      if (/(type|stage|grade|phase|class|level|step|covid|h\dn\d)\s*$/.test(norm.slice(0, m.index ?? 0))) continue;
    }
    if (/(type|stage|grade|phase|class|covid|step|level|chromosome|trisomy|factor|schedule)\s*-?\s*$/.test(norm.slice(Math.max(0, (m.index ?? 0) - 12), m.index ?? 0))) continue;
    let lo = value;
    let hi = value;
    if (rawHi) hi = Number(rawHi.replace(',', '.'));
    switch (cmp) {
      case 'more than': case 'over': case 'above': case 'greater than': lo = value * 1.0001; hi = Infinity; break;
      case 'at least': hi = Infinity; break;
      case 'less than': case 'under': case 'below': case 'fewer than': lo = -Infinity; hi = value * 0.9999; break;
      case 'up to': case 'at most': lo = -Infinity; break;
      case 'about': case 'around': case 'approximately': case 'roughly': lo = value * 0.85; hi = value * 1.15; break;
      case 'nearly': case 'almost': lo = value * 0.85; hi = value; break;
      default: if (!rawHi) { lo = value * 0.97; hi = value * 1.03; }
    }
    out.push({ lo: Math.min(lo, hi), hi: Math.max(lo, hi), unit, text: whole.trim() });
  }
  return out;
}

function overlaps(a: Quantity, b: Quantity): boolean {
  return a.lo <= b.hi && b.lo <= a.hi;
}

// ── Analysis of one text ──

export interface Term {
  term: string;
  surface: string;
  /** Index among the text's content terms. */
  pos: number;
  start: number;
  end: number;
  /** Inside the scope of a negation ("no symptoms", "does not cause"). */
  negated: boolean;
  /** After the clause's first verb: part of what is said about the subject. */
  predicate: boolean;
  idf: number;
}

export interface Analysis {
  text: string;
  terms: Term[];
  byTerm: Map<string, Term[]>;
  quantities: Quantity[];
  /** A negation cue anywhere (English or Chinese). */
  negated: boolean;
  absolute: string | null;
  partial: string | null;
  /** Quantifier words present ("few", "most", "rarely"…). */
  quantifiers: Set<string>;
  up: string | null;
  down: string | null;
  cjk: boolean;
}

/**
 * Which tokens a negation governs: the rest of its clause (up to 6 words on)
 * and the few words before it in the same clause, so that "symptoms do not
 * usually appear" negates "symptoms" as "no symptoms" does.
 */
function scopeNegation(norm: string, toks: Token[]): boolean[] {
  const negated = new Array<boolean>(toks.length).fill(false);
  const breakBefore = (i: number) => i > 0 && SCOPE_BREAK.test(norm.slice(toks[i - 1].end, toks[i].start) + ' ' + toks[i].surface + ' ');
  for (let i = 0; i < toks.length; i++) {
    const s = toks[i].surface;
    if (!(NEGATION.has(s) || s.endsWith("n't"))) continue;
    for (let j = i + 1; j < toks.length && j - i <= 6 && !breakBefore(j); j++) negated[j] = true;
    for (let j = i - 1; j >= 0 && i - j <= 2 && !breakBefore(j + 1); j--) negated[j] = true;
  }
  return negated;
}

const analysisCache = new Map<string, Analysis>();

export function analyse(text: string): Analysis {
  const hit = analysisCache.get(text);
  if (hit) return hit;
  const norm = normalize(text);
  const toks = tokenize(text, { keepStopWords: true });
  const neg = scopeNegation(norm, toks);
  const terms: Term[] = [];
  let absolute: string | null = null;
  let partial: string | null = null;
  let up: string | null = null;
  let down: string | null = null;
  let negated = false;
  const quantifierWords = new Set<string>();
  let inPredicate = false;
  toks.forEach((t, i) => {
    const s = t.surface;
    if (!inPredicate && i > 0 && (LINKING.has(s) || (terms.length > 0 && VERBS.has(t.term) && !LINKING_EXCLUDE.has(s)))) inPredicate = true;
    if (QUANTIFIER_WORDS.has(s)) quantifierWords.add(s);
    if (NEGATION.has(s) || s.endsWith("n't")) negated = true;
    if (!absolute && ABSOLUTE.has(s)) absolute = s;
    if (!partial && PARTIAL.has(s)) partial = s;
    if (!up && DIRECTION_UP.has(s)) up = s;
    if (!down && DIRECTION_DOWN.has(s)) down = s;
    if (NEGATION.has(s) || s.endsWith("n't") || isStopWord(s) || /^\d/.test(s)) return;
    if (ABSOLUTE.has(s) || PARTIAL.has(s)) return;
    terms.push({ term: t.term, surface: s, pos: terms.length, start: t.start, end: t.end, negated: neg[i], predicate: inPredicate, idf: Math.max(backgroundIdf.idf(t.term), 0.5) });
  });
  if (NEGATION_CJK.test(norm)) negated = true;
  NEGATION_CJK.lastIndex = 0;
  const byTerm = new Map<string, Term[]>();
  for (const t of terms) (byTerm.get(t.term) ?? byTerm.set(t.term, []).get(t.term)!).push(t);
  const a: Analysis = { text, terms, byTerm, quantities: quantities(text), negated, absolute, partial, quantifiers: quantifierWords, up, down, cjk: /[\u3400-\u9fff]/.test(text) };
  if (analysisCache.size > 20_000) analysisCache.clear();
  analysisCache.set(text, a);
  return a;
}

// ── Alignment ──

export interface Pair {
  claim: Term;
  evidence: Term;
}

export interface Alignment {
  /** Claim terms matched in the evidence (same stem, or a synonym). */
  matched: Pair[];
  synonyms: Pair[];
  /** Claim terms with nothing in the evidence. */
  missing: Term[];
  /** idf-weighted share of the claim's terms matched, in [0, 1]. */
  coverage: number;
  /** Share of claim term bigrams found in the same order. */
  order: number;
  /** Opposite words: claim "viral", evidence "bacterial"; claim "increases", evidence "decreases". */
  antonyms: Pair[];
  /** Same relation, other argument: claim "made in the liver", evidence "made in the pancreas". */
  substitutions: Pair[];
  /** Same kind of thing in the same slot (both organs, both diseases…). */
  sameClass: Pair[];
  /** The claim's relation words (verbs) and whether each is matched. */
  relations: number;
  relationsMatched: number;
  /** Negation on one side only, over the matched words. */
  negationMismatch: boolean;
  /** The evidence negates most of the matched words of an affirmative claim. */
  evidenceNegates: boolean;
  /** Claim says "always"/"never"/"all", evidence says "often"/"may"/"some". */
  quantifier: { claim: string; evidence: string } | null;
  /** Claim up, evidence down (or the reverse) around matched words. */
  direction: { claim: string; evidence: string } | null;
  numbers: { match: number; mismatch: { claim: string; evidence: string } | null; claimHas: boolean };
  /** The most informative claim term that nothing matches (highest idf). */
  keyMissing: Term | null;
  /** Every word of the claim's subject (before its first relation word) is matched. */
  subjectCovered: boolean;
  /** idf-weighted share of the claim's subject words that are matched. */
  subjectCoverage: number;
  /** idf-weighted share of the claim's predicate words (after its first verb) that are matched (1 when it has none). */
  predicateCoverage: number;
}

function matchOf(t: Term, ev: Analysis, claim: Analysis): { term: Term; synonym: boolean } | null {
  const same = ev.byTerm.get(t.term);
  if (same) return { term: same[0], synonym: false };
  if (t.term.length >= 4) {
    // A synonym, unless that evidence word is the claim's own word elsewhere
    // ("varicella-zoster" must not take the "shingles" of "Shingles is caused by…").
    for (const e of ev.terms) if (!claim.byTerm.has(e.term) && areSynonyms(t.term, e.term)) return { term: e, synonym: true };
  }
  return null;
}

/** The evidence between two positions reads like a list ("fever, cough and"), not a new relation. */
function listBetween(ev: Analysis, a: Term, b: Term): boolean {
  const gap = ev.text.length && a.end <= b.start ? normalize(ev.text).slice(a.end, b.start) : '';
  if (gap.length > 60) return false;
  if (!/,|\band\b|\bor\b|\/|\bas well as\b|\s[-–•*]\s|\n/.test(gap)) return false;
  for (const w of gap.split(/[^a-z']+/)) if (w.length > 3 && (VERBS.has(stem(w)) || /ed$/.test(w))) return false;
  return true;
}

export function align(claim: Analysis, ev: Analysis): Alignment {
  const matched: Pair[] = [];
  const synonyms: Pair[] = [];
  const missing: Term[] = [];
  const at = new Map<number, Term>(); // claim pos → evidence term
  let total = 0;
  let hit = 0;
  for (const t of claim.terms) {
    total += t.idf;
    const m = matchOf(t, ev, claim);
    if (m) {
      hit += m.synonym ? 0.85 * t.idf : t.idf;
      matched.push({ claim: t, evidence: m.term });
      if (m.synonym) synonyms.push({ claim: t, evidence: m.term });
      at.set(t.pos, m.term);
    } else missing.push(t);
  }
  const evUsed = new Set([...at.values()].map((e) => e.pos));
  let bigrams = 0;
  let inOrder = 0;
  for (let i = 0; i + 1 < claim.terms.length; i++) {
    bigrams++;
    const a = at.get(i);
    const b = at.get(i + 1);
    if (a && b && b.pos > a.pos && b.pos - a.pos <= 3) inOrder++;
  }
  // Opposite words: a claim word the evidence lacks, whose opposite the evidence has.
  const antonyms: Pair[] = [];
  for (const t of claim.terms) {
    if (at.has(t.pos)) continue;
    for (const e of ev.terms) {
      if (claim.byTerm.has(e.term)) continue;
      if (areAntonyms(t.term, e.term)) {
        antonyms.push({ claim: t, evidence: e });
        break;
      }
    }
  }
  // Same relation, other argument: next to a matched anchor, the claim and the
  // evidence hold different words in the same slot.
  const substitutions: Pair[] = [];
  const sameClass: Pair[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < claim.terms.length; i++) {
    const anchor = at.get(i);
    if (!anchor) continue;
    for (const dir of [1, -1]) {
      const c = claim.terms[i + dir];
      const e = ev.terms[anchor.pos + dir];
      if (!c || !e || seen.has(c.pos)) continue;
      if (evUsed.has(e.pos) || claim.byTerm.has(e.term) || e.term === c.term || areSynonyms(c.term, e.term)) continue;
      if (at.has(c.pos)) {
        // The claim's word is in the evidence, but elsewhere: a substitution only
        // when the slot holds the same kind of thing and the two are not a list.
        const elsewhere = at.get(c.pos)!;
        if (dir !== 1 || !c.predicate) continue;
        const cls = nounClass(c.term);
        if (!cls || !ARGUMENT_CLASSES.has(cls) || nounClass(e.term) !== cls) continue;
        const [first, second] = e.pos < elsewhere.pos ? [e, elsewhere] : [elsewhere, e];
        if (listBetween(ev, first, second)) continue;
        if (Math.abs(elsewhere.pos - anchor.pos) <= 2) continue;
      }
      if (VERBS.has(c.term) !== VERBS.has(e.term) && !nounClass(c.term)) continue;
      seen.add(c.pos);
      const pair: Pair = { claim: c, evidence: e };
      substitutions.push(pair);
      // Another thing of the same kind in what the claim says (not in its subject:
      // evidence about another subject says nothing either way).
      const cls = nounClass(c.term);
      if (c.predicate && cls && cls === nounClass(e.term) && ARGUMENT_CLASSES.has(cls) && !isKindOf(c.term, e.term)) sameClass.push(pair);
    }
  }
  let relations = 0;
  let relationsMatched = 0;
  for (const t of claim.terms) {
    if (!VERBS.has(t.term) || t.pos === 0 || LIGHT_VERBS.has(t.term)) continue;
    relations++;
    if (at.has(t.pos)) relationsMatched++;
  }
  // Negation over matched words: the claim negates what the evidence affirms, or the reverse.
  // Negation over matched words. Where the claim negates words the evidence
  // also has ("has no symptoms" / "symptoms do not appear"), the two must agree
  // on them; where the claim negates only words the evidence lacks ("cannot be
  // shortened"), the evidence must negate something too; an affirmative claim
  // clashes with evidence that negates most of what they share (idf-weighted).
  // For an affirmative claim, what counts is the evidence negating what the
  // claim says about its subject (its predicate words): "they would not
  // develop shingles" does not deny "Shingles is caused by the virus".
  let weight = 0;
  let negEv = 0;
  let negatedInClaim = 0;
  let disagree = 0;
  const predicateMatched = matched.some((p) => p.claim.predicate);
  for (const p of matched) {
    if (predicateMatched && !p.claim.predicate) continue;
    weight += p.claim.idf;
    if (p.evidence.negated) negEv += p.claim.idf;
  }
  for (const p of matched) {
    if (p.claim.negated) {
      negatedInClaim += p.claim.idf;
      if (!p.evidence.negated) disagree += p.claim.idf;
    }
  }
  const evNeg = weight > 0 && negEv / weight >= 0.4;
  let negationMismatch: boolean;
  if (!claim.negated) negationMismatch = evNeg;
  else if (negatedInClaim > 0) negationMismatch = disagree / negatedInClaim >= 0.5;
  else negationMismatch = negEv === 0;
  negationMismatch = negationMismatch && matched.length > 0 && !antonyms.length;
  let quantifier: Alignment['quantifier'] = null;
  const opposite = OPPOSITE_QUANTIFIERS.find(([x, y]) => (claim.quantifiers.has(x) && ev.quantifiers.has(y) && !ev.quantifiers.has(x)));
  if (opposite) quantifier = { claim: opposite[0], evidence: opposite[1] };
  else if (claim.absolute && !ev.absolute && ev.partial) quantifier = { claim: claim.absolute, evidence: ev.partial };
  else if (claim.absolute && ev.partial && claim.absolute !== ev.absolute && ev.partial !== claim.partial) quantifier = { claim: claim.absolute, evidence: ev.partial };
  let direction: Alignment['direction'] = null;
  if (claim.up && !claim.down && ev.down && !ev.up) direction = { claim: claim.up, evidence: ev.down };
  else if (claim.down && !claim.up && ev.up && !ev.down) direction = { claim: claim.down, evidence: ev.up };
  // Numbers: compare each claim quantity with the evidence's of the same unit.
  let numMatch = 0;
  let mismatch: Alignment['numbers']['mismatch'] = null;
  for (const q of claim.quantities) {
    const same = ev.quantities.filter((e) => e.unit === q.unit);
    if (!same.length) continue;
    if (same.some((e) => overlaps(q, e))) numMatch++;
    else if (!mismatch) mismatch = { claim: q.text, evidence: same[0].text };
  }
  // The claim's subject: its words before the first relation word. When the
  // evidence is about another subject ("drinking alcohol" for "drinking green
  // tea"), an opposite word in it says nothing against the claim.
  const firstRelation = claim.terms.findIndex((t) => t.pos > 0 && VERBS.has(t.term));
  const subjectTerms = claim.terms.slice(0, firstRelation > 0 ? firstRelation : 1);
  const subjectCovered = subjectTerms.every((t) => at.has(t.pos));
  let subjTotal = 0;
  let subjHit = 0;
  for (const t of subjectTerms) {
    subjTotal += t.idf;
    if (at.has(t.pos)) subjHit += t.idf;
  }
  let predTotal = 0;
  let predHit = 0;
  for (const t of claim.terms) {
    if (!t.predicate) continue;
    predTotal += t.idf;
    if (at.has(t.pos)) predHit += t.idf;
  }
  let keyMissing: Term | null = null;
  for (const t of missing) if (!keyMissing || t.idf > keyMissing.idf) keyMissing = t;
  return {
    matched,
    synonyms,
    missing,
    coverage: total ? hit / total : 0,
    order: bigrams ? inOrder / bigrams : matched.length ? 1 : 0,
    antonyms,
    substitutions,
    sameClass,
    relations,
    relationsMatched,
    negationMismatch,
    quantifier,
    direction,
    numbers: { match: claim.quantities.length ? numMatch / claim.quantities.length : 0, mismatch, claimHas: claim.quantities.length > 0 },
    keyMissing,
    subjectCovered,
    evidenceNegates: !claim.negated && evNeg,
    predicateCoverage: predTotal ? predHit / predTotal : 1,
    subjectCoverage: subjTotal ? subjHit / subjTotal : 1,
  };
}

/** A cue against the claim that can decide a verdict on its own (with the subject matched). */
export function hasContradictionCue(a: Alignment): boolean {
  if (!a.subjectCovered) return false;
  return a.antonyms.length > 0 || a.sameClass.length > 0 || !!a.numbers.mismatch || !!a.direction || !!a.quantifier;
}

/**
 * How well `ev` matches the claim, for choosing the evidence sentence:
 * weighted coverage, word order, and a bonus for a sentence that speaks
 * against the claim (so "inherited in an autosomal recessive pattern" wins
 * over a heading that only repeats the claim's words).
 */
export function alignmentScore(a: Alignment): number {
  // Evidence that denies what the claim affirms ("It causes no pain") counts; a
  // negated claim against evidence that merely lacks the negation does not.
  const against = hasContradictionCue(a) || (a.subjectCovered && a.negationMismatch && a.evidenceNegates);
  return a.coverage + 0.15 * a.order + (a.coverage >= 0.45 && against ? 0.25 : 0);
}
