// Small clustered sets and brute-force references for the vector tests.
import { ClusteredData } from '../../bench/synthetic.ts';
import { VectorStore, type VectorPrecision } from '../../../src/core/vector/index.ts';

export const DIM = 64;

export interface TestSet {
  data: ClusteredData;
  vectors: Float32Array[];
  queries: Float32Array[];
}

export function clusteredSet(n: number, queries: number, seed = 3, dim = DIM): TestSet {
  const data = new ClusteredData({ n, dim, seed, clusters: Math.max(4, Math.round(n / 100)) });
  const vectors = Array.from({ length: n }, (_, i) => data.point(i, new Float32Array(dim)));
  const qs = Array.from({ length: queries }, (_, j) => data.query(j, new Float32Array(dim)).vector);
  return { data, vectors, queries: qs };
}

export function storeOf(vectors: Float32Array[], precision: VectorPrecision = 'int8', corpus = 'c', model = 'm@1'): VectorStore {
  const store = new VectorStore({ corpus, model, dim: vectors[0].length, precision });
  vectors.forEach((v, i) => store.upsert(`chunk-${i}`, v, `h${i}`));
  return store;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Exact top-k ids by f32 dot product (brute force, sorted). */
export function exactTopK(vectors: Float32Array[], q: Float32Array, k: number): { id: string; score: number }[] {
  return vectors
    .map((v, i) => ({ id: `chunk-${i}`, score: dot(v, q) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

export function recallAt(found: { id: string }[], truth: { id: string }[]): number {
  const t = new Set(truth.map((x) => x.id));
  return found.filter((x) => t.has(x.id)).length / truth.length;
}
