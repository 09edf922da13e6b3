// Statistics over a batch of checked answers (a CLI `check --input` run, and
// the Batch view): per model (or per tag value), how many answers and claims,
// the supported / contradicted / unverifiable shares with 95 % Wilson
// intervals, the mean answer-level hallucination score, and the
// distributions of answer scores and claim confidences.
import type { Report, Verdict } from '../types.ts';
import { VERDICTS } from '../types.ts';

/** One checked answer of a batch, as `claimlens check --input` writes it. */
export interface BatchResult {
  id: string;
  question?: string;
  model?: string;
  /** The answer text as checked (written by the CLI since the Batch view, so an imported results file shows it). */
  answer?: string;
  /** Extra columns of the input row, kept as tags. */
  tags?: Record<string, string>;
  report?: Report;
  error?: string;
}

export interface Share {
  /** k / n (0 when n is 0). */
  share: number;
  /** 95 % Wilson score interval. */
  low: number;
  high: number;
}

/** Wilson score interval for k successes in n trials (z = 1.96 for 95 %). */
export function wilson(k: number, n: number, z = 1.959964): Share {
  if (n <= 0) return { share: 0, low: 0, high: 0 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Histogram {
  /** Bin edges: bins[i] covers [edges[i], edges[i + 1]) (the last bin includes 1). */
  edges: number[];
  counts: number[];
}

export function histogram(values: readonly number[], bins = 10): Histogram {
  const edges = Array.from({ length: bins + 1 }, (_, i) => i / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]++;
  }
  return { edges, counts };
}

export interface GroupStats {
  /** The model id or tag value ("(none)" when missing). */
  group: string;
  answers: number;
  /** Answers that failed to check (error). */
  failed: number;
  claims: number;
  counts: Record<Verdict, number>;
  shares: Record<Verdict, Share>;
  /** Mean hallucinationScore over answers that have one; null when none has. */
  meanScore: number | null;
  /** Answers whose score is null (nothing could be checked). */
  unscored: number;
  scores: Histogram;
  confidence: Histogram;
}

const NONE = '(none)';

/** The value a result is grouped by: its model, or one of its tags. */
export function groupKey(r: BatchResult, by: string): string {
  const v = by === 'model' ? r.model : r.tags?.[by];
  return v === undefined || v === '' ? NONE : String(v);
}

/** Per-group statistics, groups in first-seen order. */
export function groupStats(results: readonly BatchResult[], by = 'model'): GroupStats[] {
  const groups = new Map<string, BatchResult[]>();
  for (const r of results) {
    const k = groupKey(r, by);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  }
  return [...groups].map(([group, rows]) => statsOf(group, rows));
}

export function statsOf(group: string, rows: readonly BatchResult[]): GroupStats {
  const counts = { supported: 0, contradicted: 0, unverifiable: 0 } as Record<Verdict, number>;
  const scores: number[] = [];
  const confidences: number[] = [];
  let claims = 0;
  let failed = 0;
  let unscored = 0;
  for (const r of rows) {
    if (!r.report) {
      failed++;
      continue;
    }
    for (const c of r.report.claims) {
      claims++;
      counts[c.verdict]++;
      confidences.push(c.confidence);
    }
    const s = r.report.stats.hallucinationScore;
    if (s === null || s === undefined) unscored++;
    else scores.push(s);
  }
  const shares = Object.fromEntries(VERDICTS.map((v) => [v, wilson(counts[v], claims)])) as Record<Verdict, Share>;
  return {
    group,
    answers: rows.length,
    failed,
    claims,
    counts,
    shares,
    meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    unscored,
    scores: histogram(scores),
    confidence: histogram(confidences),
  };
}
