// Exact search: every row is scored. The reference for recall, and fast
// enough on its own for corpora up to a few tens of thousands of chunks.
import { prepareQuery, rerank, scanRows, toHits } from './scan.ts';
import type { VectorStore } from './store.ts';
import { TopK } from './topk.ts';
import type { Scoring, VectorHit, VectorIndex } from './types.ts';

export interface FlatIndexOptions {
  /** Default `f32xi8`; ignored for f32 stores (always exact). */
  scoring?: Scoring;
  /** With `int8` scoring: re-score this many candidates with `f32xi8` (0: none). */
  rerank?: number;
}

export class FlatIndex implements VectorIndex {
  readonly kind = 'flat' as const;
  readonly store: VectorStore;
  readonly scoring: Scoring;
  readonly rerankDepth: number;

  constructor(store: VectorStore, options: FlatIndexOptions = {}) {
    this.store = store;
    this.scoring = options.scoring ?? 'f32xi8';
    this.rerankDepth = options.rerank ?? 0;
  }

  get indexBytes(): number {
    return 0;
  }

  search(query: Float32Array, k: number): VectorHit[] {
    const q = prepareQuery(this.store, query);
    const depth = this.scoring === 'int8' && this.store.precision === 'int8' ? Math.max(k, this.rerankDepth) : k;
    const heap = new TopK(depth);
    scanRows(this.store, q, this.scoring, null, 0, this.store.size, heap);
    if (depth > k) return toHits(this.store, rerank(this.store, q, heap.sorted().items, k));
    return toHits(this.store, heap);
  }
}
