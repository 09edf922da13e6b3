import { describe, expect, it } from 'vitest';
import { dotF32I8, dotI8, quantize, dequantizeInto, TopK } from '../../../src/core/vector/index.ts';
import { clusteredSet, dot } from './helpers.ts';

describe('int8 quantisation', () => {
  const { vectors } = clusteredSet(200, 0, 11, 384);

  it('reconstructs every component within half a quantisation step', () => {
    for (const v of vectors) {
      const { codes, scale } = quantize(v);
      const max = Math.max(...Array.from(v, Math.abs));
      expect(scale).toBeCloseTo(max / 127, 7);
      const back = dequantizeInto(codes, 0, v.length, scale);
      for (let i = 0; i < v.length; i++) expect(Math.abs(back[i] - v[i])).toBeLessThanOrEqual(scale / 2 + 1e-7);
      // The largest component maps to ±127 exactly.
      expect(Math.max(...Array.from(codes, Math.abs))).toBe(127);
    }
  });

  it('keeps dot products within the bound Σ|qᵢ|·scale/2 (float query) and the symmetric bound (int8 query)', () => {
    const q = vectors[0];
    const qq = quantize(q);
    let l1 = 0;
    for (const x of q) l1 += Math.abs(x);
    for (const v of vectors.slice(1)) {
      const { codes, scale } = quantize(v);
      const exact = dot(q, v);
      const asym = dotF32I8(q, codes, 0, v.length) * scale;
      expect(Math.abs(asym - exact)).toBeLessThanOrEqual((l1 * scale) / 2 + 1e-6);
      // Both sides rounded: error ≤ Σ(|q|·e_v + |v|·e_q + e_q·e_v).
      let vl1 = 0;
      for (const x of v) vl1 += Math.abs(x);
      const sym = dotI8(qq.codes, codes, 0, v.length) * scale * qq.scale;
      const bound = (l1 * scale) / 2 + (vl1 * qq.scale) / 2 + (v.length * scale * qq.scale) / 4;
      expect(Math.abs(sym - exact)).toBeLessThanOrEqual(bound + 1e-6);
    }
  });

  it('maps a zero vector to zero codes and scale 0', () => {
    const { codes, scale } = quantize(new Float32Array(10));
    expect(scale).toBe(0);
    expect(Array.from(codes).every((c) => c === 0)).toBe(true);
  });

  it('handles dimensions that are not a multiple of 4 in the kernels', () => {
    const a = Float32Array.from([0.5, -0.25, 1, 0.75, -1, 0.1, 0.2]);
    const { codes, scale } = quantize(a);
    const expected = dot(a, dequantizeInto(codes, 0, a.length, scale));
    expect(dotF32I8(a, codes, 0, a.length) * scale).toBeCloseTo(expected, 5);
    expect(dotI8(codes, codes, 0, a.length)).toBe(Array.from(codes).reduce((s, c) => s + c * c, 0));
  });
});

describe('TopK', () => {
  it('keeps exactly the k highest scores, best first', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const heap = new TopK(17);
    scores.forEach((s, i) => heap.push(i, s));
    const { items, scores: got } = heap.sorted();
    const expected = scores
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 17);
    expect(Array.from(items)).toEqual(expected.map((e) => e.i));
    expect(Array.from(got)).toEqual(expected.map((e) => e.s));
  });

  it('returns fewer items when fewer were pushed, and none for k = 0', () => {
    const heap = new TopK(5);
    heap.push(1, 0.5);
    heap.push(2, 0.7);
    expect(Array.from(heap.sorted().items)).toEqual([2, 1]);
    const none = new TopK(0);
    none.push(1, 1);
    expect(none.sorted().items.length).toBe(0);
  });
});
