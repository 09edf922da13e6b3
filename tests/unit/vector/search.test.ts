import { describe, expect, it } from 'vitest';
import { FlatIndex, quantize, VectorDimensionError } from '../../../src/core/vector/index.ts';
import { clusteredSet, exactTopK, recallAt, storeOf, dot } from './helpers.ts';

describe('flat search', () => {
  const set = clusteredSet(2000, 30);

  it('f32 store: returns exactly the brute-force top-k with the same scores', () => {
    const index = new FlatIndex(storeOf(set.vectors, 'f32'));
    for (const q of set.queries) {
      const got = index.search(q, 10);
      const truth = exactTopK(set.vectors, q, 10);
      expect(got.map((h) => h.id)).toEqual(truth.map((t) => t.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(truth[i].score, 5));
    }
  });

  // int8 scores differ from exact ones by at most ε per row (the quantisation
  // bound), so the int8 top-k must contain every row whose exact score beats
  // the exact k-th score by 2ε, and nothing scoring 2ε below it.
  for (const scoring of ['f32xi8', 'int8'] as const) {
    it(`int8 store (${scoring}): agrees with exact search up to the quantisation bound`, () => {
      const store = storeOf(set.vectors, 'int8');
      const index = new FlatIndex(store, { scoring });
      let recall = 0;
      for (const q of set.queries) {
        const qq = quantize(q);
        let l1 = 0;
        for (const x of q) l1 += Math.abs(x);
        let eps = 0;
        for (let r = 0; r < store.size; r++) {
          const s = store.scales[r];
          const v = set.vectors[r];
          let vl1 = 0;
          for (const x of v) vl1 += Math.abs(x);
          const e = scoring === 'f32xi8' ? (l1 * s) / 2 : (l1 * s) / 2 + (vl1 * qq.scale) / 2 + (v.length * s * qq.scale) / 4;
          eps = Math.max(eps, e);
        }
        const got = index.search(q, 10);
        const truth = exactTopK(set.vectors, q, set.vectors.length);
        const kth = truth[9].score;
        const gotIds = new Set(got.map((h) => h.id));
        for (const t of truth) {
          if (t.score > kth + 2 * eps) expect(gotIds.has(t.id)).toBe(true);
        }
        for (const h of got) {
          const exact = dot(set.vectors[Number(h.id.slice(6))], q);
          expect(exact).toBeGreaterThanOrEqual(kth - 2 * eps);
          expect(Math.abs(h.score - exact)).toBeLessThanOrEqual(eps + 1e-6);
        }
        recall += recallAt(got, truth.slice(0, 10));
      }
      // Ties within ε are the only misses; on this set they are rare.
      expect(recall / set.queries.length).toBeGreaterThan(0.9);
    });
  }

  it('int8 scan with re-rank returns the f32xi8 ranking', () => {
    const store = storeOf(set.vectors, 'int8');
    const asym = new FlatIndex(store, { scoring: 'f32xi8' });
    const reranked = new FlatIndex(store, { scoring: 'int8', rerank: 100 });
    for (const q of set.queries) {
      expect(reranked.search(q, 10).map((h) => h.id)).toEqual(asym.search(q, 10).map((h) => h.id));
    }
  });

  it('rejects a query of the wrong dimension with a named error', () => {
    const index = new FlatIndex(storeOf(set.vectors.slice(0, 10)));
    expect(() => index.search(new Float32Array(3), 5)).toThrow(VectorDimensionError);
  });

  it('returns all rows when k exceeds the store size, and nothing for an empty store', () => {
    const small = storeOf(set.vectors.slice(0, 5));
    expect(new FlatIndex(small).search(set.queries[0], 10)).toHaveLength(5);
    const empty = storeOf(set.vectors.slice(0, 1));
    empty.remove('chunk-0');
    expect(new FlatIndex(empty).search(set.queries[0], 10)).toEqual([]);
  });
});
