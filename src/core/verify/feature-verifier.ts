// The verifier without neural models: lexical features + a small logistic
// regression whose weights the project trains itself (weights.json, made by
// scripts/train-verifier.ts on the training splits in ../shared/data/eval).
import type { Verdict } from '../types.ts';
import type { Verifier, VerifierInput, VerifierOutput } from './types.ts';
import { FEATURE_NAMES, claimFeatures } from './features.ts';
import { predictProba, type LogisticModel } from './logistic.ts';
import defaultWeights from './weights.json' with { type: 'json' };

export class FeatureVerifier implements Verifier {
  readonly name = 'features-lr';
  readonly version: string;
  constructor(private readonly model: LogisticModel) {
    const names = model.features.join(',');
    if (names !== FEATURE_NAMES.join(',')) {
      throw new Error(
        'Verifier weights do not match the feature set; run `npm run train:verifier` to retrain them.',
      );
    }
    this.version = `features-lr@${model.createdAt ?? 'dev'}`;
  }

  verifyOne(input: VerifierInput): VerifierOutput {
    const { features, best } = claimFeatures(input.claim, input.evidence);
    const p = predictProba(this.model, features);
    const probabilities = { supported: 0, contradicted: 0, unverifiable: 0 } as Record<Verdict, number>;
    this.model.classes.forEach((c, i) => (probabilities[c] = p[i]));
    let verdict: Verdict = 'unverifiable';
    let confidence = -1;
    for (const c of this.model.classes) {
      if (probabilities[c] > confidence) {
        confidence = probabilities[c];
        verdict = c;
      }
    }
    if (best < 0) {
      verdict = 'unverifiable';
      confidence = Math.max(confidence, probabilities.unverifiable);
    }
    return { verdict, confidence, probabilities, evidenceIndex: best };
  }

  async verify(inputs: VerifierInput[]): Promise<VerifierOutput[]> {
    return inputs.map((i) => this.verifyOne(i));
  }
}

export function createFeatureVerifier(model: LogisticModel = defaultWeights as unknown as LogisticModel): FeatureVerifier {
  return new FeatureVerifier(model);
}
