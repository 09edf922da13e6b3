// The one IndexedDB schema (Dexie), shared by the checker worker and the UI.
// Keep every `db.version(n)` step forever: an older user database must
// upgrade without losing corpora or history.
import { Dexie, type Table } from 'dexie';
import type { Chunk, ClaimResult, StoredCorpus } from './core/types.ts';
export type { StoredCorpus };
import type { ChunkStore } from './core/retrieval/types.ts';
import type { CheckRecord } from './core/export.ts';
import type * as v from 'valibot';
import { InvalidDataError, StorageQuotaError, quotaMessage } from './core/errors.ts';
import { checkWith } from './core/validate.ts';
import type { SerializedBM25 } from './core/retrieval/bm25.ts';
import type { VerdictCache } from './core/check.ts';
import type { Conversation } from './core/conversation.ts';
import type { CustomModelRecord } from './core/engine/custom-model.ts';
import type { ErrorPayload } from './core/errors.ts';
import type { VectorBlockRecord, VectorPersistence, VectorSetRecord } from './core/vector/persist.ts';
import type { BatchAnswer, BatchRun, Review } from './core/batch/types.ts';

export const DB_NAME = 'claimlens';

/** A corpus as stored: its meta plus where it came from. */

/** A serialized BM25 index for one corpus version (typed arrays, structured-cloneable). */
export interface StoredIndex {
  corpus: string;
  version: string;
  index: SerializedBM25;
  createdAt: string;
}

/** A cached verdict; `corpora` lets a corpus's verdicts be dropped with it. */
export interface StoredVerdict {
  key: string;
  value: ClaimResult;
  corpora: string[];
  createdAt: string;
}

/**
 * A pack file as fetched, kept while the pack's chunks are being saved (the
 * first step of saveCorpusInBackground): a reload before they are all in
 * resumes from it instead of downloading the pack again. Deleted once the
 * corpus is stored.
 */
export interface StoredPackFile {
  /** Corpus id. */
  id: string;
  /** Corpus version of the pack. */
  version: string;
  /** The pack's file name (manifest). */
  file: string;
  /** The file's bytes (gzip'd, or the JSON when the server sent it gunzipped). */
  bytes: Uint8Array;
  /** The corpus entry to write once the chunks are in. */
  corpus: StoredCorpus;
  createdAt: string;
}

export interface Setting {
  key: string;
  value: unknown;
}

/**
 * Background embedding of one corpus with one model version. The vectors
 * themselves are the progress (vectorSets / vectorBlocks); this record says
 * whether the job should run and what the user last saw.
 */
export interface EmbeddingJobRecord {
  corpus: string;
  /** Model version key, e.g. "Xenova/all-MiniLM-L6-v2@main". */
  model: string;
  /** 'queued'/'running' resume by themselves after a reload; 'paused' waits for the user. */
  state: 'queued' | 'running' | 'paused' | 'done' | 'failed';
  /** Chunks whose vectors are stored, out of `total`. */
  done: number;
  total: number;
  error?: ErrorPayload;
  updatedAt: string;
}

export class ClaimLensDB extends Dexie {
  corpora!: Table<StoredCorpus, string>;
  /** Chunk ids are unique within a corpus only, so the key is [corpus, id]. */
  chunks!: Table<Chunk, [string, string]>;
  indexes!: Table<StoredIndex, [string, string]>;
  verdicts!: Table<StoredVerdict, string>;
  checks!: Table<CheckRecord, string>;
  settings!: Table<Setting, string>;
  /** Ask view conversations (version 2). */
  conversations!: Table<Conversation, string>;
  /** Models the user added by URL (version 2). */
  customModels!: Table<CustomModelRecord, string>;
  /** Embeddings of one corpus under one model (version 3; see src/core/vector/persist.ts). */
  vectorSets!: Table<VectorSetRecord, string>;
  vectorBlocks!: Table<VectorBlockRecord, [string, number]>;
  embeddingJobs!: Table<EmbeddingJobRecord, [string, string]>;
  /** Pack files whose chunks are being saved (version 4; see StoredPackFile). */
  packFiles!: Table<StoredPackFile, string>;
  /** Batch runs, their answers (each with its report once checked) and reviews of their claims (version 5; src/core/batch/types.ts). */
  batchRuns!: Table<BatchRun, string>;
  batchAnswers!: Table<BatchAnswer, [string, number]>;
  batchReviews!: Table<Review, string>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores({
      corpora: 'id',
      chunks: '[corpus+id], corpus',
      indexes: '[corpus+version], corpus',
      verdicts: 'key, *corpora, createdAt',
      checks: 'id, createdAt',
      settings: 'key',
    });
    // Version 2: the Ask view. Only new tables; everything of version 1 stays
    // as it is (engine settings and the system prompt live in `settings`).
    this.version(2).stores({
      conversations: 'id, updatedAt',
      customModels: 'id',
    });
    // Version 3: semantic search (vectors and embedding jobs). New tables only,
    // so older databases upgrade without touching a row.
    this.version(3).stores({
      vectorSets: 'key, corpus, model',
      vectorBlocks: '[set+block], set',
      embeddingJobs: '[corpus+model], corpus',
    });
    // Version 4: first start saves the pack file before its chunks (issue 11).
    // A new table only.
    this.version(4).stores({
      packFiles: 'id',
    });
    // Version 5: the Batch workbench (issue 10). New tables only.
    this.version(5).stores({
      batchRuns: 'id, createdAt, state',
      batchAnswers: '[runId+row], [runId+status]',
      batchReviews: 'key, runId',
    });
  }
}

/** True when `err` (or anything it wraps) is the browser refusing to store more. */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (e.name === 'QuotaExceededError' || e.name === 'StorageQuotaError') return true;
  if (typeof e.message === 'string' && /QuotaExceeded/i.test(e.message)) return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  if (Array.isArray(e.failures)) return e.failures.some((f) => isQuotaError(f, depth + 1));
  if (e.failures && typeof e.failures === 'object') {
    return Object.values(e.failures).some((f) => isQuotaError(f, depth + 1));
  }
  return false;
}

/**
 * Runs a write; a quota failure becomes StorageQuotaError. Callers put their
 * writes in one transaction, so a failure rolls back and nothing already
 * stored changes.
 */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isQuotaError(err)) throw new StorageQuotaError(quotaMessage, { cause: err, ...(await storageEstimate()) });
    throw err;
  }
}

/** How full this site's storage is, when the browser says (for the quota message). */
async function storageEstimate(): Promise<{ usage?: number; quota?: number }> {
  try {
    const est = await globalThis.navigator?.storage?.estimate?.();
    return { usage: est?.usage, quota: est?.quota };
  } catch {
    return {};
  }
}

const CHUNK_BATCH = 2000;

/** A corpus as saveCorpus stores it: its entry, its chunks and its search index (null: built on load). */
export interface CorpusToSave {
  corpus: StoredCorpus;
  chunks: readonly Chunk[];
  index: SerializedBM25 | null;
}

/**
 * Stores a corpus (meta, chunks and its index) in one transaction, replacing
 * an earlier version of the same corpus. On failure nothing changes.
 */
export async function saveCorpus(
  db: ClaimLensDB,
  { corpus, chunks, index }: CorpusToSave,
  onProgress?: (stored: number, total: number) => void,
): Promise<void> {
  await guardQuota(() =>
    db.transaction('rw', [db.corpora, db.chunks, db.indexes, db.verdicts], async () => {
      const old = await db.corpora.get(corpus.id);
      if (old) {
        await db.chunks.where('corpus').equals(corpus.id).delete();
        await db.indexes.where('corpus').equals(corpus.id).delete();
        await db.verdicts.where('corpora').equals(corpus.id).delete();
      }
      await putChunks(db, chunks, onProgress);
      if (index) {
        await db.indexes.put({ corpus: corpus.id, version: corpus.version, index, createdAt: new Date().toISOString() });
      }
      // The meta goes in last: a corpus is listed only once its chunks are stored.
      await db.corpora.put(corpus);
    }),
  );
}

async function putChunks(db: ClaimLensDB, chunks: readonly Chunk[], onProgress?: (stored: number, total: number) => void): Promise<void> {
  for (let i = 0; i < chunks.length; i += CHUNK_BATCH) {
    await db.chunks.bulkPut(chunks.slice(i, i + CHUNK_BATCH) as Chunk[]);
    onProgress?.(Math.min(i + CHUNK_BATCH, chunks.length), chunks.length);
  }
  if (chunks.length === 0) onProgress?.(0, 0);
}

/**
 * Like saveCorpus, for a pack the checker already searches from memory while
 * this runs (first start), in three steps, so that checks meanwhile can read
 * and write the corpus list, verdicts and history, and a reload loses little:
 *
 * 1. the pack file as fetched and the index (two large values, quick): from
 *    now on a reload resumes from them (pendingPackFiles) without a download;
 * 2. the chunks, in one transaction over `chunks` only;
 * 3. the corpus entry, which marks the corpus complete, and the pack file goes.
 *
 * A reload in between leaves no corpus that looks complete: it is listed only
 * after step 3. On a quota failure nothing is listed either; the pack file is
 * dropped again so that it takes no room.
 */
export async function saveCorpusInBackground(
  db: ClaimLensDB,
  { corpus, chunks, index, packFile }: CorpusToSave & { packFile: Pick<StoredPackFile, 'file' | 'bytes'> | null },
  onProgress?: (stored: number, total: number) => void,
): Promise<void> {
  try {
    await guardQuota(async () => {
      await db.transaction('rw', [db.indexes, db.packFiles], async () => {
        await db.indexes.where('corpus').equals(corpus.id).delete();
        if (index) await db.indexes.put({ corpus: corpus.id, version: corpus.version, index, createdAt: new Date().toISOString() });
        if (packFile) {
          await db.packFiles.put({ id: corpus.id, version: corpus.version, file: packFile.file, bytes: packFile.bytes, corpus, createdAt: new Date().toISOString() });
        }
      });
      await db.transaction('rw', db.chunks, async () => {
        await db.chunks.where('corpus').equals(corpus.id).delete();
        await putChunks(db, chunks, onProgress);
      });
      await db.transaction('rw', [db.corpora, db.verdicts, db.packFiles], async () => {
        const old = await db.corpora.get(corpus.id);
        if (old && old.version !== corpus.version) await db.verdicts.where('corpora').equals(corpus.id).delete();
        await db.corpora.put(corpus);
        await db.packFiles.delete(corpus.id);
      });
    });
  } catch (err) {
    if (err instanceof StorageQuotaError) await db.packFiles.delete(corpus.id).catch(() => undefined);
    throw err;
  }
}

/** Pack files whose chunks were being saved when the app last closed (see saveCorpusInBackground). */
export async function pendingPackFiles(db: ClaimLensDB): Promise<StoredPackFile[]> {
  return db.packFiles.toArray();
}

/** Stores a (re)built index for a corpus version, dropping older versions. */
export async function saveIndex(db: ClaimLensDB, corpus: string, version: string, index: SerializedBM25): Promise<void> {
  await guardQuota(() =>
    db.transaction('rw', db.indexes, async () => {
      await db.indexes.where('corpus').equals(corpus).delete();
      await db.indexes.put({ corpus, version, index, createdAt: new Date().toISOString() });
    }),
  );
}

export async function loadIndex(db: ClaimLensDB, corpus: string, version: string): Promise<SerializedBM25 | undefined> {
  return (await db.indexes.get([corpus, version]))?.index;
}

/** Deletes a corpus with its chunks, index, vectors, embedding jobs and the verdicts cached against it. */
export async function deleteCorpus(db: ClaimLensDB, id: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.corpora, db.chunks, db.indexes, db.verdicts, db.vectorSets, db.vectorBlocks, db.embeddingJobs, db.packFiles],
    async () => {
      await db.packFiles.delete(id);
      await db.chunks.where('corpus').equals(id).delete();
      await db.indexes.where('corpus').equals(id).delete();
      await db.verdicts.where('corpora').equals(id).delete();
      const sets = await db.vectorSets.where('corpus').equals(id).primaryKeys();
      for (const key of sets) await db.vectorBlocks.where('set').equals(key).delete();
      await db.vectorSets.bulkDelete(sets);
      await db.embeddingJobs.where('corpus').equals(id).delete();
      await db.corpora.delete(id);
    },
  );
}

export async function listCorpora(db: ClaimLensDB): Promise<StoredCorpus[]> {
  const all = await db.corpora.toArray();
  // Built-in packs first, then imports by name.
  return all.sort((a, b) => (a.origin === b.origin ? a.name.localeCompare(b.name) : a.origin === 'pack' ? -1 : 1));
}

/** Every chunk of a corpus (for rebuilding its index). */
export async function corpusChunks(db: ClaimLensDB, id: string): Promise<Chunk[]> {
  return db.chunks.where('corpus').equals(id).toArray();
}

export async function saveCheck(db: ClaimLensDB, record: CheckRecord): Promise<void> {
  await guardQuota(() => db.checks.put(record));
}

/** History, newest first. */
export async function listChecks(db: ClaimLensDB): Promise<CheckRecord[]> {
  return db.checks.orderBy('createdAt').reverse().toArray();
}

export async function getCheck(db: ClaimLensDB, id: string): Promise<CheckRecord | undefined> {
  return db.checks.get(id);
}

export async function deleteCheck(db: ClaimLensDB, id: string): Promise<void> {
  await db.checks.delete(id);
}

/** How getSetting reports a stored value of the wrong shape (by default on the console). */
export type InvalidSettingReporter = (err: InvalidDataError) => void;

const warnInvalidSetting: InvalidSettingReporter = (err) => console.warn(err.message);

/**
 * A stored setting, checked against its schema. A value of another shape
 * (written by an older version, edited by hand, damaged) is reported through
 * `onInvalid` (an InvalidDataError naming the key and what is wrong) and read
 * as absent, so that the caller falls back to its defaults.
 */
export async function getSetting<S extends v.GenericSchema>(
  db: ClaimLensDB,
  key: string,
  schema: S,
  onInvalid: InvalidSettingReporter = warnInvalidSetting,
): Promise<v.InferOutput<S> | undefined> {
  const row = await db.settings.get(key);
  if (row === undefined || row.value === undefined) return undefined;
  const r = checkWith(schema, row.value);
  if (r.ok) return r.value;
  onInvalid(new InvalidDataError(`The stored setting "${key}" is not in the expected form (${r.message}); the default is used instead.`));
  return undefined;
}

export async function setSetting(db: ClaimLensDB, key: string, value: unknown): Promise<void> {
  await guardQuota(() => db.settings.put({ key, value }));
}

/** Stores a conversation (whole record: it changes as an answer streams in). */
export async function saveConversation(db: ClaimLensDB, conversation: Conversation): Promise<void> {
  await guardQuota(() => db.conversations.put(conversation));
}

/** Conversations, most recently active first. */
export async function listConversations(db: ClaimLensDB): Promise<Conversation[]> {
  return db.conversations.orderBy('updatedAt').reverse().toArray();
}

export async function getConversation(db: ClaimLensDB, id: string): Promise<Conversation | undefined> {
  return db.conversations.get(id);
}

export async function renameConversation(db: ClaimLensDB, id: string, title: string): Promise<void> {
  await guardQuota(() => db.conversations.update(id, { title }));
}

export async function deleteConversation(db: ClaimLensDB, id: string): Promise<void> {
  await db.conversations.delete(id);
}

export async function saveCustomModel(db: ClaimLensDB, model: CustomModelRecord): Promise<void> {
  await guardQuota(() => db.customModels.put(model));
}

/** Custom models in the order they were added. */
export async function listCustomModels(db: ClaimLensDB): Promise<CustomModelRecord[]> {
  return (await db.customModels.toArray()).sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

export async function deleteCustomModel(db: ClaimLensDB, id: string): Promise<void> {
  await db.customModels.delete(id);
}

/** Chunk texts of one corpus, read from IndexedDB on demand. */
export class DexieChunkStore implements ChunkStore {
  constructor(
    private readonly db: ClaimLensDB,
    readonly corpusId: string,
  ) {}

  async getChunks(ids: string[]): Promise<Chunk[]> {
    const found = await this.db.chunks.bulkGet(ids.map((id) => [this.corpusId, id] as [string, string]));
    return found.filter((c): c is Chunk => c !== undefined);
  }
}

/**
 * Verdict cache in IndexedDB. Keys come from the pipeline (claim text, corpus
 * versions, verifier version); `corpora` are the corpora of the current check,
 * so deleting one drops its verdicts. A cache that cannot write (quota) just
 * does not cache: the check still succeeds.
 */
export class DexieVerdictCache implements VerdictCache {
  constructor(
    private readonly db: ClaimLensDB,
    private readonly corpora: string[],
  ) {}

  async get(key: string): Promise<ClaimResult | undefined> {
    return (await this.db.verdicts.get(key))?.value;
  }

  async set(key: string, value: ClaimResult): Promise<void> {
    try {
      await this.db.verdicts.put({ key, value, corpora: this.corpora, createdAt: new Date().toISOString() });
    } catch (err) {
      if (!isQuotaError(err)) throw err;
    }
  }
}

/**
 * Vector sets in IndexedDB. `write` replaces the set record and its changed
 * blocks in one transaction, so a quota failure (StorageQuotaError) leaves
 * the previously saved vectors whole.
 */
export class DexieVectorPersistence implements VectorPersistence {
  constructor(private readonly db: ClaimLensDB) {}

  getSet(key: string): Promise<VectorSetRecord | undefined> {
    return this.db.vectorSets.get(key);
  }

  getBlock(key: string, block: number): Promise<VectorBlockRecord | undefined> {
    return this.db.vectorBlocks.get([key, block]);
  }

  write(set: VectorSetRecord, blocks: VectorBlockRecord[]): Promise<void> {
    const { db } = this;
    return guardQuota(() =>
      db.transaction('rw', db.vectorSets, db.vectorBlocks, async () => {
        // Blocks past the end (the set shrank), by key range: no block is read.
        await db.vectorBlocks
          .where('[set+block]')
          .between([set.key, set.blockCount], [set.key, Infinity], true, true)
          .delete();
        await db.vectorBlocks.bulkPut(blocks);
        await db.vectorSets.put(set);
      }),
    );
  }

  deleteSet(key: string): Promise<void> {
    const { db } = this;
    return db.transaction('rw', db.vectorSets, db.vectorBlocks, async () => {
      await db.vectorBlocks.where('set').equals(key).delete();
      await db.vectorSets.delete(key);
    });
  }
}

export async function getEmbeddingJob(db: ClaimLensDB, corpus: string, model: string): Promise<EmbeddingJobRecord | undefined> {
  return db.embeddingJobs.get([corpus, model]);
}

export async function listEmbeddingJobs(db: ClaimLensDB): Promise<EmbeddingJobRecord[]> {
  return db.embeddingJobs.toArray();
}

/** Saves a job's state. A full disk here only loses the label, never vectors: callers may ignore StorageQuotaError. */
export async function putEmbeddingJob(db: ClaimLensDB, job: EmbeddingJobRecord): Promise<void> {
  await guardQuota(() => db.embeddingJobs.put(job));
}

// Batch runs (src/app/batch-service.ts writes runs and answers; the Batch view writes reviews).

/** Stores a new run and all its answers in one transaction: on failure nothing is stored. */
export async function createBatchRun(db: ClaimLensDB, run: BatchRun, answers: readonly BatchAnswer[]): Promise<void> {
  await guardQuota(() =>
    db.transaction('rw', db.batchRuns, db.batchAnswers, async () => {
      for (let i = 0; i < answers.length; i += CHUNK_BATCH) await db.batchAnswers.bulkPut(answers.slice(i, i + CHUNK_BATCH) as BatchAnswer[]);
      await db.batchRuns.put(run);
    }),
  );
}

/** Saves a run's state with the answers finished since the last save, in one transaction (one per flush, never per claim). */
export async function saveBatchProgress(db: ClaimLensDB, run: BatchRun, finished: readonly BatchAnswer[] = []): Promise<void> {
  await guardQuota(() =>
    db.transaction('rw', db.batchRuns, db.batchAnswers, async () => {
      if (finished.length) await db.batchAnswers.bulkPut(finished as BatchAnswer[]);
      await db.batchRuns.put(run);
    }),
  );
}

export async function getBatchRun(db: ClaimLensDB, id: string): Promise<BatchRun | undefined> {
  return db.batchRuns.get(id);
}

/** Every run, newest first. */
export async function listBatchRuns(db: ClaimLensDB): Promise<BatchRun[]> {
  return db.batchRuns.orderBy('createdAt').reverse().toArray();
}

/** A run's answers in run order; `offset`/`limit` page through them. */
export async function loadBatchAnswers(db: ClaimLensDB, runId: string, offset = 0, limit = Infinity): Promise<BatchAnswer[]> {
  const end = Number.isFinite(limit) ? offset + limit : Infinity;
  return db.batchAnswers.where('[runId+row]').between([runId, offset], [runId, end], true, false).toArray();
}

/** Rows (positions) of a run's answers not yet checked, in order. */
export async function pendingBatchRows(db: ClaimLensDB, runId: string): Promise<number[]> {
  const keys = await db.batchAnswers.where('[runId+status]').equals([runId, 'pending']).primaryKeys();
  return keys.map((k) => k[1]).sort((a, b) => a - b);
}

/** Deletes a run with its answers and reviews. */
export async function deleteBatchRun(db: ClaimLensDB, id: string): Promise<void> {
  await db.transaction('rw', db.batchRuns, db.batchAnswers, db.batchReviews, async () => {
    await db.batchAnswers.where('[runId+row]').between([id, -Infinity], [id, Infinity], true, true).delete();
    await db.batchReviews.where('runId').equals(id).delete();
    await db.batchRuns.delete(id);
  });
}

/** Stores a review (replacing an earlier one of the same claim). */
export async function saveReview(db: ClaimLensDB, review: Review): Promise<void> {
  await guardQuota(() => db.batchReviews.put(review));
}

export async function deleteReview(db: ClaimLensDB, key: string): Promise<void> {
  await db.batchReviews.delete(key);
}

/** A run's reviews. */
export async function listReviews(db: ClaimLensDB, runId: string): Promise<Review[]> {
  return db.batchReviews.where('runId').equals(runId).toArray();
}
