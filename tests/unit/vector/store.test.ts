import { describe, expect, it } from 'vitest';
import { contentHash, VectorDimensionError, VectorStore } from '../../../src/core/vector/index.ts';
import { clusteredSet, storeOf } from './helpers.ts';

describe('VectorStore', () => {
  const { vectors } = clusteredSet(50, 0);

  it('plans re-embedding: new and changed chunks to embed, vanished ones to remove', () => {
    const store = new VectorStore({ corpus: 'c', model: 'm@1', dim: vectors[0].length });
    const texts = ['aspirin thins blood', 'statins lower LDL', 'metformin for type 2 diabetes'];
    texts.forEach((t, i) => store.upsert(`c${i}`, vectors[i], contentHash(t)));
    const next = [
      { id: 'c0', hash: contentHash('aspirin thins blood') },
      { id: 'c1', hash: contentHash('statins lower LDL cholesterol') },
      { id: 'c3', hash: contentHash('insulin is a hormone') },
    ];
    const plan = store.plan(next);
    expect(plan.toEmbed).toEqual(['c1', 'c3']);
    expect(plan.toRemove).toEqual(['c2']);
    expect(plan.unchanged).toBe(1);
    // After applying the plan there is nothing left to do.
    store.upsert('c1', vectors[5], next[1].hash);
    store.upsert('c3', vectors[6], next[2].hash);
    store.remove('c2');
    expect(store.plan(next)).toEqual({ toEmbed: [], toRemove: [], unchanged: 3 });
  });

  it('content hashes differ for different texts and agree for equal ones', () => {
    expect(contentHash('abc')).toBe(contentHash('abc'));
    expect(contentHash('abc')).not.toBe(contentHash('abd'));
    expect(contentHash('')).not.toBe(contentHash(' '));
    expect(contentHash('abc')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('removes by moving the last row into the hole, keeping rows dense and ids right', () => {
    const store = storeOf(vectors.slice(0, 5));
    const lastBefore = store.vectorAt(4);
    expect(store.remove('chunk-1')).toBe(true);
    expect(store.size).toBe(4);
    expect(store.rowOf('chunk-4')).toBe(1);
    expect(Array.from(store.vectorAt(1))).toEqual(Array.from(lastBefore));
    expect(store.has('chunk-1')).toBe(false);
    expect(store.remove('chunk-1')).toBe(false);
    expect(store.hashOf('chunk-4')).toBe('h4');
  });

  it('updates in place without growing, and grows past its initial capacity', () => {
    const store = new VectorStore({ corpus: 'c', model: 'm', dim: vectors[0].length, capacity: 16 });
    vectors.forEach((v, i) => store.upsert(`x${i}`, v, 'h'));
    expect(store.size).toBe(50);
    store.upsert('x3', vectors[10], 'h2');
    expect(store.size).toBe(50);
    const got = store.vectorAt(store.rowOf('x3'));
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - vectors[10][i])).toBeLessThanOrEqual(store.scales[store.rowOf('x3')] / 2 + 1e-7);
  });

  it('rejects vectors of the wrong dimension or with NaN, and stores nothing', () => {
    const store = storeOf(vectors.slice(0, 3));
    expect(() => store.upsert('bad', new Float32Array(7), 'h')).toThrow(VectorDimensionError);
    const nan = vectors[3].slice();
    nan[2] = NaN;
    expect(() => store.upsert('bad', nan, 'h')).toThrow(/non-finite/);
    expect(store.size).toBe(3);
    expect(store.has('bad')).toBe(false);
    expect(() => new VectorStore({ corpus: 'c', model: 'm', dim: 0 })).toThrow(VectorDimensionError);
  });
});
