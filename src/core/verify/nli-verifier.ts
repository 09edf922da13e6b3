// Verdicts from a natural-language-inference model: each top evidence
// candidate is a premise (its best sentence, and the whole passage when that
// says more), the claim is the hypothesis. The strongest entailment and the
// strongest contradiction over all premises decide, with thresholds.
import type { Verdict, VerdictProbabilities } from '../types.ts';
import type { NLIModel, NLIPair, NLIScores } from '../models/types.ts';
import type { EvidenceCandidate, Verifier, VerifierInput, VerifierOutput } from './types.ts';

export interface NLIThresholds {
  /** Entailment probability needed for "supported". */
  support: number;
  /** Contradiction probability needed for "contradicted". */
  contradict: number;
}

export interface NLIVerifierOptions {
  /** Candidates per claim sent to the model, best-ranked first (default 3). */
  topK?: number;
  /** Also use the whole passage as a premise when it differs from the sentence (default true). */
  usePassage?: boolean;
  /** Defaults: 0.5 / 0.5 (not calibrated yet). */
  thresholds?: Partial<NLIThresholds>;
  /** Pairs per model call. */
  batchSize?: number;
  signal?: AbortSignal;
}

export const DEFAULT_NLI_THRESHOLDS: NLIThresholds = { support: 0.5, contradict: 0.5 };

/** How one claim's NLI scores turn into a verdict; exported for calibration scripts. */
export function nliVerdict(
  perCandidate: { index: number; scores: NLIScores }[],
  thresholds: NLIThresholds,
): VerifierOutput {
  if (perCandidate.length === 0) {
    return {
      verdict: 'unverifiable',
      confidence: 1,
      probabilities: { supported: 0, contradicted: 0, unverifiable: 1 },
      evidenceIndex: -1,
      reason: 'No evidence passage matched the claim.',
    };
  }
  let bestE = perCandidate[0];
  let bestC = perCandidate[0];
  for (const c of perCandidate) {
    if (c.scores.entailment > bestE.scores.entailment) bestE = c;
    if (c.scores.contradiction > bestC.scores.contradiction) bestC = c;
  }
  const e = bestE.scores.entailment;
  const k = bestC.scores.contradiction;
  // The two maxima may come from different premises and sum past 1: then
  // they share the mass and nothing is left for "unverifiable".
  const total = e + k;
  const probabilities: VerdictProbabilities =
    total > 1
      ? { supported: e / total, contradicted: k / total, unverifiable: 0 }
      : { supported: e, contradicted: k, unverifiable: 1 - total };
  let verdict: Verdict = 'unverifiable';
  if (e >= thresholds.support && e >= k) verdict = 'supported';
  else if (k >= thresholds.contradict) verdict = 'contradicted';
  else if (e >= thresholds.support) verdict = 'supported';
  const pct = (x: number) => `${Math.round(100 * x)} %`;
  if (verdict === 'supported') {
    const reason = `The NLI model reads the evidence as entailing the claim (entailment ${pct(e)}).`;
    return { verdict, confidence: probabilities.supported, probabilities, evidenceIndex: bestE.index, reason };
  }
  if (verdict === 'contradicted') {
    const reason = `The NLI model reads the evidence as contradicting the claim (contradiction ${pct(k)}).`;
    return { verdict, confidence: probabilities.contradicted, probabilities, evidenceIndex: bestC.index, reason };
  }
  // Neither side is strong enough: confidence is how far the strongest is from certainty.
  const reason = `The NLI model finds neither entailment (${pct(e)}) nor contradiction (${pct(k)}) strong enough.`;
  return { verdict, confidence: 1 - Math.max(e, k), probabilities, evidenceIndex: -1, reason };
}

export class NLIVerifier implements Verifier {
  readonly name = 'nli';
  readonly version: string;
  private readonly topK: number;
  private readonly usePassage: boolean;
  private readonly thresholds: NLIThresholds;

  constructor(
    private readonly model: NLIModel,
    private readonly opts: NLIVerifierOptions = {},
  ) {
    this.topK = Math.max(1, opts.topK ?? 3);
    this.usePassage = opts.usePassage ?? true;
    this.thresholds = { ...DEFAULT_NLI_THRESHOLDS, ...opts.thresholds };
    this.version = `nli@${model.id}|k${this.topK}|${this.usePassage ? 'sp' : 's'}|${this.thresholds.support},${this.thresholds.contradict}`;
  }

  /** Premises for one candidate: its sentence, and its passage when that adds text. */
  private premises(c: EvidenceCandidate): string[] {
    const out: string[] = [];
    const sentence = c.sentence.trim();
    const passage = c.passage.trim();
    if (sentence) out.push(sentence);
    if (this.usePassage && passage && passage !== sentence) out.push(passage);
    if (out.length === 0 && passage) out.push(passage);
    return out;
  }

  async verify(inputs: VerifierInput[]): Promise<VerifierOutput[]> {
    // One model call for all claims: the model batches by length itself.
    const pairs: NLIPair[] = [];
    const owners: { input: number; candidate: number }[] = [];
    inputs.forEach((input, i) => {
      const hypothesis = input.claim.trim();
      if (!hypothesis) return;
      const top = input.evidence
        .map((c, index) => ({ c, index }))
        .sort((a, b) => a.c.rank - b.c.rank)
        .slice(0, this.topK);
      for (const { c, index } of top) {
        for (const premise of this.premises(c)) {
          pairs.push({ premise, hypothesis });
          owners.push({ input: i, candidate: index });
        }
      }
    });
    const scores = pairs.length ? await this.model.classify(pairs, { batchSize: this.opts.batchSize, signal: this.opts.signal }) : [];
    // Per claim and candidate: the strongest entailment and contradiction over its premises.
    const perInput = inputs.map(() => new Map<number, NLIScores>());
    scores.forEach((s, j) => {
      const { input, candidate } = owners[j];
      const prev = perInput[input].get(candidate);
      perInput[input].set(
        candidate,
        prev
          ? {
              entailment: Math.max(prev.entailment, s.entailment),
              contradiction: Math.max(prev.contradiction, s.contradiction),
              neutral: Math.min(prev.neutral, s.neutral),
            }
          : s,
      );
    });
    return perInput.map((m) => nliVerdict([...m].map(([index, s]) => ({ index, scores: s })), this.thresholds));
  }
}
