// Background embedding of one corpus with one model: the vectors already
// saved are the progress. A run loads the saved set, asks the store which
// chunks are new or changed (`VectorStore.plan`, by content hash), embeds only
// those in batches, saves every few seconds (only the changed blocks), and
// finally builds the search index (flat below 50k rows, calibrated IVF above).
// Stopping (pause, reload, crash) loses at most the rows since the last save;
// the next run resumes from there.
import { AbortedError } from '../errors.ts';
import type { Chunk } from '../types.ts';
import type { Embedder } from '../models/types.ts';
import { indexText } from '../retrieval/index.ts';
import {
  FlatIndex,
  IvfIndex,
  VectorDataCorruptError,
  VectorStore,
  contentHash,
  createIndex,
  loadVectorSet,
  saveVectorSet,
  vectorSetKey,
  type ChunkFingerprint,
  type CreateIndexOptions,
  type VectorIndex,
  type VectorPersistence,
  type VectorPrecision,
} from '../vector/index.ts';

/** The text of a chunk that is embedded (the same heading + passage that BM25 indexes). */
export function embeddingText(chunk: Pick<Chunk, 'focus' | 'title' | 'text'>): string {
  return indexText(chunk);
}

export function chunkFingerprint(chunk: Chunk): ChunkFingerprint {
  return { id: chunk.id, hash: contentHash(embeddingText(chunk)) };
}

/** Where a job reads the corpus from (IndexedDB in the app, memory in tests and the CLI). */
export interface EmbeddingSource {
  /** Every chunk of the corpus: its id and the hash of its embedding text. */
  fingerprints(): Promise<ChunkFingerprint[]>;
  /** The embedding texts of these chunks, in order. */
  texts(ids: string[]): Promise<string[]>;
}

/** A source over chunks in memory. */
export function memorySource(chunks: readonly Chunk[]): EmbeddingSource {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  return {
    fingerprints: async () => chunks.map(chunkFingerprint),
    texts: async (ids) => ids.map((id) => embeddingText(byId.get(id) ?? { title: '', text: '' })),
  };
}

export interface EmbeddingProgress {
  phase: 'plan' | 'embed' | 'index' | 'done';
  /** Chunks with a vector (in memory), out of `total`. */
  done: number;
  total: number;
  /** Chunks whose vectors are saved. */
  saved: number;
  /** Vectors that were already saved when this run started (a resumed job). */
  resumedFrom: number;
}

export interface EmbeddingJobOptions {
  corpus: string;
  /** Model version key; with the corpus it names the vector set. */
  model: string;
  embedder: Embedder;
  persistence: VectorPersistence;
  source: EmbeddingSource;
  /** Chunks per embedding call (default 16: a check waiting behind a batch waits for at most that many). */
  batchSize?: number;
  /** Awaited before each batch: the app holds embedding back while a check runs. */
  beforeBatch?: () => Promise<void>;
  /** Save at most this often while embedding (default 2000 ms); always at the end and on pause. */
  saveEveryMs?: number;
  precision?: VectorPrecision;
  index?: CreateIndexOptions;
  /** Stops between batches (pause); the job saves what it has and throws AbortedError. */
  signal?: AbortSignal;
  onProgress?: (p: EmbeddingProgress) => void;
  /**
   * The saved vectors could not be read (damaged, another format) and were
   * deleted: the job starts over. The caller reports it; it is not an error of the job.
   */
  onDiscarded?: (err: VectorDataCorruptError) => void;
  /** Wait this long between batches (tests use it to stop a job half-way). */
  batchDelayMs?: number;
  now?: () => number;
}

export interface EmbeddingJobResult {
  store: VectorStore;
  index: VectorIndex;
  /** Chunks embedded by this run. */
  embedded: number;
  /** Stored vectors dropped because their chunk is gone. */
  removed: number;
  resumedFrom: number;
}

/** Re-build an existing IVF index only when this share of rows changed. */
const REBUILD_SHARE = 0.1;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runEmbeddingJob(o: EmbeddingJobOptions): Promise<EmbeddingJobResult> {
  const batchSize = Math.max(1, o.batchSize ?? 16);
  const saveEvery = o.saveEveryMs ?? 2000;
  const now = o.now ?? (() => Date.now());
  const fingerprints = await o.source.fingerprints();
  const total = fingerprints.length;

  let loaded: Awaited<ReturnType<typeof loadVectorSet>>;
  try {
    loaded = await loadVectorSet(o.persistence, o.corpus, o.model);
  } catch (err) {
    // Damaged or from an older format: start over rather than fail forever.
    if (!(err instanceof VectorDataCorruptError)) throw err;
    await o.persistence.deleteSet(vectorSetKey(o.corpus, o.model));
    o.onDiscarded?.(err);
    loaded = undefined;
  }
  if (loaded && loaded.store.dim !== o.embedder.dim) {
    await o.persistence.deleteSet(vectorSetKey(o.corpus, o.model));
    loaded = undefined;
  }
  const store =
    loaded?.store ??
    new VectorStore({ corpus: o.corpus, model: o.model, dim: o.embedder.dim, precision: o.precision, capacity: total });
  let ivf: IvfIndex | undefined = loaded?.index;

  const plan = store.plan(fingerprints);
  const resumedFrom = plan.unchanged;
  let saved = plan.unchanged;
  let embedded = 0;
  const progress = (phase: EmbeddingProgress['phase']) =>
    o.onProgress?.({ phase, done: resumedFrom + embedded, total, saved, resumedFrom });
  progress('plan');

  for (const id of plan.toRemove) store.remove(id);
  const hashOf = new Map(fingerprints.map((f) => [f.id, f.hash]));
  let lastSave = now();

  const save = async (index?: IvfIndex) => {
    await saveVectorSet(o.persistence, store, index);
    saved = store.size;
    lastSave = now();
  };

  for (let start = 0; start < plan.toEmbed.length; start += batchSize) {
    await o.beforeBatch?.();
    if (o.signal?.aborted) {
      await save(ivf);
      throw new AbortedError('Embedding paused.');
    }
    const ids = plan.toEmbed.slice(start, start + batchSize);
    const texts = await o.source.texts(ids);
    let vectors: Float32Array[];
    try {
      vectors = await o.embedder.embed(texts, { kind: 'passage', batchSize, signal: o.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortedError') {
        await save(ivf);
        throw new AbortedError('Embedding paused.');
      }
      // Keep what was embedded before the failure. The embedding error is
      // the one reported; a failed save here (storage full too) rides along as its cause.
      if (store.dirty().rows.size || store.dirty().all) {
        try {
          await save(ivf);
        } catch (saveErr) {
          if (err instanceof Error && err.cause === undefined) err.cause = saveErr;
        }
      }
      throw err;
    }
    ids.forEach((id, i) => store.upsert(id, vectors[i], hashOf.get(id)!));
    embedded += ids.length;
    if (now() - lastSave >= saveEvery) await save(ivf);
    progress('embed');
    if (o.batchDelayMs) await sleep(o.batchDelayMs);
  }

  progress('index');
  const changed = embedded + plan.toRemove.length;
  let index: VectorIndex;
  if (ivf && store.size > 0 && changed <= REBUILD_SHARE * store.size) {
    index = ivf; // it followed the changes as a store observer
  } else {
    ivf = undefined;
    index = store.size > 0 ? createIndex(store, o.index) : new FlatIndex(store);
    if (index instanceof IvfIndex) ivf = index;
  }
  await save(ivf);
  progress('done');
  return { store, index, embedded, removed: plan.toRemove.length, resumedFrom };
}
