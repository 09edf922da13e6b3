// Classification metrics for the evaluation harness.
import type { Verdict } from '../types.ts';
import { VERDICTS } from '../types.ts';
import { InvalidInputError } from '../errors.ts';

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  n: number;
  accuracy: number;
  macro_f1: number;
  per_label: Record<Verdict, LabelScores>;
  /** confusion[gold][predicted] */
  confusion: Record<Verdict, Record<Verdict, number>>;
  /** Labels that occur in the gold data (macro-F1 averages over these). */
  labels: Verdict[];
}

export function computeMetrics(gold: Verdict[], predicted: Verdict[]): Metrics {
  if (gold.length !== predicted.length) throw new InvalidInputError('gold and predicted differ in length');
  const confusion = Object.fromEntries(
    VERDICTS.map((g) => [g, Object.fromEntries(VERDICTS.map((p) => [p, 0]))]),
  ) as Record<Verdict, Record<Verdict, number>>;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    confusion[gold[i]][predicted[i]]++;
    if (gold[i] === predicted[i]) correct++;
  }
  const labels = VERDICTS.filter((l) => gold.includes(l));
  const per_label = {} as Record<Verdict, LabelScores>;
  for (const l of VERDICTS) {
    const tp = confusion[l][l];
    const predictedL = VERDICTS.reduce((s, g) => s + confusion[g][l], 0);
    const goldL = VERDICTS.reduce((s, p) => s + confusion[l][p], 0);
    const precision = predictedL ? tp / predictedL : 0;
    const recall = goldL ? tp / goldL : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    per_label[l] = { precision, recall, f1, support: goldL };
  }
  const macro_f1 = labels.length ? labels.reduce((s, l) => s + per_label[l].f1, 0) / labels.length : 0;
  return { n: gold.length, accuracy: gold.length ? correct / gold.length : 0, macro_f1, per_label, confusion, labels };
}

export function formatMetrics(name: string, m: Metrics, extra = ''): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  const lines = [
    `${name}: n=${m.n}  accuracy=${pct(m.accuracy)}%  macro-F1=${pct(m.macro_f1)}%${extra ? '  ' + extra : ''}`,
    '  label          precision  recall     F1   support',
  ];
  for (const l of VERDICTS) {
    const s = m.per_label[l];
    if (!s.support && !VERDICTS.some((g) => m.confusion[g][l])) continue;
    lines.push(`  ${l.padEnd(13)}  ${pct(s.precision)}%   ${pct(s.recall)}%  ${pct(s.f1)}%  ${String(s.support).padStart(6)}`);
  }
  lines.push('  confusion (rows gold, columns predicted: S C U)');
  for (const g of VERDICTS) {
    if (!m.per_label[g].support) continue;
    lines.push(`  ${g.padEnd(13)}  ${VERDICTS.map((p) => String(m.confusion[g][p]).padStart(5)).join(' ')}`);
  }
  return lines.join('\n');
}

// ── What the reader sees: the shown verdicts ────────────────────────────────
// The app shows supported and contradicted verdicts; unverifiable is "no
// verdict". Precision of the shown verdicts is how often a shown verdict is
// right; coverage is how many claims got one.

export interface ShownVerdicts {
  /** Precision of predicted supported (null when none was predicted). */
  supported_precision: number | null;
  /** Precision of predicted contradicted (null when none was predicted). */
  contradicted_precision: number | null;
  /** Mean of the two precisions that are defined (null when neither is). */
  mean_precision: number | null;
  /** Share of claims predicted supported or contradicted. */
  coverage: number;
  /** Claims predicted supported / contradicted. */
  shown_supported: number;
  shown_contradicted: number;
}

export function shownVerdicts(gold: readonly Verdict[], predicted: readonly Verdict[]): ShownVerdicts {
  if (gold.length !== predicted.length) throw new InvalidInputError('gold and predicted differ in length');
  const precisionOf = (l: Verdict): [number | null, number] => {
    let shown = 0;
    let right = 0;
    for (let i = 0; i < predicted.length; i++) {
      if (predicted[i] !== l) continue;
      shown++;
      if (gold[i] === l) right++;
    }
    return [shown ? right / shown : null, shown];
  };
  const [sp, ns] = precisionOf('supported');
  const [cp, nc] = precisionOf('contradicted');
  const defined = [sp, cp].filter((x): x is number => x !== null);
  return {
    supported_precision: sp,
    contradicted_precision: cp,
    mean_precision: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null,
    coverage: predicted.length ? (ns + nc) / predicted.length : 0,
    shown_supported: ns,
    shown_contradicted: nc,
  };
}

// ── Calibration ─────────────────────────────────────────────────────────────

export interface ReliabilityBin {
  /** [lo, hi) of the confidence (the last bin includes 1). */
  lo: number;
  hi: number;
  n: number;
  /** Mean confidence of the predictions in the bin (null when empty). */
  confidence: number | null;
  /** Share of them that are right (null when empty). */
  accuracy: number | null;
}

export interface Calibration {
  /** Expected Calibration Error: Σ (n_b / N) · |accuracy_b − confidence_b|. */
  ece: number;
  bins: ReliabilityBin[];
}

/**
 * ECE and reliability table over equal-width bins of the confidence of the
 * predicted label (`confidence[i]` is the verifier's confidence in
 * `predicted[i]`; right = predicted equals gold).
 */
export function calibration(
  gold: readonly Verdict[],
  predicted: readonly Verdict[],
  confidence: readonly number[],
  nBins = 10,
): Calibration {
  if (gold.length !== predicted.length || gold.length !== confidence.length) throw new InvalidInputError('gold, predicted and confidence differ in length');
  const sums = Array.from({ length: nBins }, () => ({ n: 0, conf: 0, right: 0 }));
  for (let i = 0; i < gold.length; i++) {
    const c = Math.min(1, Math.max(0, Number.isFinite(confidence[i]) ? confidence[i] : 0));
    const b = sums[Math.min(nBins - 1, Math.floor(c * nBins))];
    b.n++;
    b.conf += c;
    if (gold[i] === predicted[i]) b.right++;
  }
  let ece = 0;
  const bins = sums.map((s, k) => {
    if (s.n) ece += (s.n / gold.length) * Math.abs(s.right / s.n - s.conf / s.n);
    return { lo: k / nBins, hi: (k + 1) / nBins, n: s.n, confidence: s.n ? s.conf / s.n : null, accuracy: s.n ? s.right / s.n : null };
  });
  return { ece, bins };
}

// ── Ranking ─────────────────────────────────────────────────────────────────

/**
 * Area under the ROC curve: the probability that a random positive scores
 * above a random negative (ties count half), by the Mann–Whitney statistic.
 * null when there is no positive or no negative.
 */
export function auroc(scores: readonly number[], positive: readonly boolean[]): number | null {
  if (scores.length !== positive.length) throw new InvalidInputError('scores and labels differ in length');
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Average ranks (1-based) with ties sharing their mean rank.
  const rank = new Array<number>(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    for (let k = i; k <= j; k++) rank[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const nPos = positive.filter(Boolean).length;
  const nNeg = positive.length - nPos;
  if (!nPos || !nNeg) return null;
  const rankSum = positive.reduce((s, p, i) => s + (p ? rank[i] : 0), 0);
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

// ── Printing ────────────────────────────────────────────────────────────────

const pctOrNa = (x: number | null) => (x === null ? '  n/a' : `${(100 * x).toFixed(1).padStart(5)}%`);

/** The shown-verdicts line and the calibration table (below formatMetrics). */
export function formatQuality(shown: ShownVerdicts, cal: Calibration): string {
  const lines = [
    `  shown verdicts: precision supported ${pctOrNa(shown.supported_precision)} (${shown.shown_supported} shown), contradicted ${pctOrNa(shown.contradicted_precision)} (${shown.shown_contradicted} shown), mean ${pctOrNa(shown.mean_precision)}; coverage ${pctOrNa(shown.coverage)}`,
    `  calibration: ECE ${cal.ece.toFixed(3)} (${cal.bins.length} bins on the confidence of the predicted label)`,
    '  confidence      n   mean conf.  accuracy',
  ];
  for (const b of cal.bins) {
    if (!b.n) continue;
    lines.push(`  ${b.lo.toFixed(1)}–${b.hi.toFixed(1)}  ${String(b.n).padStart(7)}   ${pctOrNa(b.confidence)}    ${pctOrNa(b.accuracy)}`);
  }
  return lines.join('\n');
}
