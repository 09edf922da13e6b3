// Databases as earlier releases wrote them, for the schema upgrade tests:
// each release's schema frozen as it shipped, and a few rows of each kind.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach } from 'vitest';

/** The schema of release 1, exactly as src/db.ts declared it. */
export const V1_STORES = {
  corpora: 'id',
  chunks: '[corpus+id], corpus',
  indexes: '[corpus+version], corpus',
  verdicts: 'key, *corpora, createdAt',
  checks: 'id, createdAt',
  settings: 'key',
};

/** Release 2 added these tables on top of V1_STORES. */
export const V2_STORES = {
  conversations: 'id, updatedAt',
  customModels: 'id',
};

/**
 * Returns a function giving fresh database names with `prefix`; every
 * database named by it is deleted after each test of the calling file.
 */
export function freshNames(prefix: string): () => string {
  const names: string[] = [];
  let n = 0;
  afterEach(async () => {
    for (const name of names.splice(0)) await Dexie.delete(name);
  });
  return () => {
    const name = `${prefix}-${n++}`;
    names.push(name);
    return name;
  };
}

/**
 * Writes a release-1 database: the MedQuAD corpus (2 chunks, a BM25 index at
 * v7), one cached verdict, one check in the history, one setting.
 */
export async function writeV1(name: string): Promise<string> {
  const old = new Dexie(name);
  old.version(1).stores(V1_STORES);
  await old.open();
  await old.table('corpora').put({ id: 'medquad', name: 'MedQuAD', version: 'v7', license: 'CC BY 4.0', chunks: 2, bytes: 40, createdAt: '2026-11-01T00:00:00Z', origin: 'pack' });
  await old.table('chunks').bulkPut([
    { id: 'a', corpus: 'medquad', doc: 'd', title: 'Glaucoma', source: 'NEI', text: 'Glaucoma damages the optic nerve.', sentences: [[0, 33]], offset: 0 },
    { id: 'b', corpus: 'medquad', doc: 'd', title: 'Glaucoma', source: 'NEI', text: 'It can cause blindness.', sentences: [[0, 23]], offset: 34 },
  ]);
  await old.table('indexes').put({ corpus: 'medquad', version: 'v7', index: { tag: 'bm25', lengths: new Float32Array([5, 4]) }, createdAt: '2026-11-01T00:00:00Z' });
  await old.table('verdicts').put({ key: 'k1', value: { verdict: 'supported' }, corpora: ['medquad'], createdAt: '2026-11-02T00:00:00Z' });
  await old.table('checks').put({
    id: 'check-1',
    createdAt: '2026-11-02T00:00:00Z',
    title: 'Glaucoma damages the optic nerve.',
    answer: 'Glaucoma damages the optic nerve.',
    checkReasoning: false,
    report: { claims: [], stats: { claims: 0, supported: 0, contradicted: 0, unverifiable: 0, hallucination_rate: 0, ms: 3 }, corpora: { medquad: 'v7' }, verifier: 'f1' },
  });
  await old.table('settings').put({ key: 'removedPacks', value: ['other'] });
  old.close();
  return name;
}
