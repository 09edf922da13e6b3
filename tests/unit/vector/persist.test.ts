import { describe, expect, it } from 'vitest';
import {
  FlatIndex,
  IvfIndex,
  loadVectorSet,
  MemoryVectorPersistence,
  saveVectorSet,
  vectorSetKey,
  VectorDataCorruptError,
  type VectorBlockRecord,
} from '../../../src/core/vector/index.ts';
import { clusteredSet, storeOf } from './helpers.ts';

describe('vector set persistence', () => {
  const set = clusteredSet(2500, 10);

  it('round-trips an int8 store with its IVF index in blocks', async () => {
    const store = storeOf(set.vectors);
    const ivf = IvfIndex.build(store, { nlist: 25, nprobe: 4, seed: 3 });
    const db = new MemoryVectorPersistence();
    const res = await saveVectorSet(db, store, ivf, { blockSize: 1000 });
    expect(res).toEqual({ blocksWritten: 3, blockCount: 3 });
    expect(db.blockCount(vectorSetKey('c', 'm@1'))).toBe(3);

    const loaded = await loadVectorSet(db, 'c', 'm@1');
    expect(loaded?.index).toBeDefined();
    expect(loaded!.store.size).toBe(store.size);
    expect(Array.from(loaded!.store.codes.subarray(0, store.size * store.dim))).toEqual(
      Array.from(store.codes.subarray(0, store.size * store.dim)),
    );
    for (const q of set.queries) {
      expect(loaded!.index!.search(q, 10)).toEqual(ivf.search(q, 10));
    }
    expect(loaded!.index!.nprobe).toBe(4);
  });

  it('round-trips an f32 store without an index', async () => {
    const store = storeOf(set.vectors.slice(0, 300), 'f32', 'c2');
    const db = new MemoryVectorPersistence();
    await saveVectorSet(db, store, undefined, { blockSize: 128 });
    const loaded = await loadVectorSet(db, 'c2', 'm@1');
    expect(loaded!.index).toBeUndefined();
    const a = new FlatIndex(store);
    const b = new FlatIndex(loaded!.store);
    for (const q of set.queries) expect(b.search(q, 5)).toEqual(a.search(q, 5));
  });

  it('rewrites only the blocks whose rows changed, and drops blocks past the end', async () => {
    const store = storeOf(set.vectors.slice(0, 2000));
    const db = new MemoryVectorPersistence();
    await saveVectorSet(db, store, undefined, { blockSize: 500 });
    store.upsert('chunk-10', set.vectors[2100], 'changed');
    const again = await saveVectorSet(db, store);
    expect(again).toEqual({ blocksWritten: 1, blockCount: 4 });
    // Removing 600 rows from the end shrinks the set to 3 blocks.
    for (let i = 1400; i < 2000; i++) store.remove(`chunk-${i}`);
    const shrunk = await saveVectorSet(db, store);
    expect(shrunk.blockCount).toBe(3);
    expect(db.blockCount(vectorSetKey('c', 'm@1'))).toBe(3);
    const loaded = await loadVectorSet(db, 'c', 'm@1');
    expect(loaded!.store.size).toBe(1400);
    expect(loaded!.store.hashOf('chunk-10')).toBe('changed');
    expect(loaded!.store.plan(Array.from({ length: 1400 }, (_, i) => ({ id: `chunk-${i}`, hash: i === 10 ? 'changed' : `h${i}` })))).toEqual({
      toEmbed: [],
      toRemove: [],
      unchanged: 1400,
    });
  });

  it('keeps incremental changes to an indexed store across a reload', async () => {
    const store = storeOf(set.vectors.slice(0, 2000));
    const ivf = IvfIndex.build(store, { nlist: 20, seed: 3 });
    const db = new MemoryVectorPersistence();
    await saveVectorSet(db, store, ivf, { blockSize: 400 });
    store.remove('chunk-5');
    store.upsert('chunk-new', set.vectors[2200], 'n');
    const res = await saveVectorSet(db, store, ivf);
    expect(res.blocksWritten).toBeLessThan(res.blockCount);
    const loaded = await loadVectorSet(db, 'c', 'm@1');
    for (const q of set.queries) expect(loaded!.index!.search(q, 10, 20)).toEqual(ivf.search(q, 10, 20));
  });

  it('reports a missing or truncated block as corrupt data, and an unknown set as undefined', async () => {
    const store = storeOf(set.vectors.slice(0, 1000));
    const db = new MemoryVectorPersistence();
    await saveVectorSet(db, store, undefined, { blockSize: 400 });
    expect(await loadVectorSet(db, 'other', 'm@1')).toBeUndefined();
    const key = vectorSetKey('c', 'm@1');
    const setRec = (await db.getSet(key))!;
    const b1 = (await db.getBlock(key, 1))!;
    const truncated: VectorBlockRecord = { ...b1, codes: b1.codes!.slice(0, 100) };
    await db.write(setRec, [truncated]);
    await expect(loadVectorSet(db, 'c', 'm@1')).rejects.toThrow(VectorDataCorruptError);
    // Drop block 2 (a write with fewer blocks deletes those past the end), then claim it again.
    await db.write({ ...setRec, blockCount: 2 }, [b1]);
    await db.write(setRec, []);
    await expect(loadVectorSet(db, 'c', 'm@1')).rejects.toThrow(/lack block/);
  });

  it('writes plain structured-cloneable records', async () => {
    const store = storeOf(set.vectors.slice(0, 50));
    const ivf = IvfIndex.build(store, { nlist: 4 });
    const db = new MemoryVectorPersistence();
    await saveVectorSet(db, store, ivf);
    const rec = (await db.getSet(vectorSetKey('c', 'm@1')))!;
    expect(rec.index!.centroids).toBeInstanceOf(Float32Array);
    expect(() => structuredClone(rec)).not.toThrow();
  });
});
