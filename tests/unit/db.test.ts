import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import {
  ClaimLensDB,
  DexieChunkStore,
  DexieVerdictCache,
  deleteCheck,
  deleteCorpus,
  getSetting,
  listChecks,
  listCorpora,
  loadIndex,
  saveCheck,
  saveCorpus,
  saveIndex,
  setSetting,
  type StoredCorpus,
} from '../../src/db.ts';
import { InvalidDataError, StorageQuotaError } from '../../src/core/errors.ts';
import type { Chunk, ClaimResult } from '../../src/core/types.ts';
import type { CheckRecord } from '../../src/core/export.ts';

function corpus(id: string, version = 'v1', origin: StoredCorpus['origin'] = 'import'): StoredCorpus {
  return {
    id,
    name: id.toUpperCase(),
    version,
    license: 'CC BY 4.0',
    chunks: 3,
    bytes: 100,
    createdAt: '2026-11-23T00:00:00Z',
    origin,
  };
}

function chunks(corpusId: string, n = 3): Chunk[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `doc-${i}`, // the same ids in every corpus: keys are [corpus, id]
    corpus: corpusId,
    doc: `doc-${i}`,
    title: `Title ${i}`,
    source: 'test',
    text: `${corpusId} passage ${i}.`,
    sentences: [[0, `${corpusId} passage ${i}.`.length]],
    offset: 0,
  }));
}

// Any structured-cloneable object stands in for a serialized BM25 index here.
const fakeIndex = (tag: string) => ({ tag, lengths: new Float32Array([1, 2, 3]) }) as never;

function record(id: string, createdAt: string): CheckRecord {
  return {
    id,
    createdAt,
    title: 'Aspirin thins blood',
    answer: 'Aspirin thins blood.',
    checkReasoning: false,
    report: {
      claims: [],
      stats: { claims: 0, supported: 0, contradicted: 0, unverifiable: 0, ms: 1 },
      corpora: { a: 'v1' },
      verifier: 'test',
    },
  };
}

const claimResult: ClaimResult = {
  text: 'x',
  start: 0,
  end: 1,
  part: 'answer',
  verdict: 'supported',
  confidence: 0.9,
  probabilities: { supported: 0.9, contradicted: 0.05, unverifiable: 0.05 },
  evidence: [],
};

/** Makes IndexedDB refuse writes to one object store, as a full disk does. */
function failWritesTo(storeName: string): () => void {
  const proto = globalThis.IDBObjectStore.prototype;
  const put = proto.put;
  const add = proto.add;
  const fail = function (this: IDBObjectStore, orig: typeof put) {
    return function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (this.name === storeName) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return orig.apply(this, args);
    };
  };
  proto.put = fail.call(null as never, put);
  proto.add = fail.call(null as never, add);
  return () => {
    proto.put = put;
    proto.add = add;
  };
}

let db: ClaimLensDB;
let n = 0;
beforeEach(async () => {
  db = new ClaimLensDB(`claimlens-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('corpora', () => {
  it('stores a corpus with its chunks and index and reads chunks by corpus', async () => {
    await saveCorpus(db, { corpus: corpus('a'), chunks: chunks('a'), index: fakeIndex('a1') });
    await saveCorpus(db, { corpus: corpus('b'), chunks: chunks('b'), index: fakeIndex('b1') });
    expect((await listCorpora(db)).map((c) => c.id)).toEqual(['a', 'b']);
    const store = new DexieChunkStore(db, 'b');
    const got = await store.getChunks(['doc-2', 'missing', 'doc-0']);
    expect(got.map((c) => c.text)).toEqual(['b passage 2.', 'b passage 0.']);
    const idx = (await loadIndex(db, 'a', 'v1')) as unknown as { tag: string; lengths: Float32Array };
    expect(idx.tag).toBe('a1');
    expect(idx.lengths).toBeInstanceOf(Float32Array);
    expect(await loadIndex(db, 'a', 'v2')).toBeUndefined();
  });

  it('lists built-in packs before imports', async () => {
    await saveCorpus(db, { corpus: corpus('zeta'), chunks: chunks('zeta'), index: null });
    await saveCorpus(db, { corpus: corpus('medquad', 'v1', 'pack'), chunks: chunks('medquad'), index: null });
    expect((await listCorpora(db)).map((c) => c.id)).toEqual(['medquad', 'zeta']);
  });

  it('replacing a corpus version drops its old chunks, index and verdicts', async () => {
    await saveCorpus(db, { corpus: corpus('a'), chunks: chunks('a', 5), index: fakeIndex('old') });
    await new DexieVerdictCache(db, ['a']).set('k1', claimResult);
    await saveCorpus(db, { corpus: corpus('a', 'v2'), chunks: chunks('a', 2), index: fakeIndex('new') });
    expect(await db.chunks.where('corpus').equals('a').count()).toBe(2);
    expect(await loadIndex(db, 'a', 'v1')).toBeUndefined();
    expect(await loadIndex(db, 'a', 'v2')).toBeDefined();
    expect(await new DexieVerdictCache(db, ['a']).get('k1')).toBeUndefined();
  });

  it('deleting a corpus removes its chunks, index and cached verdicts, nothing else', async () => {
    await saveCorpus(db, { corpus: corpus('a'), chunks: chunks('a'), index: fakeIndex('a') });
    await saveCorpus(db, { corpus: corpus('b'), chunks: chunks('b'), index: fakeIndex('b') });
    await new DexieVerdictCache(db, ['a', 'b']).set('both', claimResult);
    await new DexieVerdictCache(db, ['b']).set('only-b', claimResult);
    await deleteCorpus(db, 'a');
    expect((await listCorpora(db)).map((c) => c.id)).toEqual(['b']);
    expect(await db.chunks.where('corpus').equals('a').count()).toBe(0);
    expect(await db.chunks.where('corpus').equals('b').count()).toBe(3);
    expect(await loadIndex(db, 'a', 'v1')).toBeUndefined();
    expect(await loadIndex(db, 'b', 'v1')).toBeDefined();
    const cache = new DexieVerdictCache(db, ['b']);
    expect(await cache.get('both')).toBeUndefined();
    expect(await cache.get('only-b')).toEqual(claimResult);
  });

  it('saveIndex keeps one index per corpus', async () => {
    await saveIndex(db, 'a', 'v1', fakeIndex('1'));
    await saveIndex(db, 'a', 'v2', fakeIndex('2'));
    expect(await db.indexes.where('corpus').equals('a').count()).toBe(1);
  });
});

describe('storage quota', () => {
  it('a corpus that does not fit raises StorageQuotaError and changes nothing', async () => {
    await saveCorpus(db, { corpus: corpus('a'), chunks: chunks('a'), index: fakeIndex('a') });
    const restore = failWritesTo('indexes');
    try {
      await expect(saveCorpus(db, { corpus: corpus('big'), chunks: chunks('big', 50), index: fakeIndex('big') })).rejects.toBeInstanceOf(
        StorageQuotaError,
      );
      // Replacing an existing corpus fails without losing the old version either.
      await expect(saveCorpus(db, { corpus: corpus('a', 'v2'), chunks: chunks('a', 1), index: fakeIndex('a2') })).rejects.toThrow(
        /no room left/,
      );
    } finally {
      restore();
    }
    expect((await listCorpora(db)).map((c) => `${c.id}@${c.version}`)).toEqual(['a@v1']);
    expect(await db.chunks.where('corpus').equals('big').count()).toBe(0);
    expect(await db.chunks.where('corpus').equals('a').count()).toBe(3);
    expect(await loadIndex(db, 'a', 'v1')).toBeDefined();
  });

  it('a check that does not fit raises StorageQuotaError and keeps history', async () => {
    await saveCheck(db, record('c1', '2026-11-23T10:00:00Z'));
    const restore = failWritesTo('checks');
    try {
      await expect(saveCheck(db, record('c2', '2026-11-23T11:00:00Z'))).rejects.toBeInstanceOf(StorageQuotaError);
    } finally {
      restore();
    }
    expect((await listChecks(db)).map((r) => r.id)).toEqual(['c1']);
  });

  it('the verdict cache skips writes that do not fit', async () => {
    const restore = failWritesTo('verdicts');
    try {
      await new DexieVerdictCache(db, ['a']).set('k', claimResult);
    } finally {
      restore();
    }
    expect(await db.verdicts.count()).toBe(0);
  });
});

describe('history and settings', () => {
  it('lists checks newest first and deletes one', async () => {
    await saveCheck(db, record('old', '2026-11-20T10:00:00Z'));
    await saveCheck(db, record('new', '2026-11-23T10:00:00Z'));
    await saveCheck(db, record('mid', '2026-11-21T10:00:00Z'));
    expect((await listChecks(db)).map((r) => r.id)).toEqual(['new', 'mid', 'old']);
    await deleteCheck(db, 'mid');
    expect((await listChecks(db)).map((r) => r.id)).toEqual(['new', 'old']);
  });

  it('keeps settings by key', async () => {
    expect(await getSetting(db, 'removedPacks', v.array(v.string()))).toBeUndefined();
    await setSetting(db, 'removedPacks', ['medquad']);
    expect(await getSetting(db, 'removedPacks', v.array(v.string()))).toEqual(['medquad']);
  });

  it('reads a setting of the wrong shape as absent and reports why', async () => {
    await setSetting(db, 'ask.remote', { baseUrl: 8000, apiKey: ['k'] });
    const reported: Error[] = [];
    const schema = v.object({ baseUrl: v.string(), apiKey: v.optional(v.string()) });
    expect(await getSetting(db, 'ask.remote', schema, (e) => reported.push(e))).toBeUndefined();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(InvalidDataError);
    expect(reported[0].message).toBe(
      'The stored setting "ask.remote" is not in the expected form (baseUrl: expected string, got 8000; apiKey: expected string, got a list); the default is used instead.',
    );
    // The stored value is left as it was (nothing lost); by default the report goes to the console.
    expect((await db.settings.get('ask.remote'))?.value).toEqual({ baseUrl: 8000, apiKey: ['k'] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(await getSetting(db, 'ask.remote', schema)).toBeUndefined();
      expect(warn).toHaveBeenCalledWith(reported[0].message);
    } finally {
      warn.mockRestore();
    }
  });
});
