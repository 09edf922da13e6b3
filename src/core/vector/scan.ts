// The scoring loops shared by the flat and IVF indexes.
import { dotF32, dotF32I8, dotI8 } from './kernels.ts';
import { quantizeInto } from './quantize.ts';
import type { VectorStore } from './store.ts';
import { TopK } from './topk.ts';
import { VectorDimensionError } from '../errors.ts';
import type { Scoring, VectorHit } from './types.ts';

/** A query prepared once per search: float form and (for int8 scoring) its int8 codes. */
export interface PreparedQuery {
  f32: Float32Array;
  codes: Int8Array;
  scale: number;
}

export function prepareQuery(store: VectorStore, query: Float32Array): PreparedQuery {
  if (query.length !== store.dim) {
    throw new VectorDimensionError(
      `Query has ${query.length} dimensions; the index (${store.model}) holds ${store.dim}.`,
    );
  }
  const codes = new Int8Array(store.dim);
  const scale = quantizeInto(query, codes, 0);
  return { f32: query, codes, scale };
}

/**
 * Scores rows `rows[start..end)` (or rows start..end when `rows` is null)
 * into `heap`, with the item pushed being the row number.
 */
export function scanRows(
  store: VectorStore,
  q: PreparedQuery,
  scoring: Scoring,
  rows: Int32Array | null,
  start: number,
  end: number,
  heap: TopK,
): void {
  // One loop per case (no per-row branching on the mode), and the heap is
  // touched only when a score beats its current threshold.
  const dim = store.dim;
  let thr = heap.threshold;
  if (store.precision === 'f32') {
    const values = store.values;
    const qf = q.f32;
    if (rows === null) {
      for (let row = start; row < end; row++) {
        const s = dotF32(qf, values, row * dim, dim);
        if (s > thr) {
          heap.push(row, s);
          thr = heap.threshold;
        }
      }
    } else {
      for (let i = start; i < end; i++) {
        const row = rows[i];
        const s = dotF32(qf, values, row * dim, dim);
        if (s > thr) {
          heap.push(row, s);
          thr = heap.threshold;
        }
      }
    }
    return;
  }
  const codes = store.codes;
  const scales = store.scales;
  if (scoring === 'int8') {
    const qc = q.codes;
    const qs = q.scale;
    if (rows === null) {
      for (let row = start; row < end; row++) {
        const s = dotI8(qc, codes, row * dim, dim) * scales[row] * qs;
        if (s > thr) {
          heap.push(row, s);
          thr = heap.threshold;
        }
      }
    } else {
      for (let i = start; i < end; i++) {
        const row = rows[i];
        const s = dotI8(qc, codes, row * dim, dim) * scales[row] * qs;
        if (s > thr) {
          heap.push(row, s);
          thr = heap.threshold;
        }
      }
    }
    return;
  }
  const qf = q.f32;
  if (rows === null) {
    for (let row = start; row < end; row++) {
      const s = dotF32I8(qf, codes, row * dim, dim) * scales[row];
      if (s > thr) {
        heap.push(row, s);
        thr = heap.threshold;
      }
    }
  } else {
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const s = dotF32I8(qf, codes, row * dim, dim) * scales[row];
      if (s > thr) {
        heap.push(row, s);
        thr = heap.threshold;
      }
    }
  }
}

/** Re-scores candidate rows with float query × int8 rows and keeps the best k. */
export function rerank(store: VectorStore, q: PreparedQuery, rows: Int32Array, k: number): TopK {
  const heap = new TopK(k);
  scanRows(store, q, 'f32xi8', rows, 0, rows.length, heap);
  return heap;
}

export function toHits(store: VectorStore, heap: TopK): VectorHit[] {
  const { items, scores } = heap.sorted();
  const hits: VectorHit[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) hits[i] = { id: store.idAt(items[i]), row: items[i], score: scores[i] };
  return hits;
}
