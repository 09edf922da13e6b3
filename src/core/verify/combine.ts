// Combining verifiers (e.g. NLI + lexical features): a weighted average of
// their verdict probabilities. Weights are configuration, to be calibrated
// on the evaluation sets.
import { VERDICTS, type Verdict, type VerdictProbabilities } from '../types.ts';
import type { Verifier, VerifierInput, VerifierOutput } from './types.ts';
import { InvalidInputError } from '../errors.ts';

export interface WeightedVerdict {
  output: VerifierOutput;
  weight: number;
}

/**
 * Weighted average of probabilities; the verdict is the most probable one.
 * The evidence shown is the one chosen by the verifier that agrees with the
 * final verdict and gives it the most weighted probability.
 */
export function combineVerdicts(parts: WeightedVerdict[]): VerifierOutput {
  const used = parts.filter((p) => p.weight > 0);
  const totalWeight = used.reduce((s, p) => s + p.weight, 0);
  if (used.length === 0 || totalWeight <= 0) {
    throw new InvalidInputError('combineVerdicts needs at least one verdict with a positive weight');
  }
  const probabilities = { supported: 0, contradicted: 0, unverifiable: 0 } as VerdictProbabilities;
  for (const p of used) {
    for (const v of VERDICTS) probabilities[v] += (p.weight / totalWeight) * p.output.probabilities[v];
  }
  let verdict: Verdict = 'unverifiable';
  for (const v of VERDICTS) if (probabilities[v] > probabilities[verdict]) verdict = v;
  let evidenceIndex = -1;
  if (verdict !== 'unverifiable') {
    let best = -1;
    for (const p of used) {
      const s = p.weight * p.output.probabilities[verdict];
      if (p.output.verdict === verdict && p.output.evidenceIndex >= 0 && s > best) {
        best = s;
        evidenceIndex = p.output.evidenceIndex;
      }
    }
    if (evidenceIndex < 0) {
      // No verifier picked this verdict on its own: take the evidence of the one leaning most towards it.
      for (const p of used) {
        const s = p.weight * p.output.probabilities[verdict];
        if (p.output.evidenceIndex >= 0 && s > best) {
          best = s;
          evidenceIndex = p.output.evidenceIndex;
        }
      }
    }
  }
  // The reason (and the evidence sentence) of the verifier that agrees with the
  // final verdict and weighs most; when none agrees, say that they disagree.
  let agreeing: WeightedVerdict | undefined;
  for (const p of used) {
    if (p.output.verdict !== verdict) continue;
    if (!agreeing || p.weight * p.output.probabilities[verdict] > agreeing.weight * agreeing.output.probabilities[verdict]) agreeing = p;
  }
  const out: VerifierOutput = { verdict, confidence: probabilities[verdict], probabilities, evidenceIndex };
  if (agreeing?.output.reason) out.reason = agreeing.output.reason;
  else out.reason = `The verifiers disagree (${used.map((p) => p.output.verdict).join(' vs ')}); their weighted probabilities make it ${verdict}.`;
  if (agreeing?.output.sentence && agreeing.output.evidenceIndex === evidenceIndex) out.sentence = agreeing.output.sentence;
  return out;
}

export interface WeightedVerifier {
  verifier: Verifier;
  weight: number;
}

/** Runs several verifiers on the same inputs and combines their verdicts. */
export class CombinedVerifier implements Verifier {
  readonly name: string;
  readonly version: string;

  constructor(private readonly parts: WeightedVerifier[]) {
    if (parts.length === 0) throw new InvalidInputError('CombinedVerifier needs at least one verifier');
    this.name = parts.map((p) => p.verifier.name).join('+');
    this.version = parts.map((p) => `${p.verifier.version}*${p.weight}`).join('+');
  }

  async verify(inputs: VerifierInput[]): Promise<VerifierOutput[]> {
    const outputs = await Promise.all(this.parts.map((p) => p.verifier.verify(inputs)));
    return inputs.map((_, i) => ({
      ...combineVerdicts(this.parts.map((p, j) => ({ output: outputs[j][i], weight: p.weight }))),
      parts: this.parts.map((p, j) => {
        const o = outputs[j][i];
        return {
          name: p.verifier.name,
          version: p.verifier.version,
          weight: p.weight,
          verdict: o.verdict,
          confidence: o.confidence,
          probabilities: o.probabilities,
        };
      }),
    }));
  }
}
