// Semantic search inside the checker: the chosen embedding and NLI models
// (through a ModelRuntime: the model worker's client in the app, onnxruntime-
// node in tests), background embedding of every corpus (one job at a time,
// pause/resume, resumes after a reload from the vectors already saved), the
// vector indexes dense retrieval searches, and what a check should use.
//
// A model download only ever starts from enable() (the user's button). On a
// later start the models load by themselves only when nothing has to be
// fetched from outside: the app's own mirror, or files already in the
// browser's cache.
import * as v from 'valibot';
import { AbortedError, NotFoundError, StorageQuotaError, toErrorPayload } from '../core/errors.ts';
import { catalogEntry, ModelDtypeSchema, type PlacementPreference } from '../core/models/catalog.ts';
import { embedderVersion, semanticSettings, StoredSemanticSettingsSchema, type SemanticSettings } from '../core/models/settings.ts';
import type {
  Embedder,
  ModelDtype,
  ModelEvent,
  ModelPlacement,
  NLIModel,
  RuntimeCapabilities,
} from '../core/models/types.ts';
import { chunkFingerprint, embeddingText, runEmbeddingJob, type EmbeddingSource } from '../core/embedding/job.ts';
import { FlatIndex, loadVectorSet, type VectorIndex } from '../core/vector/index.ts';
import type { DenseCorpus } from '../core/semantic.ts';
import {
  DexieChunkStore,
  DexieVectorPersistence,
  getSetting,
  listEmbeddingJobs,
  putEmbeddingJob,
  setSetting,
  type ClaimLensDB,
  type EmbeddingJobRecord,
  type StoredCorpus,
} from '../db.ts';
import { isModelCached, type ModelLocations } from '../lib/transformers-cache.ts';
import type { CorpusEmbedding, ModelStatus, SemanticStatus } from '../core/checker.ts';
import type { TestHooks } from '../../workers/checker.protocol.ts';

type FallbackEvent = Extract<ModelEvent, { type: 'fallback' }>;

/** A loaded model: where it runs, how it got there, and how to let it go. */
export interface ModelHandle {
  readonly placement: ModelPlacement;
  readonly fallbacks: readonly FallbackEvent[];
  dispose(): Promise<void>;
}

export interface LoadModelOpts {
  prefer?: PlacementPreference;
  onEvent?: (e: ModelEvent) => void;
}

/** What runs the models: the model worker's client in the browser, the Node runners in tests. */
export interface ModelRuntime {
  capabilities(): Promise<RuntimeCapabilities>;
  loadEmbedder(id: string, opts: LoadModelOpts): Promise<Embedder & ModelHandle>;
  loadNLIModel(id: string, opts: LoadModelOpts): Promise<NLIModel & ModelHandle>;
  terminate(): void;
}

export type ModelRuntimeFactory = (settings: SemanticSettings, hooks: TestHooks) => ModelRuntime;

export interface SemanticServiceDeps {
  db: ClaimLensDB;
  runtime: ModelRuntimeFactory;
  /** Every status change (throttled while downloading or embedding). */
  emit: (status: SemanticStatus) => void;
  /** Where model files live, to tell whether a model is cached (browser only). */
  locations?: ModelLocations;
  /** The corpora the checker holds now. */
  corpora: () => Promise<StoredCorpus[]>;
}

const SETTINGS_KEY = 'semantic';
/** The precisions the models last loaded with, so a later start loads the same files. */
const LOADED_KEY = 'semanticLoaded';
const EMIT_EVERY_MS = 150;

interface LoadedRecord {
  embedder?: { id: string; dtype: ModelDtype };
  nli?: { id: string; dtype: ModelDtype };
}

const LoadedModelSchema = v.object({ id: v.string(), dtype: ModelDtypeSchema });
const LoadedRecordSchema = v.object({ embedder: v.optional(LoadedModelSchema), nli: v.optional(LoadedModelSchema) }) satisfies v.GenericSchema<unknown, LoadedRecord>;

interface RunningJob {
  corpus: string;
  controller: AbortController;
  /** Why it is being stopped: the state it is left in. */
  stopAs: 'paused' | 'queued' | 'deleted';
  done: Promise<void>;
}

function offStatus(role: ModelStatus['role'], id: string): ModelStatus {
  return { role, id, name: catalogEntry(id).name, state: 'off', fallbacks: [], files: [] };
}

export class SemanticService {
  settings: SemanticSettings = semanticSettings(undefined);
  hooks: TestHooks = {};
  private readonly db: ClaimLensDB;
  private readonly persistence: DexieVectorPersistence;
  private runtime: ModelRuntime | null = null;
  private caps: RuntimeCapabilities | undefined;
  private embedder: (Embedder & ModelHandle) | null = null;
  private nli: (NLIModel & ModelHandle) | null = null;
  private models: { embedder: ModelStatus; nli: ModelStatus };
  /** Loading in progress (explicit or at start); checks wait for it. */
  private loading: Promise<void> | null = null;
  private readonly jobs = new Map<string, CorpusEmbedding>();
  private readonly dense = new Map<string, VectorIndex>();
  private running: RunningJob | null = null;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private started: Promise<void> | null = null;
  /** While > 0 no new job starts (a corpus is being replaced or deleted, settings change). */
  private held = 0;
  private disposed = false;
  /** Checks running now: background embedding waits between batches while there are any. */
  private checks = 0;
  private checksDone: (() => void)[] = [];

  constructor(private readonly deps: SemanticServiceDeps) {
    this.db = deps.db;
    this.persistence = new DexieVectorPersistence(deps.db);
    this.models = { embedder: offStatus('embedder', this.settings.embedder), nli: offStatus('nli', this.settings.nli) };
  }

  private get modelKey(): string {
    return embedderVersion(catalogEntry(this.settings.embedder));
  }

  /** Reads the settings and job states; when on, loads the models (if nothing must be downloaded) and resumes embedding. */
  init(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<void> {
    try {
      this.settings = semanticSettings(await getSetting(this.db, SETTINGS_KEY, StoredSemanticSettingsSchema));
    } catch {
      // A model that left the catalog: back to the defaults, off.
      this.settings = semanticSettings(undefined);
    }
    this.resetModelStatus();
    await this.refreshJobs();
    if (this.settings.enabled) {
      this.loading = this.loadModels(false)
        .then(() => this.pump())
        .catch(() => undefined) // the status says why
        .finally(() => (this.loading = null));
    }
  }

  private resetModelStatus(): void {
    this.models = { embedder: offStatus('embedder', this.settings.embedder), nli: offStatus('nli', this.settings.nli) };
  }

  status(): SemanticStatus {
    const model = (m: ModelStatus, h: ModelHandle | null): ModelStatus =>
      h && m.state === 'ready' ? { ...m, placement: h.placement, fallbacks: [...h.fallbacks] } : { ...m };
    return {
      settings: { ...this.settings },
      capabilities: this.caps,
      models: { embedder: model(this.models.embedder, this.embedder), nli: model(this.models.nli, this.nli) },
      corpora: [...this.jobs.values()].map((j) => ({ ...j })),
    };
  }

  private emitNow(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.deps.emit(this.status());
  }

  private emitSoon(): void {
    this.emitTimer ??= setTimeout(() => this.emitNow(), EMIT_EVERY_MS);
  }

  /** Stores settings. Changing models, source or device while on turns semantic search off (the new models need a download). */
  configure(change: Partial<SemanticSettings>): Promise<SemanticStatus> {
    return this.holding(() => this.applySettings(change));
  }

  private async applySettings(change: Partial<SemanticSettings>): Promise<SemanticStatus> {
    const next = semanticSettings(this.settings, change);
    const modelsChanged =
      next.embedder !== this.settings.embedder ||
      next.nli !== this.settings.nli ||
      next.source !== this.settings.source ||
      next.hubUrl !== this.settings.hubUrl ||
      next.device !== this.settings.device;
    if (!next.enabled || (this.settings.enabled && modelsChanged)) {
      next.enabled = false;
      await this.stopAll();
    }
    // Off: the models and their worker go (the vectors stay for next time).
    if (modelsChanged || !next.enabled) await this.unload();
    const embedderChanged = next.embedder !== this.settings.embedder;
    this.settings = next;
    if (modelsChanged || !next.enabled) this.resetModelStatus();
    await setSetting(this.db, SETTINGS_KEY, this.settings);
    if (embedderChanged) {
      this.dense.clear();
      await this.refreshJobs();
    }
    this.emitNow();
    return this.status();
  }

  /**
   * The user's "download and turn on": loads both models (downloading what
   * the cache lacks, with progress), turns semantic search on and queues
   * every corpus that is not embedded yet.
   */
  async enable(change: Partial<SemanticSettings> = {}, onProgress?: (s: SemanticStatus) => void): Promise<SemanticStatus> {
    const differs = (Object.keys(change) as (keyof SemanticSettings)[]).some((k) => change[k] !== this.settings[k]);
    if (differs) await this.configure({ ...change, enabled: false });
    const forward = () => onProgress?.(this.status());
    const listener = setInterval(forward, 250);
    try {
      while (this.loading) await this.loading.catch(() => undefined);
      this.loading = this.loadModels(true, forward);
      await this.loading;
    } finally {
      this.loading = null;
      clearInterval(listener);
    }
    this.settings = { ...this.settings, enabled: true };
    await setSetting(this.db, SETTINGS_KEY, this.settings);
    for (const j of this.jobs.values()) {
      if (j.state === 'none' || j.state === 'failed') await this.setJob(j.corpus, { state: 'queued', error: undefined });
    }
    this.emitNow();
    void this.pump();
    return this.status();
  }

  private ensureRuntime(): ModelRuntime {
    this.runtime ??= this.deps.runtime(this.settings, this.hooks);
    return this.runtime;
  }

  private async loadModels(explicit: boolean, onChange?: () => void): Promise<void> {
    const runtime = this.ensureRuntime();
    this.caps = await runtime.capabilities();
    const loaded = (await getSetting(this.db, LOADED_KEY, LoadedRecordSchema)) ?? {};
    const record: LoadedRecord = { ...loaded };
    // Both models are tried even when the first fails, so the status says what works.
    let firstError: unknown = null;
    for (const role of ['embedder', 'nli'] as const) {
      try {
        await this.loadModel(role, runtime, explicit, loaded, record, onChange);
      } catch (err) {
        firstError ??= err;
      }
    }
    await setSetting(this.db, LOADED_KEY, record).catch(() => undefined);
    if (firstError) throw firstError;
  }

  private async loadModel(
    role: 'embedder' | 'nli',
    runtime: ModelRuntime,
    explicit: boolean,
    loaded: LoadedRecord,
    record: LoadedRecord,
    onChange?: () => void,
  ): Promise<void> {
    const id = role === 'embedder' ? this.settings.embedder : this.settings.nli;
    const current = role === 'embedder' ? this.embedder : this.nli;
    if (current && this.models[role].state === 'ready' && this.models[role].id === id) return;
    const prefer: PlacementPreference = this.settings.device === 'wasm' ? { device: 'wasm' } : {};
    const last = loaded[role]?.id === id ? loaded[role]!.dtype : undefined;
    if (!explicit) {
      // Loading by itself must not download: use the files loaded last time,
      // and from the hub only when the browser still has them.
      if (!last) return this.fail(role, id, 'Press “Download and turn on” in Settings → Models to load it.');
      prefer.dtype = last;
      if (this.settings.source === 'hub' && this.deps.locations) {
        const loc = { ...this.deps.locations, hubUrl: this.settings.hubUrl };
        const cached = await isModelCached(catalogEntry(id), last, 'hub', loc).catch(() => false);
        if (!cached) {
          return this.fail(role, id, 'Its files are no longer in this browser’s storage. Press “Download and turn on” to fetch them again.');
        }
      }
    }
    const status: ModelStatus = { ...offStatus(role, id), state: 'loading' };
    this.models[role] = status;
    this.emitNow();
    const onEvent = (e: ModelEvent) => {
      this.modelEvent(status, e);
      onChange?.();
    };
    try {
      const m =
        role === 'embedder'
          ? await runtime.loadEmbedder(id, { prefer, onEvent })
          : await runtime.loadNLIModel(id, { prefer, onEvent });
      if (role === 'embedder') this.embedder = m as Embedder & ModelHandle;
      else this.nli = m as NLIModel & ModelHandle;
      status.state = 'ready';
      status.placement = m.placement;
      status.error = undefined;
      record[role] = { id, dtype: m.placement.dtype };
      this.emitNow();
    } catch (err) {
      status.state = 'failed';
      status.error = toErrorPayload(err);
      this.emitNow();
      throw err;
    }
  }

  private fail(role: 'embedder' | 'nli', id: string, message: string): never {
    const err = new NotFoundError(`${catalogEntry(id).name} was not loaded. ${message}`);
    this.models[role] = { ...offStatus(role, id), state: 'failed', error: toErrorPayload(err) };
    this.emitNow();
    throw err;
  }

  private modelEvent(status: ModelStatus, e: ModelEvent): void {
    if (e.type === 'download' || e.type === 'downloaded') {
      let f = status.files.find((x) => x.file === e.file);
      if (!f) status.files.push((f = { file: e.file, loaded: 0, total: 0, done: false }));
      if (e.type === 'download') {
        f.loaded = e.loaded;
        f.total = e.total;
      } else {
        f.done = true;
        if (f.total) f.loaded = f.total;
      }
      this.emitSoon();
    } else if (e.type === 'ready') {
      status.placement = e.placement;
      status.loadMs = Math.round(e.ms);
      this.emitSoon();
    } else if (e.type === 'fallback') {
      status.fallbacks.push({ from: e.from, to: e.to, reason: e.reason });
      status.placement = e.to;
      this.emitNow();
    }
  }

  private async unload(): Promise<void> {
    const models = [this.embedder, this.nli];
    this.embedder = null;
    this.nli = null;
    for (const m of models) await m?.dispose().catch(() => undefined);
    this.runtime?.terminate();
    this.runtime = null;
  }

  /** Job states for the current embedding model, one per corpus. */
  private async refreshJobs(): Promise<void> {
    const corpora = await this.deps.corpora();
    const records = new Map(
      (await listEmbeddingJobs(this.db)).filter((r) => r.model === this.modelKey).map((r) => [r.corpus, r]),
    );
    const old = new Map(this.jobs);
    this.jobs.clear();
    for (const c of corpora) {
      const r = records.get(c.id);
      const prev = old.get(c.id);
      this.jobs.set(c.id, {
        corpus: c.id,
        name: c.name,
        model: this.modelKey,
        // A job that was running when the page went away runs again.
        state: r ? (r.state === 'running' ? 'queued' : r.state) : 'none',
        done: r?.done ?? 0,
        total: r?.total ?? c.chunks,
        saved: r?.done ?? 0,
        resumedFrom: prev?.model === this.modelKey ? prev.resumedFrom : 0,
        index: prev?.model === this.modelKey ? prev.index : undefined,
        error: r?.error,
      });
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
      await putEmbeddingJob(this.db, record);
    } catch (err) {
      // Without room the label is not saved; the vectors say how far it got.
      if (!(err instanceof StorageQuotaError)) throw err;
    }
  }

  /** Runs `fn` with job starts held back, then starts the next job. */
  private async holding<T>(fn: () => Promise<T>): Promise<T> {
    this.held++;
    try {
      return await fn();
    } finally {
      this.held--;
      void this.pump();
    }
  }

  /** Starts the next queued job when none runs. */
  private async pump(): Promise<void> {
    if (this.held || this.disposed || this.running || !this.settings.enabled || !this.embedder) return;
    const next = [...this.jobs.values()].find((j) => j.state === 'queued' || j.state === 'running');
    if (!next) return;
    const controller = new AbortController();
    const job: RunningJob = { corpus: next.corpus, controller, stopAs: 'paused', done: Promise.resolve() };
    this.running = job;
    job.done = this.runJob(next.corpus, controller.signal, job).finally(() => {
      if (this.running === job) this.running = null;
      void this.pump();
    });
  }

  private async runJob(corpus: string, signal: AbortSignal, job: RunningJob): Promise<void> {
    const embedder = this.embedder!;
    await this.setJob(corpus, { state: 'running', error: undefined, phase: 'plan' });
    this.emitNow();
    try {
      const result = await runEmbeddingJob({
        corpus,
        model: this.modelKey,
        embedder,
        persistence: this.persistence,
        source: dexieSource(this.db, corpus),
        signal,
        batchSize: this.hooks.embedBatchSize,
        batchDelayMs: this.hooks.embedBatchDelayMs,
        saveEveryMs: this.hooks.embedSaveEveryMs,
        // A check goes first: its query embeddings and NLI share the model worker.
        beforeBatch: () => this.noChecks(),
        onProgress: (p) => {
          const j = this.jobs.get(corpus);
          if (!j) return;
          const phaseChanged = j.phase !== p.phase;
          const savedChanged = j.saved !== p.saved;
          Object.assign(j, { phase: p.phase, done: p.done, total: p.total, saved: p.saved, resumedFrom: p.resumedFrom });
          if (savedChanged) void this.setJob(corpus, {});
          if (phaseChanged) this.emitNow();
          else this.emitSoon();
        },
      });
      this.dense.set(corpus, result.index);
      await this.setJob(corpus, { state: 'done', phase: 'done', index: result.index.kind, saved: result.store.size, done: result.store.size });
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
    this.emitNow();
  }

  private noChecks(): Promise<void> {
    return this.checks === 0 ? Promise.resolve() : new Promise((r) => this.checksDone.push(r));
  }

  /** Marks a check as running (embedding steps aside) until the returned function is called. */
  checkStarted(): () => void {
    this.checks++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.checks === 0) for (const r of this.checksDone.splice(0)) r();
    };
  }

  /** Stops the running job, leaving it in `as`; resolves once it has saved and stopped. */
  private async stopRunning(as: RunningJob['stopAs'], corpus?: string): Promise<void> {
    const job = this.running;
    if (!job || (corpus && job.corpus !== corpus)) return;
    job.stopAs = as;
    job.controller.abort();
    await job.done;
  }

  private async stopAll(): Promise<void> {
    await this.stopRunning('queued');
  }

  pause(corpus: string): Promise<SemanticStatus> {
    return this.holding(async () => {
      const j = this.need(corpus);
      if (this.running?.corpus === corpus) await this.stopRunning('paused', corpus);
      else if (j.state === 'queued' || j.state === 'none' || j.state === 'failed') await this.setJob(corpus, { state: 'paused' });
      this.emitNow();
      return this.status();
    });
  }

  resume(corpus: string): Promise<SemanticStatus> {
    return this.holding(async () => {
      const j = this.need(corpus);
      if (j.state !== 'running' && j.state !== 'done') await this.setJob(corpus, { state: 'queued', error: undefined });
      this.emitNow();
      return this.status();
    });
  }

  private need(corpus: string): CorpusEmbedding {
    const j = this.jobs.get(corpus);
    if (!j) throw new NotFoundError(`There is no corpus "${corpus}".`);
    return j;
  }

  /** A corpus was added or replaced: its vectors are re-planned (only changed chunks are embedded again). */
  corpusChanged(corpus: StoredCorpus): Promise<void> {
    return this.holding(() => this.replaced(corpus));
  }

  private async replaced(corpus: StoredCorpus): Promise<void> {
    if (this.running?.corpus === corpus.id) await this.stopRunning('queued', corpus.id);
    this.dense.delete(corpus.id);
    const prev = this.jobs.get(corpus.id);
    this.jobs.set(corpus.id, {
      corpus: corpus.id,
      name: corpus.name,
      model: this.modelKey,
      state: 'none',
      done: 0,
      total: corpus.chunks,
      saved: 0,
      resumedFrom: 0,
    });
    // A paused corpus stays paused; otherwise it is embedded when semantic search is on.
    const state = prev?.state === 'paused' ? 'paused' : this.settings.enabled ? 'queued' : 'none';
    if (state !== 'none') await this.setJob(corpus.id, { state });
    this.emitNow();
  }

  /**
   * Deletes a corpus around `remove` (which deletes its records): its job is
   * stopped first, so nothing writes its vectors again afterwards.
   */
  corpusDeleting<T>(corpus: string, remove: () => Promise<T>): Promise<T> {
    return this.holding(async () => {
      await this.stopRunning('deleted', corpus);
      const out = await remove();
      this.jobs.delete(corpus);
      this.dense.delete(corpus);
      this.emitNow();
      return out;
    });
  }

  /**
   * What a check uses: the models (waiting for a load in progress) and the
   * vector index of every fully embedded corpus, plus a note when semantic
   * search is on but could not be used (fully).
   */
  async forCheck(corpora: StoredCorpus[]): Promise<{
    embedder?: Embedder & ModelHandle;
    nli?: NLIModel & ModelHandle;
    embedderVersion: string;
    dense: DenseCorpus[];
    note?: string;
  } | null> {
    if (!this.settings.enabled) return null;
    while (this.loading) await this.loading.catch(() => undefined);
    const notes: string[] = [];
    const failed = (['embedder', 'nli'] as const).filter((r) => this.models[r].state !== 'ready');
    if (failed.length) {
      notes.push(
        `${failed.map((r) => this.models[r].name).join(' and ')} could not be loaded (${failed
          .map((r) => this.models[r].error?.message ?? 'not loaded')
          .join('; ')}).`,
      );
    }
    const dense: DenseCorpus[] = [];
    const keywordsOnly: string[] = [];
    if (this.embedder) {
      for (const c of corpora) {
        const index = await this.denseIndex(c.id);
        if (index) dense.push({ corpus: c.id, index, chunks: new DexieChunkStore(this.db, c.id) });
        else keywordsOnly.push(c.name);
      }
      if (keywordsOnly.length) notes.push(`Not embedded yet, searched by keywords only: ${keywordsOnly.join(', ')}.`);
    }
    return {
      embedder: this.embedder ?? undefined,
      nli: this.nli ?? undefined,
      embedderVersion: this.modelKey,
      dense,
      note: notes.length ? notes.join(' ') : undefined,
    };
  }

  /** The vector index of a fully embedded corpus (loaded from IndexedDB after a reload). */
  private async denseIndex(corpus: string): Promise<VectorIndex | undefined> {
    const job = this.jobs.get(corpus);
    if (!job || job.state !== 'done') return undefined;
    const have = this.dense.get(corpus);
    if (have) return have;
    const loaded = await loadVectorSet(this.persistence, corpus, this.modelKey).catch(() => undefined);
    if (!loaded || loaded.store.size !== job.total) return undefined;
    const index = loaded.index ?? new FlatIndex(loaded.store);
    this.dense.set(corpus, index);
    job.index = index.kind;
    return index;
  }

  /** Stops everything (tests, worker shutdown). */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stopAll();
    await this.unload();
    if (this.emitTimer) clearTimeout(this.emitTimer);
  }
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
