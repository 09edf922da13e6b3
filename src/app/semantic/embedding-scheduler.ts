// Background embedding of every corpus with the current embedding model: one
// job at a time from a queue, pause/resume, a job cut short by a reload runs
// again from the vectors already saved, and the vector index of every fully
// embedded corpus for dense retrieval. Stored vectors that cannot be read
// (damaged, incomplete) are never searched silently: the corpus's status says
// so and it is embedded again.
import { AbortedError, NotFoundError, StorageQuotaError, toErrorPayload } from '../../core/errors.ts';
import type { Embedder } from '../../core/models/types.ts';
import { chunkFingerprint, embeddingText, runEmbeddingJob, type EmbeddingSource } from '../../core/embedding/job.ts';
import { FlatIndex, loadVectorSet, VectorDataCorruptError, type VectorIndex } from '../../core/vector/index.ts';
import type { CorpusEmbedding } from '../../core/checker.ts';
import {
  DexieVectorPersistence,
  listEmbeddingJobs,
  putEmbeddingJob,
  type ClaimLensDB,
  type EmbeddingJobRecord,
  type StoredCorpus,
} from '../../db.ts';
import type { CheckGate } from './check-gate.ts';

/** How background embedding paces itself (defaults suit the app; the e2e build slows it down to stop it half-way). */
export interface EmbeddingTuning {
  /** Chunks per embedding batch. */
  batchSize?: number;
  /** Wait this long between batches (ms). */
  batchDelayMs?: number;
  /** Save progress at most this often (ms). */
  saveEveryMs?: number;
}

export interface EmbeddingSchedulerDeps {
  db: ClaimLensDB;
  /** The corpora the checker holds now. */
  corpora: () => Promise<StoredCorpus[]>;
  /** The embedding model's version key (vectors are stored under corpus × key). */
  modelKey: () => string;
  /** The loaded embedder, when jobs may run (semantic search on, model ready). */
  embedder: () => Embedder | null;
  gate: CheckGate;
  tuning?: EmbeddingTuning;
  changed: (when: 'now' | 'soon') => void;
}

interface RunningJob {
  corpus: string;
  controller: AbortController;
  /** Why it is being stopped: the state it is left in. */
  stopAs: 'paused' | 'queued' | 'deleted';
  done: Promise<void>;
}

export class EmbeddingScheduler {
  private readonly persistence: DexieVectorPersistence;
  private readonly jobs = new Map<string, CorpusEmbedding>();
  private readonly dense = new Map<string, VectorIndex>();
  /** Vector sets being read from IndexedDB, so a check and the warm-up read each once. */
  private readonly reading = new Map<string, Promise<VectorIndex | undefined>>();
  private running: RunningJob | null = null;
  /** While > 0 no new job starts (a corpus is being replaced or deleted, settings change). */
  private held = 0;
  private disposed = false;

  constructor(private readonly deps: EmbeddingSchedulerDeps) {
    this.persistence = new DexieVectorPersistence(deps.db);
  }

  status(): CorpusEmbedding[] {
    return [...this.jobs.values()].map((j) => ({ ...j }));
  }

  /** Job states for the current embedding model, one per corpus (after a start or a model change). */
  async refresh(): Promise<void> {
    const model = this.deps.modelKey();
    const corpora = await this.deps.corpora();
    const records = new Map((await listEmbeddingJobs(this.deps.db)).filter((r) => r.model === model).map((r) => [r.corpus, r]));
    const old = new Map(this.jobs);
    this.jobs.clear();
    for (const c of corpora) {
      const r = records.get(c.id);
      const prev = old.get(c.id);
      this.jobs.set(c.id, {
        corpus: c.id,
        name: c.name,
        model,
        // A job that was running when the page went away runs again.
        state: r ? (r.state === 'running' ? 'queued' : r.state) : 'none',
        done: r?.done ?? 0,
        total: r?.total ?? c.chunks,
        saved: r?.done ?? 0,
        resumedFrom: prev?.model === model ? prev.resumedFrom : 0,
        index: prev?.model === model ? prev.index : undefined,
        error: r?.error,
      });
    }
  }

  /** Another embedding model: no index of the old one is searched again. */
  modelChanged(): Promise<void> {
    this.dense.clear();
    return this.refresh();
  }

  /** Queues every corpus not embedded yet (or failed): semantic search was turned on. */
  async queueAll(): Promise<void> {
    for (const j of this.jobs.values()) {
      if (j.state === 'none' || j.state === 'failed') await this.setJob(j.corpus, { state: 'queued', error: undefined });
    }
  }

  private async setJob(corpus: string, change: Partial<CorpusEmbedding>): Promise<void> {
    const j = this.jobs.get(corpus);
    if (!j) return;
    Object.assign(j, change);
    const record: EmbeddingJobRecord = {
      corpus,
      model: j.model,
      state: j.state === 'none' ? 'queued' : j.state,
      done: j.saved,
      total: j.total,
      error: j.error,
      updatedAt: new Date().toISOString(),
    };
    try {
      await putEmbeddingJob(this.deps.db, record);
    } catch (err) {
      // Without room the label is not saved; the vectors say how far it got,
      // and the next start plans from them.
      if (!(err instanceof StorageQuotaError)) throw err;
    }
  }

  /** Runs `fn` with job starts held back, then starts the next job. */
  async holding<T>(fn: () => Promise<T>): Promise<T> {
    this.held++;
    try {
      return await fn();
    } finally {
      this.held--;
      this.pump();
    }
  }

  /** Starts the next queued job when none runs. */
  pump(): void {
    const embedder = this.deps.embedder();
    if (this.held || this.disposed || this.running || !embedder) return;
    const next = [...this.jobs.values()].find((j) => j.state === 'queued' || j.state === 'running');
    if (!next) return;
    const controller = new AbortController();
    const job: RunningJob = { corpus: next.corpus, controller, stopAs: 'paused', done: Promise.resolve() };
    this.running = job;
    job.done = this.runJob(next.corpus, embedder, job).finally(() => {
      if (this.running === job) this.running = null;
      this.pump();
    });
  }

  private async runJob(corpus: string, embedder: Embedder, job: RunningJob): Promise<void> {
    const signal = job.controller.signal;
    const model = this.deps.modelKey();
    const tuning = this.deps.tuning ?? {};
    // A note that the stored vectors were damaged stays up while they are embedded again.
    const repairing = this.jobs.get(corpus)?.error?.name === VectorDataCorruptError.name;
    await this.setJob(corpus, { state: 'running', phase: 'plan', ...(repairing ? {} : { error: undefined }) });
    this.deps.changed('now');
    try {
      const result = await runEmbeddingJob({
        corpus,
        model,
        embedder,
        persistence: this.persistence,
        source: dexieSource(this.deps.db, corpus),
        signal,
        batchSize: tuning.batchSize,
        batchDelayMs: tuning.batchDelayMs,
        saveEveryMs: tuning.saveEveryMs,
        beforeBatch: () => this.deps.gate.idle(),
        onDiscarded: (err) => {
          const j = this.jobs.get(corpus);
          if (j) j.error = toErrorPayload(damaged(j.name, err));
          this.deps.changed('now');
        },
        onProgress: (p) => {
          const j = this.jobs.get(corpus);
          if (!j) return;
          const phaseChanged = j.phase !== p.phase;
          const savedChanged = j.saved !== p.saved;
          Object.assign(j, { phase: p.phase, done: p.done, total: p.total, saved: p.saved, resumedFrom: p.resumedFrom });
          if (savedChanged) this.saveProgress(corpus);
          this.deps.changed(phaseChanged ? 'now' : 'soon');
        },
      });
      this.dense.set(corpus, result.index);
      const n = result.store.size;
      await this.setJob(corpus, { state: 'done', phase: 'done', index: result.index.kind, saved: n, done: n, error: undefined });
    } catch (err) {
      if (err instanceof AbortedError || signal.aborted) {
        if (job.stopAs === 'deleted') {
          // Its records go with the corpus; only keep the next job from picking it up.
          const j = this.jobs.get(corpus);
          if (j) j.state = 'paused';
        } else await this.setJob(corpus, { state: job.stopAs });
      } else {
        await this.setJob(corpus, { state: 'failed', error: toErrorPayload(err) });
      }
    }
    this.deps.changed('now');
  }

  /** Saves a job's progress label while it runs; a failure fails the job's next save too, where it is reported. */
  private saveProgress(corpus: string): void {
    this.setJob(corpus, {}).catch((err: unknown) => {
      const j = this.jobs.get(corpus);
      if (j) j.error = toErrorPayload(err);
      this.deps.changed('now');
    });
  }

  /** Stops the running job, leaving it in `as`; resolves once it has saved and stopped. */
  async stop(as: RunningJob['stopAs'], corpus?: string): Promise<void> {
    const job = this.running;
    if (!job || (corpus && job.corpus !== corpus)) return;
    job.stopAs = as;
    job.controller.abort();
    await job.done;
  }

  pause(corpus: string): Promise<void> {
    return this.holding(async () => {
      const j = this.need(corpus);
      if (this.running?.corpus === corpus) await this.stop('paused', corpus);
      else if (j.state === 'queued' || j.state === 'none' || j.state === 'failed') await this.setJob(corpus, { state: 'paused' });
      this.deps.changed('now');
    });
  }

  resume(corpus: string): Promise<void> {
    return this.holding(async () => {
      const j = this.need(corpus);
      if (j.state !== 'running' && j.state !== 'done') await this.setJob(corpus, { state: 'queued', error: undefined });
      this.deps.changed('now');
    });
  }

  private need(corpus: string): CorpusEmbedding {
    const j = this.jobs.get(corpus);
    if (!j) throw new NotFoundError(`There is no corpus "${corpus}".`);
    return j;
  }

  /** A corpus was added or replaced: its vectors are re-planned (only changed chunks are embedded again). */
  corpusChanged(corpus: StoredCorpus, enabled: boolean): Promise<void> {
    return this.holding(async () => {
      if (this.running?.corpus === corpus.id) await this.stop('queued', corpus.id);
      this.dense.delete(corpus.id);
      const prev = this.jobs.get(corpus.id);
      this.jobs.set(corpus.id, {
        corpus: corpus.id,
        name: corpus.name,
        model: this.deps.modelKey(),
        state: 'none',
        done: 0,
        total: corpus.chunks,
        saved: 0,
        resumedFrom: 0,
      });
      // A paused corpus stays paused; otherwise it is embedded when semantic search is on.
      const state = prev?.state === 'paused' ? 'paused' : enabled ? 'queued' : 'none';
      if (state !== 'none') await this.setJob(corpus.id, { state });
      this.deps.changed('now');
    });
  }

  /** Deletes a corpus around `remove` (which deletes its records): its job is stopped first, so nothing writes its vectors again. */
  corpusDeleting<T>(corpus: string, remove: () => Promise<T>): Promise<T> {
    return this.holding(async () => {
      await this.stop('deleted', corpus);
      const out = await remove();
      this.jobs.delete(corpus);
      this.dense.delete(corpus);
      this.deps.changed('now');
      return out;
    });
  }

  /**
   * The vector indexes of these corpora that are fully embedded, and the
   * names of those searched by keywords only: not embedded yet, or with
   * stored vectors that could not be used (with why; damaged ones are queued
   * to be embedded again).
   */
  async denseIndexes(corpora: StoredCorpus[]): Promise<{ indexes: Map<string, VectorIndex>; notEmbedded: string[]; damaged: string[] }> {
    const indexes = new Map<string, VectorIndex>();
    const notEmbedded: string[] = [];
    const damaged: string[] = [];
    for (const c of corpora) {
      const index = await this.denseIndex(c.id);
      const job = this.jobs.get(c.id);
      if (index) indexes.set(c.id, index);
      else if (job?.error && (job.state === 'done' || job.error.name === VectorDataCorruptError.name)) damaged.push(`${c.name} (${job.error.message})`);
      else notEmbedded.push(c.name);
    }
    return { indexes, notEmbedded, damaged };
  }

  /**
   * Reads the stored vectors of every fully embedded corpus (after the models
   * load at start): the first check then finds them in memory, and damaged
   * ones are found and embedded again before a check needs them.
   */
  async warmUp(): Promise<void> {
    if (!this.deps.embedder()) return;
    for (const j of [...this.jobs.values()]) {
      if (this.disposed) return;
      if (j.state !== 'done') continue;
      try {
        await this.denseIndex(j.corpus);
      } catch (err) {
        // Its job record could not be written (storage failing): said on the
        // corpus; the other corpora are still read.
        j.error = toErrorPayload(err);
        this.deps.changed('now');
      }
    }
  }

  /** The vector index of a fully embedded corpus (read from IndexedDB after a reload). */
  private denseIndex(corpus: string): Promise<VectorIndex | undefined> {
    const job = this.jobs.get(corpus);
    if (!job || job.state !== 'done') return Promise.resolve(undefined);
    const have = this.dense.get(corpus);
    if (have) return Promise.resolve(have);
    let read = this.reading.get(corpus);
    if (!read) {
      read = this.readStored(job).finally(() => this.reading.delete(corpus));
      this.reading.set(corpus, read);
    }
    return read;
  }

  private async readStored(job: CorpusEmbedding): Promise<VectorIndex | undefined> {
    const model = job.model;
    let problem: VectorDataCorruptError | null = null;
    let index: VectorIndex | undefined;
    try {
      const loaded = await loadVectorSet(this.persistence, job.corpus, model);
      if (!loaded) problem = new VectorDataCorruptError(`its stored vectors are missing`);
      else if (loaded.store.size !== job.total) {
        problem = new VectorDataCorruptError(`${loaded.store.size} of its ${job.total} passages have stored vectors`);
      } else index = loaded.index ?? new FlatIndex(loaded.store);
    } catch (err) {
      if (this.jobs.get(job.corpus) !== job) return undefined;
      if (!(err instanceof VectorDataCorruptError)) {
        // Not the records but the storage failed (a read error): reported on
        // the corpus, searched by keywords for now, read again next time.
        job.error = toErrorPayload(err);
        this.deps.changed('now');
        return undefined;
      }
      // Damaged records (missing block, wrong sizes, another format): embedded again below.
      problem = err;
    }
    // The corpus was deleted, replaced or re-embedded meanwhile: what was read is stale.
    if (this.jobs.get(job.corpus) !== job || job.model !== this.deps.modelKey() || job.state !== 'done') return undefined;
    if (!problem && job.error) job.error = undefined; // a read error of an earlier try is over
    if (problem) {
      await this.setJob(job.corpus, { state: 'queued', index: undefined, error: toErrorPayload(damaged(job.name, problem)) });
      this.deps.changed('now');
      this.pump();
      return undefined;
    }
    this.dense.set(job.corpus, index!);
    job.index = index!.kind;
    return index;
  }

  /** Stops the running job; no job starts afterwards. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop('queued');
  }
}

function damaged(name: string, cause: Error): VectorDataCorruptError {
  return new VectorDataCorruptError(`The stored vectors of ${name} could not be used (${cause.message}); it is being embedded again.`, { cause });
}

/** A corpus's chunks in IndexedDB as an embedding source. */
export function dexieSource(db: ClaimLensDB, corpus: string): EmbeddingSource {
  return {
    async fingerprints() {
      const out: ReturnType<typeof chunkFingerprint>[] = [];
      await db.chunks.where('corpus').equals(corpus).each((c) => {
        out.push(chunkFingerprint(c));
      });
      return out;
    },
    async texts(ids) {
      const found = await db.chunks.bulkGet(ids.map((id) => [corpus, id] as [string, string]));
      return found.map((c) => (c ? embeddingText(c) : ''));
    },
  };
}
