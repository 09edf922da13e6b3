// The background embedding job in Node: the fixture encoder (onnxruntime-node),
// vectors persisted in IndexedDB (fake-indexeddb) through the same Dexie
// tables the app uses. Plan, stop half-way, resume, re-embed only what
// changed, persist the index, and keep everything on a full disk.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../../scripts/build-fixtures.ts';
import { loadNodeEmbedder } from '../../../src/cli/model-runtime.ts';
import type { TransformersEmbedder } from '../../../src/app/models/transformers-runner.ts';
import type { EmbedOptions, Embedder } from '../../../src/core/models/types.ts';
import { embeddingText, memorySource, runEmbeddingJob, type EmbeddingProgress } from '../../../src/core/embedding/job.ts';
import { ClaimLensDB, DexieVectorPersistence, saveCorpus } from '../../../src/db.ts';
import { AbortedError, StorageQuotaError } from '../../../src/core/errors.ts';
import { IvfIndex, loadVectorSet, vectorSetKey, type VectorPersistence } from '../../../src/core/vector/index.ts';
import { DenseRetriever } from '../../../src/core/retrieval/hybrid.ts';
import { MemoryChunkStore } from '../../../src/core/retrieval/index.ts';
import { dexieSource } from '../../../src/app/semantic-service.ts';
import type { Chunk } from '../../../src/core/types.ts';

const MODEL = `${FIXTURE_IDS.encoder}@fixture`;

const TOPICS = [
  'Aspirin lowers the risk of a second heart attack in adults with heart disease.',
  'Vitamin D deficiency causes rickets, a softening of the bones in children.',
  'Metformin is a first-line medicine for type 2 diabetes and is taken with meals.',
  'Glaucoma damages the optic nerve and can lead to blindness without treatment.',
  'Influenza vaccines are updated every year because the virus keeps changing.',
  'Iron deficiency anemia makes people tired because blood carries less oxygen.',
  'Asthma narrows the airways, and inhalers with steroids reduce the swelling.',
  'Sunscreen lowers the risk of skin cancer caused by ultraviolet light.',
];

function chunk(i: number, text = `${TOPICS[i % TOPICS.length]} (part ${i})`): Chunk {
  return { id: `c${i}`, corpus: 'notes', doc: `d${i}`, title: `Note ${i}`, source: 'test', text, sentences: [[0, text.length]], offset: 0 };
}

const CHUNKS = Array.from({ length: 40 }, (_, i) => chunk(i));

/** The fixture encoder, counting the texts it is asked to embed. */
class CountingEmbedder implements Embedder {
  texts = 0;
  constructor(private readonly inner: TransformersEmbedder) {}
  get id() {
    return this.inner.id;
  }
  get dim() {
    return this.inner.dim;
  }
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]> {
    this.texts += texts.length;
    return this.inner.embed(texts, options);
  }
}

let fixture: TransformersEmbedder;
const dbs: ClaimLensDB[] = [];
let n = 0;
function freshDb(): ClaimLensDB {
  const db = new ClaimLensDB(`embed-job-${n++}`);
  dbs.push(db);
  return db;
}

beforeAll(async () => {
  fixture = await loadNodeEmbedder(FIXTURE_IDS.encoder);
});
afterAll(async () => {
  await fixture?.dispose();
});
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('runEmbeddingJob', () => {
  it('embeds every chunk, saves the vectors in IndexedDB and finds a chunk by its own text', async () => {
    const db = freshDb();
    const embedder = new CountingEmbedder(fixture);
    const persistence = new DexieVectorPersistence(db);
    const phases: EmbeddingProgress['phase'][] = [];
    const result = await runEmbeddingJob({
      corpus: 'notes',
      model: MODEL,
      embedder,
      persistence,
      source: memorySource(CHUNKS),
      batchSize: 8,
      onProgress: (p) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
      },
    });
    expect(phases).toEqual(['plan', 'embed', 'index', 'done']);
    expect(result).toMatchObject({ embedded: 40, removed: 0, resumedFrom: 0 });
    expect(result.index.kind).toBe('flat');
    expect(embedder.texts).toBe(40);

    const loaded = await loadVectorSet(persistence, 'notes', MODEL);
    expect(loaded?.store.size).toBe(40);
    expect(await db.vectorSets.count()).toBe(1);

    const retriever = new DenseRetriever({
      embedQuery: async (q) => (await embedder.embed([q], { kind: 'query' }))[0],
      index: result.index,
      chunks: new MemoryChunkStore(CHUNKS),
    });
    const [top] = await retriever.search(embeddingText(CHUNKS[17]), 3);
    expect(top.chunk.id).toBe('c17');
    expect(top.score).toBeGreaterThan(0.99);
  });

  it('stopped half-way keeps what it saved, and the next run embeds only the rest', async () => {
    const db = freshDb();
    const persistence = new DexieVectorPersistence(db);
    const first = new CountingEmbedder(fixture);
    const controller = new AbortController();
    let savedAtStop = 0;
    const run = runEmbeddingJob({
      corpus: 'notes',
      model: MODEL,
      embedder: first,
      persistence,
      source: memorySource(CHUNKS),
      batchSize: 4,
      saveEveryMs: 0, // save after every batch
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'embed' && p.done >= 12 && !controller.signal.aborted) controller.abort();
        savedAtStop = p.saved;
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    const stored = (await loadVectorSet(persistence, 'notes', MODEL))!.store;
    expect(stored.size).toBe(12);
    expect(savedAtStop).toBe(12);

    const second = new CountingEmbedder(fixture);
    const result = await runEmbeddingJob({ corpus: 'notes', model: MODEL, embedder: second, persistence, source: memorySource(CHUNKS), batchSize: 4 });
    expect(result.resumedFrom).toBe(12);
    expect(result.embedded).toBe(28);
    expect(second.texts).toBe(28);
    expect((await loadVectorSet(persistence, 'notes', MODEL))!.store.size).toBe(40);
  });

  it('after a corpus update re-embeds only changed and new chunks and drops removed ones', async () => {
    const db = freshDb();
    const persistence = new DexieVectorPersistence(db);
    await runEmbeddingJob({ corpus: 'notes', model: MODEL, embedder: fixture, persistence, source: memorySource(CHUNKS) });
    const corpus = CHUNKS.slice(0, 30)
      .filter((c) => c.id !== 'c5')
      .map((c) => (c.id === 'c3' ? chunk(3, 'Aspirin also thins the blood, so it raises the risk of bleeding.') : c))
      .concat([chunk(40), chunk(41)]);
    const embedder = new CountingEmbedder(fixture);
    const result = await runEmbeddingJob({ corpus: 'notes', model: MODEL, embedder, persistence, source: memorySource(corpus) });
    // c3 changed, c40 and c41 are new; c5 and c30..c39 are gone.
    expect(embedder.texts).toBe(3);
    expect(result).toMatchObject({ embedded: 3, removed: 11, resumedFrom: 28 });
    const stored = (await loadVectorSet(persistence, 'notes', MODEL))!.store;
    expect(stored.size).toBe(corpus.length);
    expect(stored.has('c5')).toBe(false);
    expect(stored.has('c41')).toBe(true);
  });

  it('reads the corpus from IndexedDB (the app path) and builds a calibrated IVF index above the threshold, persisted and restored', async () => {
    const db = freshDb();
    const meta = { id: 'notes', name: 'Notes', version: 'v1', license: 'test', chunks: CHUNKS.length, bytes: 1, createdAt: '2026-01-01T00:00:00Z', origin: 'import' as const };
    await saveCorpus(db, { corpus: meta, chunks: CHUNKS, index: null });
    const persistence = new DexieVectorPersistence(db);
    const result = await runEmbeddingJob({
      corpus: 'notes',
      model: MODEL,
      embedder: fixture,
      persistence,
      source: dexieSource(db, 'notes'),
      index: { approximateFrom: 20, calibrateTo: 0.9 },
    });
    expect(result.index).toBeInstanceOf(IvfIndex);
    const loaded = await loadVectorSet(persistence, 'notes', MODEL);
    expect(loaded?.index).toBeInstanceOf(IvfIndex);
    expect(loaded!.index!.nlist).toBe((result.index as IvfIndex).nlist);
    const q = (await fixture.embed([embeddingText(CHUNKS[9])]))[0];
    expect(loaded!.index!.search(q, 1)[0].id).toBe('c9');
  });

  it('on a full disk fails with StorageQuotaError and the vectors saved before stay whole', async () => {
    const db = freshDb();
    const dexie = new DexieVectorPersistence(db);
    let writes = 0;
    // The third save finds the disk full (as IndexedDB reports it).
    const persistence: VectorPersistence = {
      getSet: (k) => dexie.getSet(k),
      getBlock: (k, b) => dexie.getBlock(k, b),
      deleteSet: (k) => dexie.deleteSet(k),
      write: async (set, blocks) => {
        if (++writes >= 3) throw new StorageQuotaError('The browser has no room left to store this.');
        return dexie.write(set, blocks);
      },
    };
    const run = runEmbeddingJob({ corpus: 'notes', model: MODEL, embedder: fixture, persistence, source: memorySource(CHUNKS), batchSize: 8, saveEveryMs: 0 });
    await expect(run).rejects.toBeInstanceOf(StorageQuotaError);
    const stored = (await loadVectorSet(dexie, 'notes', MODEL))!.store;
    expect(stored.size).toBe(16);
    expect(await db.vectorBlocks.where('set').equals(vectorSetKey('notes', MODEL)).count()).toBe(1);
    // With room again the job picks up from the 16 stored vectors.
    const embedder = new CountingEmbedder(fixture);
    const result = await runEmbeddingJob({ corpus: 'notes', model: MODEL, embedder, persistence: dexie, source: memorySource(CHUNKS) });
    expect(result.resumedFrom).toBe(16);
    expect(embedder.texts).toBe(24);
  });
});
