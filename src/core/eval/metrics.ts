// Classification metrics for the evaluation harness.
import type { Verdict } from '../types.ts';
import { VERDICTS } from '../types.ts';

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
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
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
