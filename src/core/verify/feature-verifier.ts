// The verifier without neural models: a word alignment of the claim with its
// evidence (align.ts), features read from it (features.ts), and a small
// logistic regression the project trains itself (weights.json, made by
// scripts/train-verifier.ts on the training splits in ../shared/data/eval).
// Its probabilities are calibrated (a temperature fitted on held-out data),
// and a claim is called supported or contradicted only above a threshold
// chosen on the development sets; below it the claim is unverifiable and the
// verdict it leaned to is kept as `lean`. Every verdict says why, in words.
import type { Verdict, VerdictProbabilities } from '../types.ts';
import type { Verifier, VerifierInput, VerifierOutput } from './types.ts';
import { FEATURE_NAMES, claimFeatures, type Cues, type EvidenceChoice } from './features.ts';
import { calibratedConfidence, logits, LogisticModelSchema, softmax, type Calibration, type EvidenceMode, type LogisticModel } from './logistic.ts';
import type { Alignment, Term } from './align.ts';
import { VerifierWeightsError } from '../errors.ts';
import { parseWith } from '../validate.ts';
import defaultWeights from './weights.json' with { type: 'json' };

/** Defaults when the weights carry no calibration (older weight files). */
export const DEFAULT_THRESHOLDS = { supported: 0.5, contradicted: 0.5 };

export class FeatureVerifier implements Verifier {
  readonly name = 'features-lr';
  readonly version: string;
  constructor(private readonly model: LogisticModel) {
    const names = model.features.join(',');
    if (names !== FEATURE_NAMES.join(',')) {
      throw new VerifierWeightsError(
        'Verifier weights do not match the feature set; run `npm run train:verifier` to retrain them.',
      );
    }
    this.version = `features-lr@${model.createdAt ?? 'dev'}`;
  }

  /** Calibrated class probabilities for a feature vector and its cues. */
  probabilities(x: number[], cues: Cues, mode: EvidenceMode = 'retrieved'): VerdictProbabilities {
    return modelProbabilities(this.model, x, cues, this.model.calibration?.[mode]);
  }

  verifyOne(input: VerifierInput): VerifierOutput {
    const mode = input.mode ?? 'retrieved';
    const { features, cues, best, choice } = claimFeatures(input.claim, input.evidence);
    const probabilities = this.probabilities(features, cues, mode);
    const calibration = this.model.calibration?.[mode];
    const thresholds = calibration?.thresholds ?? DEFAULT_THRESHOLDS;
    const supportable = maySupport(mode, cues);
    const { verdict, lean } = decide(probabilities, thresholds, best >= 0, supportable);
    const confidence = calibratedConfidence(probabilities[verdict], calibration?.confidence);
    const out: VerifierOutput = {
      verdict,
      confidence,
      probabilities,
      evidenceIndex: best,
      reason: reasonFor(verdict, lean, probabilities, choice),
    };
    if (lean) out.lean = lean;
    if (!supportable) out.supportWithheld = true;
    if (choice) out.sentence = { text: choice.sentence, start: choice.span[0], end: choice.span[1] };
    return out;
  }

  async verify(inputs: VerifierInput[]): Promise<VerifierOutput[]> {
    return inputs.map((i) => this.verifyOne(i));
  }
}

/** The model's log-odds, plus the cue priors, over the temperature, through a softmax. */
export function modelProbabilities(model: LogisticModel, x: number[], cues: Cues, calibration?: Calibration): VerdictProbabilities {
  const z = logits({ ...model, classOffsets: undefined }, x);
  const prior = calibration?.cuePriors;
  if (prior) {
    z[model.classes.indexOf('contradicted')] += prior.contradiction * cues.contradiction;
    z[model.classes.indexOf('unverifiable')] += prior.missingPredicate * cues.missingPredicate + prior.missingSubject * cues.missingSubject;
  }
  const t = calibration?.temperature ?? 1;
  const p = softmax(z.map((v) => v / t));
  const out: VerdictProbabilities = { supported: 0, contradicted: 0, unverifiable: 0 };
  model.classes.forEach((c, i) => (out[c] = p[i]));
  return out;
}

/**
 * Retrieved evidence backs a claim only when it has the claim's relation
 * (its verbs: "caused", "spreads", "prescribed"): a passage that shares the
 * claim's nouns ("type 2 diabetes", "eating", "sugar") but not what it says
 * of them is at most leaning. Evidence given with the claim is read as it is.
 */
export function maySupport(mode: EvidenceMode, cues: Cues): boolean {
  return mode === 'given' || !cues.relationMissing;
}

/**
 * Supported or contradicted only when its calibrated probability clears the
 * threshold (and beats the other); otherwise unverifiable, leaning to the
 * likelier of the two when that one is the most probable class.
 */
export function decide(
  p: VerdictProbabilities,
  thresholds: { supported: number; contradicted: number },
  hasEvidence: boolean,
  maySupport = true,
): { verdict: Verdict; lean?: Verdict } {
  if (!hasEvidence) return { verdict: 'unverifiable' };
  const top: Verdict = p.supported >= p.contradicted ? 'supported' : 'contradicted';
  if (p[top] >= thresholds[top] && p[top] >= p.unverifiable && (top === 'contradicted' || maySupport)) return { verdict: top };
  if (p[top] > p.unverifiable) return { verdict: 'unverifiable', lean: top };
  return { verdict: 'unverifiable' };
}

const q = (s: string) => `“${s}”`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pct = (x: number) => `${Math.round(100 * x)} %`;

function listWords(terms: Term[], n = 4): string {
  const words = [...new Set(terms.map((t) => t.surface))].slice(0, n);
  return words.map(q).join(', ');
}

/** The cue that speaks against the claim, in words; null when there is none. */
export function contradictionCue(a: Alignment): string | null {
  if (a.antonyms.length) return `the claim says ${q(a.antonyms[0].claim.surface)}; the evidence says ${q(a.antonyms[0].evidence.surface)}`;
  if (a.sameClass.length) return `the claim says ${q(a.sameClass[0].claim.surface)}; the evidence says ${q(a.sameClass[0].evidence.surface)}`;
  if (a.numbers.mismatch) return `the claim says ${q(a.numbers.mismatch.claim)}; the evidence says ${q(a.numbers.mismatch.evidence)}`;
  if (a.direction) return `the claim says ${q(a.direction.claim)}; the evidence says ${q(a.direction.evidence)}`;
  if (a.quantifier) return `the claim says ${q(a.quantifier.claim)}; the evidence says ${q(a.quantifier.evidence)}`;
  if (a.negationMismatch) {
    // Name the word the negation is about: what the claim says of its subject first, then the rarest.
    const negated = a.matched
      .filter((m) => m.claim.negated !== m.evidence.negated)
      .sort((x, y) => Number(y.claim.predicate) - Number(x.claim.predicate) || y.claim.idf - x.claim.idf)[0];
    const word = negated ? q(negated.claim.surface) : 'it';
    return negated?.evidence.negated ? `the evidence negates ${word}, the claim affirms it` : `the claim negates ${word}, the evidence affirms it`;
  }
  if (a.substitutions.length) return `the claim says ${q(a.substitutions[0].claim.surface)} where the evidence says ${q(a.substitutions[0].evidence.surface)}`;
  return null;
}

export function reasonFor(
  verdict: Verdict,
  lean: Verdict | undefined,
  p: VerdictProbabilities,
  choice: EvidenceChoice | null,
): string {
  if (!choice) return 'No evidence passage matched the claim.';
  const a = choice.alignment;
  const cue = contradictionCue(a);
  const missing = choice.passage.keyMissing;
  if (verdict === 'contradicted') {
    return cue ? `${capital(cue)}.` : `The evidence is about ${listWords(a.matched.map((m) => m.claim))} but does not agree with the claim.`;
  }
  if (verdict === 'supported') {
    const syn = a.synonyms.length ? ` (${a.synonyms.slice(0, 2).map((s) => `${q(s.claim.surface)} ≈ ${q(s.evidence.surface)}`).join(', ')})` : '';
    const num = a.numbers.claimHas && a.numbers.match ? '; the numbers agree' : '';
    return `The evidence says the same about ${listWords(a.matched.map((m) => m.claim))}${syn}${num}.`;
  }
  if (lean === 'contradicted') {
    return `The evidence leans against the claim${cue ? ` (${cue})` : ''} at ${pct(p.contradicted)}: not firm enough to call it contradicted.`;
  }
  if (lean === 'supported') {
    const gap = missing ? `, but it does not mention ${q(missing.surface)}` : '';
    return `The evidence leans towards the claim at ${pct(p.supported)}${gap}: not firm enough to call it supported.`;
  }
  if (missing && a.matched.length) return `The evidence mentions ${listWords(a.matched.map((m) => m.claim), 3)} but says nothing about ${q(missing.surface)}.`;
  if (!a.matched.length) return 'The nearest evidence shares no key words with the claim.';
  return 'The evidence neither confirms nor contradicts the claim.';
}

/** Checks verifier weights (a weights.json); throws VerifierWeightsError saying what is wrong and where. */
export function parseWeights(json: unknown, where = 'The verifier weights (weights.json)'): LogisticModel {
  return parseWith(LogisticModelSchema, json, where, (problems) => new VerifierWeightsError(`${where} are damaged: ${problems}. Run \`npm run train:verifier\` to retrain them.`));
}

let bundled: LogisticModel | undefined;

/** The bundled weights, checked once. */
export function defaultModel(): LogisticModel {
  bundled ??= parseWeights(defaultWeights);
  return bundled;
}

export function createFeatureVerifier(model: LogisticModel = defaultModel()): FeatureVerifier {
  return new FeatureVerifier(model);
}
