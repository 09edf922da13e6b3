// Schema version 3 (semantic search: vectorSets, vectorBlocks, embeddingJobs).
// Databases written by release 1 and by release 2 (the Ask view's
// conversations and custom models; schemas frozen in ../db-releases.ts as they shipped)
// open with this release's ClaimLensDB, keep every row, and gain the empty
// vector tables; a corpus delete then also removes its vectors.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { V1_STORES, V2_STORES, freshNames, writeV1 } from '../db-releases.ts';
import { ClaimLensDB, DexieVectorPersistence, deleteCorpus, getSetting, listChecks, listCorpora, loadIndex } from '../../../src/db.ts';
import { VectorStore, loadVectorSet, saveVectorSet } from '../../../src/core/vector/index.ts';

const fresh = freshNames('claimlens-v3-upgrade');

/** A release-2 database: release 1's rows plus a conversation and a custom model. */
async function writeV2(): Promise<string> {
  const name = await writeV1(fresh());
  const old = new Dexie(name);
  old.version(1).stores(V1_STORES);
  old.version(2).stores(V2_STORES);
  await old.open();
  await old.table('conversations').put({ id: 'conv-1', title: 'Is aspirin safe?', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:05:00Z', systemPrompt: '', turns: [{ role: 'user', id: 'q1', createdAt: '2026-11-23T10:00:00Z', content: 'Is aspirin safe for children?' }] });
  await old.table('customModels').put({ id: 'My-q4f32_1-MLC', model: 'https://example.org/My', model_lib: 'https://example.org/m.wasm', addedAt: '2026-11-23T00:00:00Z' });
  old.close();
  return name;
}

describe('database version 3', () => {
  it('a release-2 database opens with its conversations and custom models kept', async () => {
    const db = new ClaimLensDB(await writeV2());
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect((await db.conversations.toArray()).map((c) => [c.id, c.turns.length])).toEqual([['conv-1', 1]]);
    expect((await db.customModels.toArray()).map((m) => m.id)).toEqual(['My-q4f32_1-MLC']);
    expect((await listCorpora(db)).map((c) => c.id)).toEqual(['medquad']);
    expect(await db.chunks.count()).toBe(2);
    expect((await listChecks(db)).map((c) => c.id)).toEqual(['check-1']);
    expect(await db.vectorSets.count()).toBe(0);
    expect(await db.embeddingJobs.count()).toBe(0);
    db.close();
  });

  it('a release-1 database opens with every row kept and empty vector tables', async () => {
    const db = new ClaimLensDB(await writeV1(fresh()));
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect((await listCorpora(db)).map((c) => c.id)).toEqual(['medquad']);
    expect(await db.chunks.count()).toBe(2);
    expect(await loadIndex(db, 'medquad', 'v7')).toMatchObject({ tag: 'bm25' });
    expect(await db.verdicts.count()).toBe(1);
    expect((await listChecks(db)).map((c) => c.id)).toEqual(['check-1']);
    expect(await getSetting(db, 'removedPacks', v.array(v.string()))).toEqual(['other']);
    expect(await db.vectorSets.count()).toBe(0);
    expect(await db.vectorBlocks.count()).toBe(0);
    expect(await db.embeddingJobs.count()).toBe(0);
    db.close();
  });

  it('vectors of the upgraded corpus are stored, reloaded, and deleted with the corpus', async () => {
    const db = new ClaimLensDB(await writeV1(fresh()));
    const persistence = new DexieVectorPersistence(db);
    const store = new VectorStore({ corpus: 'medquad', model: 'm@1', dim: 4 });
    store.upsert('a', [1, 0, 0, 0], 'ha');
    store.upsert('b', [0, 1, 0, 0], 'hb');
    await saveVectorSet(persistence, store);
    await db.embeddingJobs.put({ corpus: 'medquad', model: 'm@1', state: 'done', done: 2, total: 2, updatedAt: '2026-11-23T00:00:00Z' });
    const loaded = await loadVectorSet(persistence, 'medquad', 'm@1');
    expect(loaded?.store.size).toBe(2);
    expect(loaded?.store.hashOf('b')).toBe('hb');

    await deleteCorpus(db, 'medquad');
    expect(await db.vectorSets.count()).toBe(0);
    expect(await db.vectorBlocks.count()).toBe(0);
    expect(await db.embeddingJobs.count()).toBe(0);
    expect(await db.checks.count()).toBe(1);
    db.close();
  });
});

describe('vector persistence in IndexedDB', () => {
  it('a set that shrinks loses its last blocks and keeps the others', async () => {
    const db = new ClaimLensDB(fresh());
    const persistence = new DexieVectorPersistence(db);
    const store = new VectorStore({ corpus: 'c', model: 'm@1', dim: 4 });
    for (let i = 0; i < 10; i++) store.upsert(`r${i}`, [i + 1, 1, 0, 0], `h${i}`);
    await saveVectorSet(persistence, store, undefined, { blockSize: 3 });
    expect(await db.vectorBlocks.count()).toBe(4);
    for (let i = 4; i < 10; i++) store.remove(`r${i}`);
    await saveVectorSet(persistence, store);
    expect((await db.vectorBlocks.toArray()).map((b) => b.block).sort()).toEqual([0, 1]);
    const loaded = await loadVectorSet(persistence, 'c', 'm@1');
    expect(loaded?.store.size).toBe(4);
    db.close();
  });
});
