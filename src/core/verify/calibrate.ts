// Calibration of a verifier on labelled claims: a temperature fitted by
// negative log-likelihood (where the verifier gives probabilities) and the
// thresholds for showing supported / contradicted, chosen by grid search on
// macro-F1 plus the precision of the shown verdicts. The training script
// (scripts/train-verifier.ts) and `claimlens calibrate` use the same helpers.
// The result is a calibration file (`claimlens-calibration`, version 1) that
// the CLI reads (--calibration, or .claimlens/calibration-<verifier>.json)
// and the app imports in Settings.
import type { Verdict, VerdictProbabilities } from '../types.ts';
import { VERDICTS } from '../types.ts';
import { computeMetrics, shownVerdicts, calibration as reliability, type Metrics } from '../eval/metrics.ts';
import { decide } from './feature-verifier.ts';
import { calibratedConfidence } from './logistic.ts';
import type { Verifier, VerifierInput, VerifierOutput } from './types.ts';

export { CalibrationFileSchema, calibrationSettingKey, calibrationTag, parseCalibration } from './calibration-file.ts';
export type { CalibratedVerifier, CalibrationFile, CalibrationMetrics, Thresholds } from './calibration-file.ts';
import { calibrationTag, type CalibrationFile, type CalibrationMetrics, type Thresholds } from './calibration-file.ts';

/** A labelled claim with the verifier's probabilities. */
export interface Scored {
  gold: Verdict;
  p: Record<Verdict, number>;
  hasEvidence: boolean;
  /** False when the verifier withholds "supported" whatever the probability (feature-verifier.ts maySupport). */
  maySupport?: boolean;
}

export function verdictsOf(items: Scored[], thresholds: Thresholds): Verdict[] {
  return items.map((s) => decide(s.p, thresholds, s.hasEvidence, s.maySupport ?? true).verdict);
}

/**
 * Macro-F1, the mean precision of the shown supported/contradicted verdicts,
 * and that precision smoothed for choosing thresholds (one hit and one miss
 * added, so that showing a verdict once and being right is not worth 100 %).
 */
export function quality(items: Scored[], thresholds: Thresholds): { m: Metrics; precision: number; smoothed: number } {
  const m = computeMetrics(items.map((s) => s.gold), verdictsOf(items, thresholds));
  const shown = (['supported', 'contradicted'] as const).filter((l) => VERDICTS.some((g) => m.confusion[g][l]));
  const precision = shown.length ? shown.reduce((a, l) => a + m.per_label[l].precision, 0) / 2 : 0;
  const predicted = (l: Verdict) => VERDICTS.reduce((n, g) => n + m.confusion[g][l], 0);
  const smoothed = (['supported', 'contradicted'] as const).reduce((a, l) => a + (m.confusion[l][l] + 1) / (predicted(l) + 2), 0) / 2;
  return { m, precision, smoothed };
}

/**
 * Temperature (0.4–3 in steps of 0.05) that minimises the negative
 * log-likelihood of the gold labels over the items (pooled).
 */
export function fitTemperature<T extends { gold: Verdict }>(
  items: T[],
  probaAt: (item: T, temperature: number) => Record<Verdict, number>,
): number {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.4; t <= 3.001; t += 0.05) {
    let nll = 0;
    for (const e of items) nll -= Math.log(Math.max(probaAt(e, t)[e.gold], 1e-9));
    if (nll < bestNll) {
      bestNll = nll;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/**
 * Thresholds for showing supported / contradicted (0.34–0.9 in steps of
 * 0.02). Each set has floors (macro-F1, and the mean precision of the shown
 * supported/contradicted verdicts); the score is the sum of macro-F1 and
 * shown precision (smoothed), with shortfalls below a floor (plus a margin)
 * counted three times over: precision first, since a wrong "supported" is the worst error.
 */
export function fitThresholds(sets: { items: Scored[]; floors: { f1: number; precision: number } }[]): {
  thresholds: Thresholds;
  score: number;
} {
  const MARGIN = 0.03;
  let best = { supported: 0.5, contradicted: 0.5 };
  let bestScore = -Infinity;
  for (let ts = 0.34; ts <= 0.9; ts += 0.02) {
    for (let tc = 0.34; tc <= 0.9; tc += 0.02) {
      const th = { supported: Math.round(ts * 100) / 100, contradicted: Math.round(tc * 100) / 100 };
      let score = 0;
      for (const { items, floors } of sets) {
        const { m, smoothed: precision } = quality(items, th);
        score += m.macro_f1 + precision;
        score += 3 * Math.min(0, m.macro_f1 - floors.f1 - MARGIN) + 3 * Math.min(0, precision - floors.precision - MARGIN);
      }
      if (score > bestScore + 1e-9) {
        bestScore = score;
        best = th;
      }
    }
  }
  return { thresholds: best, score: bestScore };
}

/** Platt scaling of the shown verdict's probability to the chance that it is right (log loss, grid search). */
export function fitConfidence(items: Scored[], thresholds: Thresholds): { a: number; b: number } {
  const rows = items.map((s) => {
    const v = decide(s.p, thresholds, s.hasEvidence, s.maySupport ?? true).verdict;
    return { p: s.p[v], right: v === s.gold };
  });
  let best = { a: 1, b: 0 };
  let bestLoss = Infinity;
  // a ≥ 0.5: the shown confidence keeps ordering the verdicts (a flat line would be calibrated but say nothing).
  for (let a = 0.5; a <= 3.001; a += 0.05) {
    for (let b = -2; b <= 2.001; b += 0.05) {
      const c = { a: Math.round(a * 100) / 100, b: Math.round(b * 100) / 100 };
      let loss = 0;
      for (const r of rows) {
        const q = Math.min(Math.max(calibratedConfidence(r.p, c), 1e-6), 1 - 1e-6);
        loss -= r.right ? Math.log(q) : Math.log(1 - q);
      }
      if (loss < bestLoss) {
        bestLoss = loss;
        best = c;
      }
    }
  }
  return best;
}

/** Probabilities at another temperature: softmax(log p / T), i.e. p^(1/T) renormalised (exact for a softmax output). */
export function temper(p: VerdictProbabilities, temperature: number): VerdictProbabilities {
  if (temperature === 1) return { ...p };
  const w = VERDICTS.map((v) => Math.pow(Math.max(p[v], 1e-12), 1 / temperature));
  const z = w.reduce((a, b) => a + b, 0);
  const out = { supported: 0, contradicted: 0, unverifiable: 0 };
  VERDICTS.forEach((v, i) => (out[v] = w[i] / z));
  return out;
}

export function calibrationMetrics(gold: Verdict[], outputs: Pick<VerifierOutput, 'verdict' | 'confidence'>[]): CalibrationMetrics {
  const predicted = outputs.map((o) => o.verdict);
  const m = computeMetrics(gold, predicted);
  const s = shownVerdicts(gold, predicted);
  return {
    n: m.n,
    accuracy: m.accuracy,
    macro_f1: m.macro_f1,
    shown_precision: s.mean_precision,
    coverage: s.coverage,
    ece: reliability(gold, predicted, outputs.map((o) => o.confidence)).ece,
  };
}

export function formatCalibrationMetrics(label: string, m: CalibrationMetrics): string {
  const pct = (x: number | null) => (x === null ? '  n/a ' : `${(100 * x).toFixed(1).padStart(5)}%`);
  return `${label.padEnd(7)} accuracy ${pct(m.accuracy)}  macro-F1 ${pct(m.macro_f1)}  shown precision ${pct(m.shown_precision)}  coverage ${pct(m.coverage)}  ECE ${m.ece.toFixed(3)}`;
}

/** A verifier under another version string (cache keys change with the calibration applied). */
export function withVersion(verifier: Verifier, suffix: string): Verifier {
  return {
    name: verifier.name,
    version: `${verifier.version}|${suffix}`,
    verify: (inputs: VerifierInput[]) => verifier.verify(inputs),
  };
}

/**
 * Judge confidence per stated verdict: (right + 1) / (stated + 2), the
 * smoothed precision of that verdict on the labelled claims; verdicts never
 * stated keep the given prior.
 */
export function fitJudgeConfidence(gold: Verdict[], stated: Verdict[], prior: Record<Verdict, number>): Record<Verdict, number> {
  const out = { ...prior };
  for (const v of VERDICTS) {
    let n = 0;
    let right = 0;
    stated.forEach((s, i) => {
      if (s !== v) return;
      n++;
      if (gold[i] === v) right++;
    });
    if (n) out[v] = Math.round(((right + 1) / (n + 2)) * 1000) / 1000;
  }
  return out;
}

const VERDICT_WORD: Record<Verdict, string> = { supported: 'Supported', contradicted: 'Contradicted', unverifiable: 'Unverifiable' };

/**
 * A verifier's verdicts under a user calibration (features, nli, combined):
 * its probabilities at the fitted temperature (softmax(log p / T)), then the
 * fitted thresholds (decide(), as the feature verifier shows verdicts). The
 * verifier's own reason is kept; when the calibration changes the verdict,
 * the reason says so first. The version (cache keys) carries the calibration.
 */
export function recalibrate(verifier: Verifier, c: Pick<CalibrationFile, 'temperature' | 'thresholds'>): Verifier {
  const t = c.temperature ?? 1;
  return {
    name: verifier.name,
    version: `${verifier.version}|${calibrationTag(c)}`,
    async verify(inputs: VerifierInput[]): Promise<VerifierOutput[]> {
      const outputs = await verifier.verify(inputs);
      return outputs.map((o, i) => {
        const probabilities = temper(o.probabilities, t);
        const hasEvidence = inputs[i].evidence.length > 0;
        const { verdict, lean } = decide(probabilities, c.thresholds, hasEvidence, !o.supportWithheld);
        const out: VerifierOutput = { ...o, verdict, confidence: probabilities[verdict], probabilities };
        delete out.lean;
        if (lean) out.lean = lean;
        if (verdict !== o.verdict) {
          const pct = Math.round(100 * probabilities[lean ?? verdict]);
          out.reason = `${VERDICT_WORD[verdict]} after your calibration (${lean ? `leans ${lean}, ${pct} %` : `${pct} %`}); before it: ${o.reason ?? o.verdict}`;
        }
        return out;
      });
    },
  };
}

