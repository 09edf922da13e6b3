import { describe, expect, it } from 'vitest';
import { createIndex, FlatIndex, IvfIndex, seededRandom, VectorStore } from '../../../src/core/vector/index.ts';
import { EmptyCorpusError } from '../../../src/core/errors.ts';
import { clusteredSet, exactTopK, recallAt, storeOf } from './helpers.ts';

function listsCover(index: IvfIndex): number {
  return Array.from(index.listSizes()).reduce((a, b) => a + b, 0);
}

describe('IVF index', () => {
  const set = clusteredSet(4000, 40);

  it('without spilling, puts every row in exactly one list', () => {
    const store = storeOf(set.vectors);
    const ivf = IvfIndex.build(store, { nlist: 50, spill: 0, seed: 5 });
    expect(listsCover(ivf)).toBe(store.size);
    const flat = new FlatIndex(store, { scoring: ivf.scoring });
    for (const q of set.queries.slice(0, 10)) {
      expect(ivf.search(q, 10, ivf.nlist).map((h) => h.id)).toEqual(flat.search(q, 10).map((h) => h.id));
    }
  });

  it('spilling raises recall at a small nprobe, and never returns a row twice', () => {
    const store = storeOf(set.vectors);
    const plain = IvfIndex.build(store, { nlist: 64, spill: 0, seed: 5 });
    const truths = set.queries.map((q) => exactTopK(set.vectors, q, 10));
    const recall = (ivf: IvfIndex) =>
      set.queries.reduce((acc, q, i) => acc + recallAt(ivf.search(q, 10, 2), truths[i]), 0) / set.queries.length;
    const plainRecall = recall(plain);
    plain.dispose();
    const spilled = IvfIndex.build(store, { nlist: 64, spill: 0.9, seed: 5 });
    expect(recall(spilled)).toBeGreaterThan(plainRecall);
    for (const q of set.queries) {
      const ids = spilled.search(q, 10, 16).map((h) => h.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('with every list probed, returns what the flat scan returns', () => {
    const store = storeOf(set.vectors);
    const ivf = IvfIndex.build(store, { nlist: 40, seed: 5 });
    const flat = new FlatIndex(store, { scoring: ivf.scoring });
    for (const q of set.queries) {
      expect(ivf.search(q, 10, ivf.nlist).map((h) => h.id)).toEqual(flat.search(q, 10).map((h) => h.id));
    }
  });

  it('reaches high recall@10 against exact f32 while probing a fraction of the lists', () => {
    const store = storeOf(set.vectors);
    const ivf = IvfIndex.build(store, { nlist: 64, seed: 5 });
    const flat = new FlatIndex(store);
    let ivfRecall = 0;
    let flatRecall = 0;
    for (const q of set.queries) {
      const truth = exactTopK(set.vectors, q, 10);
      ivfRecall += recallAt(ivf.search(q, 10, 12), truth);
      flatRecall += recallAt(flat.search(q, 10), truth);
    }
    ivfRecall /= set.queries.length;
    flatRecall /= set.queries.length;
    // Probing 12 of 64 lists on clustered data loses little beyond what int8 loses.
    expect(ivfRecall).toBeGreaterThanOrEqual(0.9);
    expect(ivfRecall).toBeGreaterThanOrEqual(flatRecall - 0.08);
  });

  it('trains two-level for large nlist and still covers every row once', () => {
    const store = storeOf(set.vectors);
    const ivf = IvfIndex.build(store, { nlist: 100, flatTrainMax: 16, seed: 2 });
    expect(ivf.toRecord().groups).toBeDefined();
    // Every row once, plus the rows spilled into a second list.
    expect(listsCover(ivf)).toBeGreaterThan(store.size);
    expect(listsCover(ivf)).toBeLessThanOrEqual(2 * store.size);
    let recall = 0;
    for (const q of set.queries) recall += recallAt(ivf.search(q, 10, 16), exactTopK(set.vectors, q, 10));
    expect(recall / set.queries.length).toBeGreaterThanOrEqual(0.85);
  });

  it('follows adds, updates and removals made after the build', () => {
    const base = set.vectors.slice(0, 3000);
    const store = storeOf(base);
    const ivf = IvfIndex.build(store, { nlist: 30, seed: 9 });
    const rand = seededRandom(4);
    const live = new Map<string, Float32Array>(base.map((v, i) => [`chunk-${i}`, v]));
    // Random mix of new chunks, re-embedded chunks and removed chunks.
    for (let step = 0; step < 1500; step++) {
      const r = rand();
      if (r < 0.4) {
        const i = 3000 + Math.floor(rand() * 1000);
        store.upsert(`chunk-${i}`, set.vectors[i], 'new');
        live.set(`chunk-${i}`, set.vectors[i]);
      } else if (r < 0.7) {
        const ids = [...live.keys()];
        const id = ids[Math.floor(rand() * ids.length)];
        // A fresh point (never a duplicate: equal scores would make the order of ties arbitrary).
        const v = set.data.point(10_000 + step, new Float32Array(set.vectors[0].length));
        store.upsert(id, v, 'changed');
        live.set(id, v);
      } else {
        const ids = [...live.keys()];
        const id = ids[Math.floor(rand() * ids.length)];
        store.remove(id);
        live.delete(id);
      }
    }
    expect(store.size).toBe(live.size);
    expect(listsCover(ivf)).toBeGreaterThanOrEqual(store.size);
    expect(listsCover(ivf)).toBeLessThanOrEqual(2 * store.size);
    // Probing all lists equals the flat scan: every row is in exactly one list at its current position.
    const flat = new FlatIndex(store, { scoring: ivf.scoring });
    for (const q of set.queries.slice(0, 10)) {
      expect(ivf.search(q, 10, ivf.nlist).map((h) => h.id)).toEqual(flat.search(q, 10).map((h) => h.id));
    }
    // A removed chunk is never returned; a stored vector finds itself first.
    for (const [id, vec] of [...live.entries()].slice(0, 50)) {
      const top = ivf.search(vec, 1)[0];
      expect(top.id).toBe(id);
      expect(top.score).toBeGreaterThan(0.99);
    }
  });

  it('keeps ids attached to their vectors through the build-time reorder', () => {
    const store = storeOf(set.vectors);
    IvfIndex.build(store, { nlist: 20, seed: 1 });
    for (const i of [0, 17, 1234, 3999]) {
      const v = store.vectorAt(store.rowOf(`chunk-${i}`));
      let err = 0;
      for (let j = 0; j < v.length; j++) err = Math.max(err, Math.abs(v[j] - set.vectors[i][j]));
      expect(err).toBeLessThan(0.01);
    }
  });

  it('calibrates nprobe to reach a target recall against the flat scan', () => {
    const store = storeOf(set.vectors);
    const ivf = IvfIndex.build(store, { nlist: 64, nprobe: 1, seed: 5 });
    const { nprobe, curve } = ivf.calibrate({ target: 0.9, queries: 40 });
    expect(ivf.nprobe).toBe(nprobe);
    // It stopped at the first nprobe that reached the target (or where recall stopped growing).
    for (const c of curve.slice(0, -1)) expect(c.recall).toBeLessThan(0.9);
    const last = curve.at(-1)!;
    if (last.recall < 0.9) expect(last.recall - curve.at(-3)!.recall).toBeLessThan(0.01);
    else expect(nprobe).toBe(last.nprobe);
    // The tuned nprobe carries over to unseen queries (the perturbed data points of the set).
    const flat = new FlatIndex(store, { scoring: ivf.scoring });
    let recall = 0;
    for (const q of set.queries) recall += recallAt(ivf.search(q, 10), flat.search(q, 10));
    expect(recall / set.queries.length).toBeGreaterThanOrEqual(0.8);
  });

  it('createIndex picks a flat scan for small stores and a calibrated IVF for large ones', () => {
    const store = storeOf(set.vectors);
    expect(createIndex(store).kind).toBe('flat');
    const ivf = createIndex(store, { approximateFrom: 1000, ivf: { nlist: 40 }, calibrateTo: 0.9 });
    expect(ivf.kind).toBe('ivf');
    expect((ivf as IvfIndex).nprobe).toBeLessThanOrEqual(40);
  });

  it('refuses to build over an empty store with a named error', () => {
    const empty = new VectorStore({ corpus: 'c', model: 'm', dim: 8 });
    expect(() => IvfIndex.build(empty)).toThrow(EmptyCorpusError);
  });
});
