// Retrieval quality against a gold document per claim: where does the gold
// document first appear in the ranking (counting each document once, since a
// document is split into several chunks)? Recall@k is the share of claims
// whose gold document is in the top k documents; MRR the mean of 1/rank (0
// when it is not within the searched depth).
import type { ScoredChunk } from '../types.ts';

export interface RetrievalQuality {
  /** Claims evaluated. */
  n: number;
  /** Chunks retrieved per claim. */
  depth: number;
  /** k → share of claims with the gold document in the top k documents. */
  recall: Record<number, number>;
  mrr: number;
  /** Claims whose gold document was retrieved at all (within `depth` chunks). */
  found: number;
}

export const RECALL_KS = [1, 5, 10] as const;

/** 1-based rank of `gold` among the distinct documents of `results` (null: not there). */
export function goldRank(results: readonly ScoredChunk[], gold: string): number | null {
  const seen = new Set<string>();
  for (const { chunk } of results) {
    if (seen.has(chunk.doc)) continue;
    seen.add(chunk.doc);
    if (chunk.doc === gold) return seen.size;
  }
  return null;
}

export function retrievalQuality(ranks: readonly (number | null)[], depth: number, ks: readonly number[] = RECALL_KS): RetrievalQuality {
  const n = ranks.length;
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = n ? ranks.filter((r) => r !== null && r <= k).length / n : 0;
  const mrr = n ? ranks.reduce<number>((s, r) => s + (r ? 1 / r : 0), 0) / n : 0;
  return { n, depth, recall, mrr, found: ranks.filter((r) => r !== null).length };
}

/** A fixed-width table: one row per retriever. */
export function formatRetrievalTable(rows: readonly { name: string; quality: RetrievalQuality; note?: string }[]): string {
  const ks = Object.keys(rows[0]?.quality.recall ?? {}).map(Number);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  const width = Math.max(9, ...rows.map((r) => r.name.length));
  const head = `  ${'retrieval'.padEnd(width)}  ${ks.map((k) => `R@${k}`.padStart(7)).join('')}     MRR  found`;
  const lines = rows.map(
    (r) =>
      `  ${r.name.padEnd(width)}  ${ks.map((k) => pct(r.quality.recall[k])).join('')}  ${r.quality.mrr.toFixed(3)}  ${String(r.quality.found).padStart(3)}/${r.quality.n}${r.note ? `  ${r.note}` : ''}`,
  );
  return [head, ...lines].join('\n');
}
