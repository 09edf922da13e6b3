import type { VectorStore } from './store.ts';

/** One search result: the chunk id, its row in the store and its similarity. */
export interface VectorHit {
  id: string;
  row: number;
  /** Dot product with the query: cosine similarity for normalised vectors. */
  score: number;
}

/**
 * How rows are scored against the query.
 * - `int8`: the query is quantised too; integer dot products (fast), then
 *   `rerank` candidates are re-scored with `f32xi8`.
 * - `f32xi8`: float query × int8 row × row scale (more exact, about as fast in JS).
 * f32 stores are always scored exactly.
 */
export type Scoring = 'int8' | 'f32xi8';

/** A nearest-neighbour index over a VectorStore. Flat (exact) or IVF (approximate). */
export interface VectorIndex {
  readonly kind: 'flat' | 'ivf';
  readonly store: VectorStore;
  /** The k rows most similar to `query` (a normalised vector of the store's dimension), best first. */
  search(query: Float32Array, k: number): VectorHit[];
  /** Bytes the index holds beyond the store's vectors. */
  readonly indexBytes: number;
}
