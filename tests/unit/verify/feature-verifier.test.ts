import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFeatureVerifier, decide, defaultModel, parseWeights } from '../../../src/core/verify/feature-verifier.ts';
import { VerifierWeightsError } from '../../../src/core/errors.ts';
import { FEATURE_NAMES, claimFeatures } from '../../../src/core/verify/features.ts';
import { calibratedConfidence, train, predictProba, type LogisticModel } from '../../../src/core/verify/logistic.ts';
import { verifyClaims } from '../../../src/core/check.ts';
import { PassageRetriever } from '../../../src/core/retrieval/passages.ts';
import { computeMetrics } from '../../../src/core/eval/metrics.ts';
import { SHARED_EVAL, loadCheckCovid } from '../../../scripts/eval-data.ts';
import weights from '../../../src/core/verify/weights.json' with { type: 'json' };

const hasSharedEval = existsSync(SHARED_EVAL);
if (!hasSharedEval) console.warn(`Check-COVID baseline test skipped: ${SHARED_EVAL} not found (see ../shared/data/README.md).`);
import type { Verdict } from '../../../src/core/types.ts';

const GLAUCOMA =
  "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness. " +
  'However, with early detection and treatment, you can often protect your eyes against serious vision loss.';
const HOOKWORM =
  'Dog and cat hookworms are found throughout the world, especially in warmer climates. ' +
  'There is no blood test for zoonotic hookworm infection.';

async function verdictOf(claim: string, passages: string[]) {
  const [r] = await verifyClaims([{ text: claim }], {
    retriever: new PassageRetriever(passages),
    verifier: createFeatureVerifier(),
    corpora: { given: 'given' },
  });
  return r;
}

describe('features', () => {
  it('has one weight per feature in the committed model', () => {
    expect(weights.features).toEqual([...FEATURE_NAMES]);
    for (const w of weights.weights) expect(w).toHaveLength(FEATURE_NAMES.length);
  });

  it('the committed weights pass their schema; damaged ones are refused saying where', () => {
    expect(parseWeights(weights)).toEqual(defaultModel());
    expect(defaultModel().calibration?.given.thresholds).toEqual(weights.calibration.given.thresholds);
    const bad = structuredClone(weights) as unknown as { weights: unknown[][]; calibration: { given: Record<string, unknown> } };
    bad.weights[1][4] = 'NaN';
    bad.calibration.given.temperature = 0;
    expect(() => parseWeights(bad)).toThrow(VerifierWeightsError);
    expect(() => parseWeights(bad)).toThrow(
      'The verifier weights (weights.json) are damaged: weights[1][4]: expected number, got "NaN"; calibration.given.temperature: must be a positive number. Run `npm run train:verifier` to retrain them.',
    );
    const short = structuredClone(weights);
    short.mean.pop();
    expect(() => parseWeights(short)).toThrow(`mean and std need one value per feature (${FEATURE_NAMES.length})`);
  });

  it('measures coverage, negation and antonym mismatch', () => {
    const ev = [{ sentence: 'Aspirin lowers the risk of heart attack.', passage: 'Aspirin lowers the risk of heart attack.', score: 1, rank: 0 }];
    const get = (claim: string) => {
      const { features } = claimFeatures(claim, ev);
      return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, features[i]]));
    };
    const same = get('Aspirin lowers the risk of heart attack.');
    expect(same.coverage).toBe(1);
    expect(same.negation_mismatch).toBe(0);
    expect(get('Aspirin does not lower the risk of heart attack.').negation_mismatch).toBe(1);
    expect(get('Aspirin raises the risk of heart attack.').antonym).toBeGreaterThan(0);
    expect(get('Aspirin lowers the risk of heart attack by 50%.').number_mismatch).toBe(0);
    const none = claimFeatures('Anything at all', []);
    expect(none.best).toBe(-1);
    expect(none.features[FEATURE_NAMES.indexOf('no_evidence')]).toBe(1);
  });
});

describe('FeatureVerifier', () => {
  it('supports a claim the evidence states', async () => {
    const r = await verdictOf('Glaucoma can damage the optic nerve of the eye.', [GLAUCOMA, HOOKWORM]);
    expect(r.verdict).toBe('supported');
    expect(r.evidence[0].sentence).toMatch(/^Glaucoma is a group/);
  });

  it('contradicts a claim that negates the evidence', async () => {
    expect((await verdictOf('Glaucoma cannot damage the optic nerve of the eye.', [GLAUCOMA, HOOKWORM])).verdict).toBe('contradicted');
    expect((await verdictOf('There is a blood test for zoonotic hookworm infection.', [GLAUCOMA, HOOKWORM])).verdict).toBe('contradicted');
  });

  it('supports a negative claim that the evidence states negatively', async () => {
    expect((await verdictOf('There is no blood test for zoonotic hookworm infection.', [GLAUCOMA, HOOKWORM])).verdict).toBe('supported');
  });

  it('calls a claim unverifiable when the evidence is about something else', async () => {
    const r = await verdictOf('Metformin is the first-line drug for type 2 diabetes.', [GLAUCOMA, HOOKWORM]);
    expect(r.verdict).toBe('unverifiable');
  });

  it('returns unverifiable with no evidence at all', async () => {
    const [out] = await createFeatureVerifier().verify([{ claim: 'Zinc cures colds.', evidence: [] }]);
    expect(out.verdict).toBe('unverifiable');
    expect(out.evidenceIndex).toBe(-1);
  });

  it('gives probabilities that sum to one, a verdict by the calibrated thresholds and its calibrated confidence', async () => {
    const calibration = (weights as unknown as LogisticModel).calibration!.given;
    for (const claim of ['Hookworms are found throughout the world.', 'There is a blood test for hookworm infection.', 'Hookworms live only in cold climates.']) {
      const r = await verdictOf(claim, [HOOKWORM]);
      const p = r.probabilities;
      expect(p.supported + p.contradicted + p.unverifiable).toBeCloseTo(1);
      expect(r.verdict).toBe(decide(p, calibration.thresholds, true).verdict);
      expect(r.confidence).toBeCloseTo(calibratedConfidence(p[r.verdict], calibration.confidence));
      expect(r.reason).toBeTruthy();
    }
  });

  it('abstains below the threshold and keeps the verdict it leaned to', () => {
    const th = { supported: 0.6, contradicted: 0.6 };
    expect(decide({ supported: 0.7, contradicted: 0.2, unverifiable: 0.1 }, th, true)).toEqual({ verdict: 'supported' });
    expect(decide({ supported: 0.5, contradicted: 0.3, unverifiable: 0.2 }, th, true)).toEqual({ verdict: 'unverifiable', lean: 'supported' });
    expect(decide({ supported: 0.2, contradicted: 0.3, unverifiable: 0.5 }, th, true)).toEqual({ verdict: 'unverifiable' });
    expect(decide({ supported: 0.9, contradicted: 0.05, unverifiable: 0.05 }, th, false)).toEqual({ verdict: 'unverifiable' });
  });

  it.skipIf(!hasSharedEval)('beats the majority-class baseline on held-out Check-COVID dev claims (needs ../shared/data/eval)', async () => {
    const records = loadCheckCovid('dev');
    const gold: Verdict[] = [];
    const pred: Verdict[] = [];
    for (const r of records) {
      gold.push(r.label as Verdict);
      pred.push((await verdictOf(r.claim, r.evidence ?? [])).verdict);
    }
    const m = computeMetrics(gold, pred);
    const majority = Math.max(...Object.values(m.per_label).map((l) => l.support)) / m.n;
    expect(m.accuracy).toBeGreaterThan(majority);
    expect(m.macro_f1).toBeGreaterThan(1 / 3);
  });
});

describe('logistic regression training', () => {
  it('learns a separable three-class problem', () => {
    const examples = [];
    for (let i = 0; i < 60; i++) {
      const c = i % 3;
      examples.push({ x: [c === 0 ? 1 : 0, c === 1 ? 1 : 0, (i % 7) / 7], y: c });
    }
    const model = train(examples, ['a', 'b', 'noise'], { epochs: 300 });
    for (const e of examples) {
      const p = predictProba(model, e.x);
      expect(p.indexOf(Math.max(...p))).toBe(e.y);
    }
  });

  it('trains on partial labels ("not supported") without favouring either allowed class', () => {
    const examples = [
      ...Array.from({ length: 20 }, () => ({ x: [1], y: 0 })),
      ...Array.from({ length: 20 }, () => ({ x: [-1], y: [1, 2] })),
    ];
    const model = train(examples, ['x'], { epochs: 300 });
    const p = predictProba(model, [-1]);
    expect(p[0]).toBeLessThan(0.2);
    expect(Math.abs(p[1] - p[2])).toBeLessThan(0.1);
  });
});
