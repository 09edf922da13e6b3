// Multinomial logistic regression: the small learned model behind the
// feature verifier. Pure, deterministic; training lives here too so the
// training script and the tests share it.
import * as v from 'valibot';
import type { Verdict } from '../types.ts';
import { VERDICTS } from '../types.ts';

export interface LogisticModel {
  kind: 'multinomial-logistic';
  classes: Verdict[];
  features: string[];
  /** Standardisation applied before the linear layer. */
  mean: number[];
  std: number[];
  /** weights[c][f] */
  weights: number[][];
  bias: number[];
  /** Added to the log-odds of each class at decision time (tuned for macro-F1). */
  classOffsets?: number[];
  /**
   * Calibration fitted on held-out data: logits are divided by `temperature`
   * before the softmax, and supported/contradicted are shown only at or above
   * their threshold (abstention below it).
   */
  /**
   * Calibration fitted on held-out data, per evidence mode: evidence the user
   * gave ('given') is taken as it is, while retrieved evidence was chosen for
   * sharing the claim's words and needs more before it backs a claim.
   */
  calibration?: Record<EvidenceMode, Calibration>;
  trainedOn?: Record<string, number>;
  createdAt?: string;
}

/** Where a claim's evidence came from: retrieved from a corpus, or given with the claim. */
export type EvidenceMode = 'retrieved' | 'given';

export interface Calibration {
  /** Logits are divided by this before the softmax. */
  temperature: number;
  /** Supported/contradicted are shown only at or above these probabilities (abstention below). */
  thresholds: { supported: number; contradicted: number };
  /** Log-odds added for the alignment cues (features.ts `Cues`). */
  cuePriors: { contradiction: number; missingPredicate: number; missingSubject: number };
  /**
   * Maps the probability of the verdict shown to the probability that it is
   * right (Platt scaling on the development sets): confidence =
   * sigmoid(a · logit(p) + b). Abstention moves claims between verdicts, so
   * the model's own probability is not the chance that the shown verdict is right.
   */
  confidence?: { a: number; b: number };
  /** The development sets it was fitted on. */
  fittedOn?: string[];
}

const finite = v.pipe(v.number(), v.finite());
const vector = v.array(finite);

const CalibrationSchema = v.object({
  temperature: v.pipe(v.number(), v.gtValue(0, 'must be a positive number')),
  thresholds: v.object({ supported: finite, contradicted: finite }),
  cuePriors: v.object({ contradiction: finite, missingPredicate: finite, missingSubject: finite }),
  confidence: v.optional(v.object({ a: finite, b: finite })),
  fittedOn: v.optional(v.array(v.string())),
}) satisfies v.GenericSchema<unknown, Calibration>;

/** weights.json (scripts/train-verifier.ts): its fields, and lengths that fit together. */
export const LogisticModelSchema = v.pipe(
  v.object({
    kind: v.literal('multinomial-logistic'),
    classes: v.array(v.picklist(VERDICTS)),
    features: v.array(v.string()),
    mean: vector,
    std: vector,
    weights: v.array(vector),
    bias: vector,
    classOffsets: v.optional(vector),
    calibration: v.optional(v.object({ retrieved: CalibrationSchema, given: CalibrationSchema })),
    trainedOn: v.optional(v.record(v.string(), v.number())),
    createdAt: v.optional(v.string()),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const m = dataset.value;
    const F = m.features.length;
    const C = m.classes.length;
    if (m.mean.length !== F || m.std.length !== F) addIssue({ message: `mean and std need one value per feature (${F})` });
    if (m.weights.length !== C || m.bias.length !== C) addIssue({ message: `weights and bias need one row per class (${C})` });
    if (m.weights.some((row) => row.length !== F)) addIssue({ message: `every weights row needs one value per feature (${F})` });
    if (m.classOffsets && m.classOffsets.length !== C) addIssue({ message: `classOffsets needs one value per class (${C})` });
  }),
) satisfies v.GenericSchema<unknown, LogisticModel>;

const logit = (p: number) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));

/** The calibrated chance that a verdict shown with model probability `p` is right. */
export function calibratedConfidence(p: number, c?: Calibration['confidence']): number {
  if (!c) return p;
  return 1 / (1 + Math.exp(-(c.a * logit(p) + c.b)));
}

export function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function logits(model: LogisticModel, x: number[]): number[] {
  const z: number[] = [];
  for (let c = 0; c < model.classes.length; c++) {
    let v = model.bias[c] + (model.classOffsets?.[c] ?? 0);
    const w = model.weights[c];
    for (let j = 0; j < x.length; j++) v += (w[j] * (x[j] - model.mean[j])) / model.std[j];
    z.push(v);
  }
  return z;
}

export function predictProba(model: LogisticModel, x: number[]): number[] {
  return softmax(logits(model, x));
}

/** A training example; `label` may be a set of allowed classes (partial labels). */
export interface Example {
  x: number[];
  /** Index of the class, or a list of allowed class indices (e.g. "not supported"). */
  y: number | number[];
  weight?: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Re-weight classes so each counts equally (helps macro-F1). */
  balance?: boolean;
}

/**
 * Full-batch gradient descent with Adam on the (partial-label) cross-entropy:
 * loss = -log(sum of probabilities of the allowed classes).
 */
export function train(
  examples: Example[],
  featureNames: string[],
  opts: TrainOptions = {},
): LogisticModel {
  const epochs = opts.epochs ?? 400;
  const lr = opts.learningRate ?? 0.05;
  const l2 = opts.l2 ?? 1e-3;
  const C = VERDICTS.length;
  const F = featureNames.length;
  const mean = new Array(F).fill(0);
  const std = new Array(F).fill(0);
  for (const e of examples) for (let j = 0; j < F; j++) mean[j] += e.x[j];
  for (let j = 0; j < F; j++) mean[j] /= examples.length || 1;
  for (const e of examples) for (let j = 0; j < F; j++) std[j] += (e.x[j] - mean[j]) ** 2;
  for (let j = 0; j < F; j++) std[j] = Math.sqrt(std[j] / (examples.length || 1)) || 1;

  // Class balancing over single-label examples.
  const counts = new Array(C).fill(0);
  for (const e of examples) if (typeof e.y === 'number') counts[e.y] += e.weight ?? 1;
  const totalSingle = counts.reduce((a, b) => a + b, 0);
  const classWeight = counts.map((n) => (opts.balance && n > 0 ? totalSingle / (C * n) : 1));

  const W = Array.from({ length: C }, () => new Array(F).fill(0));
  const b = new Array(C).fill(0);
  const mW = Array.from({ length: C }, () => new Array(F).fill(0));
  const vW = Array.from({ length: C }, () => new Array(F).fill(0));
  const mb = new Array(C).fill(0);
  const vb = new Array(C).fill(0);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const xs = examples.map((e) => e.x.map((v, j) => (v - mean[j]) / std[j]));
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const gW = Array.from({ length: C }, () => new Array(F).fill(0));
    const gb = new Array(C).fill(0);
    let wsum = 0;
    for (let i = 0; i < examples.length; i++) {
      const e = examples[i];
      const x = xs[i];
      const z = b.map((bc, c) => {
        let v = bc;
        for (let j = 0; j < F; j++) v += W[c][j] * x[j];
        return v;
      });
      const p = softmax(z);
      const allowed = typeof e.y === 'number' ? [e.y] : e.y;
      const w = (e.weight ?? 1) * (typeof e.y === 'number' ? classWeight[e.y] : 1);
      wsum += w;
      const pa = allowed.reduce((s, c) => s + p[c], 0) || 1e-12;
      // d(-log sum_{a} p_a)/dz_c = p_c - [c in allowed] * p_c / pa
      for (let c = 0; c < C; c++) {
        const g = w * (p[c] - (allowed.includes(c) ? p[c] / pa : 0));
        gb[c] += g;
        for (let j = 0; j < F; j++) gW[c][j] += g * x[j];
      }
    }
    for (let c = 0; c < C; c++) {
      gb[c] /= wsum;
      mb[c] = beta1 * mb[c] + (1 - beta1) * gb[c];
      vb[c] = beta2 * vb[c] + (1 - beta2) * gb[c] * gb[c];
      b[c] -= (lr * (mb[c] / (1 - beta1 ** epoch))) / (Math.sqrt(vb[c] / (1 - beta2 ** epoch)) + 1e-8);
      for (let j = 0; j < F; j++) {
        const g = gW[c][j] / wsum + l2 * W[c][j];
        mW[c][j] = beta1 * mW[c][j] + (1 - beta1) * g;
        vW[c][j] = beta2 * vW[c][j] + (1 - beta2) * g * g;
        W[c][j] -= (lr * (mW[c][j] / (1 - beta1 ** epoch))) / (Math.sqrt(vW[c][j] / (1 - beta2 ** epoch)) + 1e-8);
      }
    }
  }
  return {
    kind: 'multinomial-logistic',
    classes: [...VERDICTS],
    features: featureNames,
    mean,
    std,
    weights: W,
    bias: b,
  };
}
