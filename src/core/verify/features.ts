// Lexical features of a claim against its evidence candidates. They feed the
// logistic-regression verifier; the same code runs at training time
// (scripts/train-verifier.ts) and at check time, so the two never drift.
import { isStopWord, normalize, tokenize } from '../text/tokenize.ts';
import { NEGATION_WORDS } from '../text/stopwords.ts';
import { backgroundIdf } from './idf.ts';
import type { EvidenceCandidate } from './types.ts';
import {
  ABSOLUTE_WORDS,
  HEDGE_WORDS,
  NEGATING_PREFIXES,
  NEGATION_CJK,
  NEGATION_CUES,
  antonymsOf,
} from './lexicon.ts';

export const FEATURE_NAMES = [
  'cov_sentence',
  'cov_passage',
  'cov_sentence_sq',
  'cov_long_terms',
  'idf_cov_sentence',
  'idf_cov_passage',
  'max_missing_idf',
  'bigram_cov',
  'missing_terms',
  'subject_in_sentence',
  'all_in_sentence',
  'one_missing_high_cov',
  'claim_len',
  'sentence_len',
  'jaccard',
  'extra_evidence_ratio',
  'claim_has_number',
  'number_match',
  'number_mismatch',
  'negation_mismatch',
  'negation_mismatch_x_cov',
  'antonym',
  'antonym_x_cov',
  'claim_absolute',
  'evidence_hedged',
  'absolute_x_hedged',
  'no_evidence',
  'cjk',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

interface Analysed {
  /** Content terms (stemmed, no stop words, no negations), in order. */
  terms: string[];
  set: Set<string>;
  /** Terms whose surface form is long (specific words). */
  long: Set<string>;
  numbers: Set<string>;
  negations: number;
  absolute: boolean;
  hedged: boolean;
}

const NUMBER = /\d+(?:[.,]\d+)?/g;

function analyse(text: string): Analysed {
  const toks = tokenize(text, { keepStopWords: true });
  const terms: string[] = [];
  const long = new Set<string>();
  let negations = 0;
  let absolute = false;
  let hedged = false;
  for (const t of toks) {
    const s = t.surface;
    if (NEGATION_CUES.has(s)) negations++;
    if (ABSOLUTE_WORDS.has(s)) absolute = true;
    if (HEDGE_WORDS.has(s)) hedged = true;
    if (NEGATION_WORDS.has(s) || NEGATION_WORDS.has(t.term)) continue;
    if (isStopWord(s)) continue;
    terms.push(t.term);
    if (s.length >= 7 || /^[\u3400-\u9fff]{2}$/.test(s)) long.add(t.term);
  }
  const norm = normalize(text);
  negations += (norm.match(NEGATION_CJK) ?? []).length;
  // "n't" contractions that the tokenizer kept whole are counted above.
  const numbers = new Set<string>();
  for (const m of norm.matchAll(NUMBER)) numbers.add(m[0].replace(',', '.').replace(/\.0+$/, ''));
  if (/100\s?%/.test(norm)) absolute = true;
  return { terms, set: new Set(terms), long, numbers, negations, absolute, hedged };
}


function idfCoverage(claim: Analysed, ev: Set<string>): number {
  let total = 0;
  let hit = 0;
  for (const t of claim.set) {
    const w = backgroundIdf.idf(t);
    total += w;
    if (ev.has(t)) hit += w;
  }
  return total ? hit / total : 0;
}

function coverage(claim: Analysed, ev: Set<string>): number {
  if (claim.set.size === 0) return 0;
  let c = 0;
  for (const t of claim.set) if (ev.has(t)) c++;
  return c / claim.set.size;
}

function antonymHits(claim: Analysed, ev: Analysed): number {
  let hits = 0;
  for (const t of claim.set) {
    if (ev.set.has(t)) continue;
    const ants = antonymsOf(t);
    if (ants) {
      for (const a of ants) {
        if (ev.set.has(a) && !claim.set.has(a)) {
          hits++;
          break;
        }
      }
    }
    // Morphological negation: "noninfectious" vs "infectious".
    for (const p of NEGATING_PREFIXES) {
      if (t.startsWith(p) && t.length - p.length >= 5 && ev.set.has(t.slice(p.length))) hits++;
    }
  }
  for (const t of ev.set) {
    if (claim.set.has(t)) continue;
    for (const p of NEGATING_PREFIXES) {
      if (t.startsWith(p) && t.length - p.length >= 5 && claim.set.has(t.slice(p.length))) hits++;
    }
  }
  return hits;
}

export interface FeatureResult {
  features: number[];
  /** Index of the candidate the features were read from (-1: none). */
  best: number;
}

const cache = new Map<string, Analysed>();
function analyseCached(text: string): Analysed {
  let a = cache.get(text);
  if (!a) {
    a = analyse(text);
    if (cache.size > 5000) cache.clear();
    cache.set(text, a);
  }
  return a;
}

export function claimFeatures(claim: string, evidence: EvidenceCandidate[]): FeatureResult {
  const c = analyse(claim);
  const f: Record<FeatureName, number> = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as Record<
    FeatureName,
    number
  >;
  f.claim_len = Math.log1p(c.set.size);
  f.claim_has_number = c.numbers.size > 0 ? 1 : 0;
  f.claim_absolute = c.absolute ? 1 : 0;
  f.cjk = /[\u3400-\u9fff]/.test(claim) ? 1 : 0;
  if (evidence.length === 0 || c.set.size === 0) {
    f.no_evidence = 1;
    return { features: FEATURE_NAMES.map((n) => f[n]), best: -1 };
  }
  // Choose the candidate whose sentence covers the claim best; ties → better rank.
  let best = 0;
  let bestCov = -1;
  for (let i = 0; i < evidence.length; i++) {
    const s = analyseCached(evidence[i].sentence);
    const p = analyseCached(evidence[i].passage);
    const cov = 0.7 * coverage(c, s.set) + 0.3 * coverage(c, p.set);
    if (cov > bestCov + 1e-9) {
      bestCov = cov;
      best = i;
    }
  }
  // Features read from the chosen candidate only: how many candidates there
  // are (5 at check time, 1–3 in the training data) must not matter.
  const cand = evidence[best];
  const s = analyseCached(cand.sentence);
  const p = analyseCached(cand.passage);
  const covS = coverage(c, s.set);
  const covP = coverage(c, p.set);
  f.cov_sentence = covS;
  f.cov_passage = covP;
  f.cov_sentence_sq = covS * covS;
  let longTotal = 0;
  let longHit = 0;
  for (const t of c.long) {
    longTotal++;
    if (p.set.has(t)) longHit++;
  }
  f.cov_long_terms = longTotal ? longHit / longTotal : covP;
  f.idf_cov_sentence = idfCoverage(c, s.set);
  f.idf_cov_passage = idfCoverage(c, p.set);
  let maxMissing = 0;
  for (const t of c.set) if (!p.set.has(t)) maxMissing = Math.max(maxMissing, backgroundIdf.idf(t));
  f.max_missing_idf = maxMissing / 10;
  const sBigrams = new Set<string>();
  for (let i = 0; i + 1 < s.terms.length; i++) sBigrams.add(s.terms[i] + ' ' + s.terms[i + 1]);
  let bg = 0;
  let bgTotal = 0;
  for (let i = 0; i + 1 < c.terms.length; i++) {
    bgTotal++;
    if (sBigrams.has(c.terms[i] + ' ' + c.terms[i + 1])) bg++;
  }
  f.bigram_cov = bgTotal ? bg / bgTotal : covS;
  let missing = 0;
  for (const t of c.set) if (!p.set.has(t)) missing++;
  f.missing_terms = Math.min(missing, 6) / 6;
  f.all_in_sentence = covS === 1 ? 1 : 0;
  // Evidence about another subject ("pseudogout" for "gout") often shares
  // the rest of the claim: is the claim's first content word there?
  const subject = c.terms[0];
  f.subject_in_sentence = subject !== undefined && s.set.has(subject) ? 1 : 0;
  f.one_missing_high_cov = missing >= 1 && missing <= 2 && covP >= 0.6 ? 1 : 0;
  f.sentence_len = Math.log1p(s.set.size);
  let inter = 0;
  for (const t of c.set) if (s.set.has(t)) inter++;
  const union = c.set.size + s.set.size - inter;
  f.jaccard = union ? inter / union : 0;
  f.extra_evidence_ratio = s.set.size ? (s.set.size - inter) / s.set.size : 0;
  if (c.numbers.size) {
    let hit = 0;
    for (const n of c.numbers) if (p.numbers.has(n)) hit++;
    f.number_match = hit / c.numbers.size;
    f.number_mismatch = hit === 0 && s.numbers.size > 0 ? 1 : 0;
  }
  // Only a mismatch counts: negated claims are not more often false in
  // themselves (the training sets suggest so, a bias we do not want).
  f.negation_mismatch = c.negations % 2 !== s.negations % 2 ? 1 : 0;
  f.negation_mismatch_x_cov = f.negation_mismatch * covS;
  const ant = antonymHits(c, s) + 0.5 * antonymHits(c, p);
  f.antonym = Math.min(ant, 2);
  f.antonym_x_cov = f.antonym * covP;
  f.evidence_hedged = s.hedged ? 1 : 0;
  f.absolute_x_hedged = f.claim_absolute * f.evidence_hedged;
  return { features: FEATURE_NAMES.map((n) => f[n]), best };
}
