// Features of a claim against its evidence, read from a word alignment
// (align.ts). They feed the logistic-regression verifier; the same code runs
// at training time (scripts/train-verifier.ts) and at check time.
// Every feature reads the meaning of the text (what matches, what is
// opposite, what is missing), never the shape of a dataset: not how many
// evidence sentences an item has, nor how long they are.
import { sentenceSpans } from '../text/sentences.ts';
import { align, alignmentScore, analyse, hasContradictionCue, type Alignment, type Analysis } from './align.ts';
import type { EvidenceCandidate } from './types.ts';

export const FEATURE_NAMES = [
  'coverage',
  'coverage_sq',
  'coverage_passage',
  'order',
  'subject_matched',
  'key_missing_idf',
  'relation_missing',
  'predicate_coverage',
  'subject_coverage',
  'synonym_share',
  'antonym',
  'antonym_x_cov',
  'substitution',
  'substitution_x_cov',
  'same_class_substitution',
  'negation_mismatch',
  'negation_x_cov',
  'quantifier_conflict',
  'quantifier_x_cov',
  'direction_conflict',
  'direction_x_cov',
  'claim_has_number',
  'number_match',
  'number_mismatch',
  'claim_absolute',
  'evidence_partial',
  'no_evidence',
  'cjk',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface EvidenceChoice {
  /** Index of the candidate passage (-1: none). */
  index: number;
  /** The evidence sentence aligned best with the claim, and its span in the passage. */
  sentence: string;
  span: [number, number];
  /** Its alignment with the claim (the cues behind the verdict). */
  alignment: Alignment;
  /** The claim aligned with the whole passage (what the passage says anywhere). */
  passage: Alignment;
}

/**
 * Cues that medicine needs but the training sets (news and abstracts about
 * COVID-19) rarely show, so a learned weight for them stays near zero. They
 * add a prior to the model's log-odds instead (LogisticModel.cuePriors),
 * whose strength is chosen on the development sets.
 */
export interface Cues {
  /** Opposite words, another argument of the same kind, other numbers, direction or quantifier, with the rest of the claim matched. */
  contradiction: number;
  /** Share of the claim's predicate (what it says about its subject) that the evidence passage lacks, with no contradiction cue: nothing says whether it holds. */
  missingPredicate: number;
  /** Share of the claim's subject that the evidence passage lacks: the evidence is about something else. */
  missingSubject: number;
  /** A relation word of the claim (a verb after its subject) is nowhere in the evidence passage. */
  relationMissing: boolean;
}

export interface FeatureResult {
  features: number[];
  cues: Cues;
  /** Index of the candidate the features were read from (-1: none). */
  best: number;
  choice: EvidenceChoice | null;
  claim: Analysis;
}

const spanCache = new Map<string, [number, number][]>();
function sentencesOf(passage: string): [number, number][] {
  let s = spanCache.get(passage);
  if (!s) {
    s = sentenceSpans(passage);
    if (!s.length) s = [[0, passage.length]];
    if (spanCache.size > 5000) spanCache.clear();
    spanCache.set(passage, s);
  }
  return s;
}

/**
 * The evidence sentence that aligns best with the claim, over every sentence
 * of every candidate passage (ties go to the better-ranked passage).
 */
export function chooseEvidence(claim: Analysis, evidence: EvidenceCandidate[]): EvidenceChoice | null {
  let best: EvidenceChoice | null = null;
  let bestScore = -1;
  for (let i = 0; i < evidence.length; i++) {
    const passage = evidence[i].passage || evidence[i].sentence;
    const spans = sentencesOf(passage);
    // What the passage as a whole covers (its subject is often named only once).
    const whole = align(claim, analyse(passage));
    // Single sentences, and pairs of adjacent ones ("At first, glaucoma has no
    // symptoms. It causes no pain."), a pair only when it aligns clearly better.
    const windows: [number, number][] = spans.map((s) => [s[0], s[1]]);
    for (let k = 0; k + 1 < spans.length; k++) windows.push([spans[k][0], spans[k + 1][1]]);
    for (let w = 0; w < windows.length; w++) {
      const span = windows[w];
      const sentence = passage.slice(span[0], span[1]).trim();
      if (!sentence) continue;
      const a = align(claim, analyse(sentence));
      // A small preference for better-ranked passages and for single sentences.
      const score = alignmentScore(a) + 0.2 * whole.coverage - 0.002 * i - (w >= spans.length ? 0.12 : 0);
      if (score > bestScore + 1e-9) {
        bestScore = score;
        best = { index: i, sentence, span, alignment: a, passage: whole };
      }
    }
  }
  return best;
}

export function claimFeatures(claim: string, evidence: EvidenceCandidate[]): FeatureResult {
  const c = analyse(claim);
  const f = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as Record<FeatureName, number>;
  f.claim_has_number = c.quantities.length > 0 ? 1 : 0;
  f.claim_absolute = c.absolute ? 1 : 0;
  f.cjk = c.cjk ? 1 : 0;
  const choice = c.terms.length ? chooseEvidence(c, evidence) : null;
  if (!choice) {
    f.no_evidence = 1;
    return { features: FEATURE_NAMES.map((n) => f[n]), cues: { contradiction: 0, missingPredicate: 0, missingSubject: 0, relationMissing: false }, best: -1, choice: null, claim: c };
  }
  const a = choice.alignment;
  const p = choice.passage;
  const cov = a.coverage;
  f.coverage = cov;
  f.coverage_sq = cov * cov;
  f.coverage_passage = p.coverage;
  f.order = a.order;
  f.subject_matched = c.terms.length && p.matched.some((m) => m.claim.pos === 0) ? 1 : 0;
  f.key_missing_idf = p.keyMissing ? Math.min(p.keyMissing.idf, 12) / 12 : 0;
  f.relation_missing = p.relations > p.relationsMatched ? 1 : 0;
  f.predicate_coverage = p.predicateCoverage;
  f.subject_coverage = p.subjectCoverage;
  f.synonym_share = a.matched.length ? a.synonyms.length / a.matched.length : 0;
  f.antonym = Math.min(a.antonyms.length, 2);
  f.antonym_x_cov = f.antonym * cov;
  f.substitution = Math.min(a.substitutions.length, 2);
  f.substitution_x_cov = f.substitution * cov;
  f.same_class_substitution = a.sameClass.length ? 1 : 0;
  f.negation_mismatch = a.negationMismatch ? 1 : 0;
  f.negation_x_cov = f.negation_mismatch * cov;
  f.quantifier_conflict = a.quantifier ? 1 : 0;
  f.quantifier_x_cov = f.quantifier_conflict * cov;
  f.direction_conflict = a.direction ? 1 : 0;
  f.direction_x_cov = f.direction_conflict * cov;
  f.number_match = a.numbers.match || p.numbers.match;
  f.number_mismatch = a.numbers.mismatch && !p.numbers.match ? 1 : 0;
  const ev = analyse(choice.sentence);
  f.evidence_partial = ev.partial ? 1 : 0;
  const strong = hasContradictionCue(a);
  const cues: Cues = {
    contradiction: strong && cov >= 0.6 ? cov : 0,
    missingPredicate: strong ? 0 : 1 - p.predicateCoverage,
    missingSubject: 1 - p.subjectCoverage,
    relationMissing: p.relations > p.relationsMatched,
  };
  return { features: FEATURE_NAMES.map((n) => f[n]), cues, best: choice.index, choice, claim: c };
}
