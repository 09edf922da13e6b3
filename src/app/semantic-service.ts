// Semantic search inside the checker, put together from parts with one job
// each (src/app/semantic/):
//   settings-store.ts      — the settings and the precisions last loaded (IndexedDB)
//   model-lifecycle.ts     — loading, fallbacks and unloading of the embedder and NLI model
//   embedding-scheduler.ts — background embedding of every corpus (queue, pause/resume,
//                            resume after a reload) and the vector indexes dense retrieval searches
//   check-gate.ts          — checks go first: embedding waits between batches while one runs
//   status-emitter.ts      — status snapshots to the UI, throttled while downloading or embedding
// This class turns user actions (turn on, change settings, pause…) into
// steps of those parts, and tells a check what it can use.
import type { SemanticSettings } from '../core/models/settings.ts';
import { semanticSettings } from '../core/models/settings.ts';
import { embedderVersion } from '../core/models/settings.ts';
import { catalogEntry } from '../core/models/catalog.ts';
import type { Embedder, NLIModel } from '../core/models/types.ts';
import type { DenseCorpus } from '../core/semantic.ts';
import { DexieChunkStore, type ClaimLensDB, type StoredCorpus } from '../db.ts';
import type { ModelLocations } from '../core/models/transformers-cache.ts';
import type { SemanticStatus } from '../core/checker.ts';
import { CheckGate } from './semantic/check-gate.ts';
import { EmbeddingScheduler, type EmbeddingTuning } from './semantic/embedding-scheduler.ts';
import { ModelLifecycle, type ModelHandle, type ModelRuntimeFactory } from './semantic/model-lifecycle.ts';
import { SemanticSettingsStore } from './semantic/settings-store.ts';
import { StatusEmitter } from './semantic/status-emitter.ts';

export type { LoadModelOpts, ModelHandle, ModelRuntime, ModelRuntimeFactory } from './semantic/model-lifecycle.ts';
export type { EmbeddingTuning } from './semantic/embedding-scheduler.ts';
export { dexieSource } from './semantic/embedding-scheduler.ts';

export interface SemanticServiceDeps {
  db: ClaimLensDB;
  runtime: ModelRuntimeFactory;
  /** Every status change (throttled while downloading or embedding). */
  emit: (status: SemanticStatus) => void;
  /** Where model files live, to tell whether a model is cached (browser only). */
  locations?: ModelLocations;
  /** The corpora the checker holds now. */
  corpora: () => Promise<StoredCorpus[]>;
  /** How background embedding paces itself (default: the job's own defaults). */
  embedding?: EmbeddingTuning;
}

/** What a check uses when semantic search is on. */
export interface SemanticForCheck {
  embedder?: Embedder & ModelHandle;
  nli?: NLIModel & ModelHandle;
  embedderVersion: string;
  dense: DenseCorpus[];
  note?: string;
}

export class SemanticService {
  private current: SemanticSettings = semanticSettings(undefined);
  private readonly db: ClaimLensDB;
  private readonly store: SemanticSettingsStore;
  private readonly emitter: StatusEmitter<SemanticStatus>;
  private readonly models: ModelLifecycle;
  private readonly jobs: EmbeddingScheduler;
  private readonly gate = new CheckGate();
  private started: Promise<void> | null = null;

  constructor(deps: SemanticServiceDeps) {
    this.db = deps.db;
    this.store = new SemanticSettingsStore(deps.db);
    this.emitter = new StatusEmitter(() => this.status(), deps.emit);
    const changed = (when: 'now' | 'soon') => (when === 'now' ? this.emitter.now() : this.emitter.soon());
    this.models = new ModelLifecycle({
      runtime: deps.runtime,
      store: this.store,
      settings: () => this.current,
      locations: deps.locations,
      changed,
    });
    this.jobs = new EmbeddingScheduler({
      db: deps.db,
      corpora: deps.corpora,
      modelKey: () => this.modelKey,
      // Jobs run only while semantic search is on and the embedder is loaded.
      embedder: () => (this.current.enabled ? this.models.embedder : null),
      gate: this.gate,
      tuning: deps.embedding,
      changed,
    });
  }

  get settings(): SemanticSettings {
    return this.current;
  }

  private get modelKey(): string {
    return embedderVersion(catalogEntry(this.current.embedder));
  }

  /** Reads the settings and job states; when on, loads the models (if nothing must be downloaded) and resumes embedding. */
  init(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<void> {
    const { settings, problem } = await this.store.read();
    this.current = settings;
    this.models.reset(problem);
    await this.jobs.refresh();
    if (this.current.enabled) {
      // In the background: checks wait for the models (ModelLifecycle.settled), not for this.
      void this.models
        .load(false)
        .catch(() => {
          // A model that did not load says why in its status (ModelLifecycle.loadBoth);
          // with the embedder loaded, embedding goes on all the same.
        })
        .then(() => this.jobs.warmUp())
        .then(() => this.jobs.pump());
    }
  }

  status(): SemanticStatus {
    return {
      settings: { ...this.current },
      capabilities: this.models.capabilities,
      models: this.models.status(),
      corpora: this.jobs.status(),
    };
  }

  /** Stores settings. Changing models, source or device while on turns semantic search off (the new models need a download). */
  configure(change: Partial<SemanticSettings>): Promise<SemanticStatus> {
    return this.jobs.holding(() => this.applySettings(change));
  }

  private async applySettings(change: Partial<SemanticSettings>): Promise<SemanticStatus> {
    const prev = this.current;
    const next = semanticSettings(prev, change);
    const modelsChanged =
      next.embedder !== prev.embedder ||
      next.nli !== prev.nli ||
      next.source !== prev.source ||
      next.hubUrl !== prev.hubUrl ||
      next.device !== prev.device;
    if (!next.enabled || (prev.enabled && modelsChanged)) {
      next.enabled = false;
      await this.jobs.stop('queued');
    }
    // Off: the models and their worker go (the vectors stay for next time).
    if (modelsChanged || !next.enabled) await this.models.unload();
    this.current = next;
    if (modelsChanged || !next.enabled) this.models.reset();
    await this.store.save(this.current);
    if (next.embedder !== prev.embedder) await this.jobs.modelChanged();
    this.emitter.now();
    return this.status();
  }

  /**
   * The user's "download and turn on": loads both models (downloading what
   * the cache lacks, with progress), turns semantic search on and queues
   * every corpus that is not embedded yet.
   */
  async enable(change: Partial<SemanticSettings> = {}, onProgress?: (s: SemanticStatus) => void): Promise<SemanticStatus> {
    const differs = (Object.keys(change) as (keyof SemanticSettings)[]).some((k) => change[k] !== this.current[k]);
    if (differs) await this.configure({ ...change, enabled: false });
    const forward = () => onProgress?.(this.status());
    const listener = setInterval(forward, 250);
    try {
      await this.models.load(true, forward);
    } finally {
      clearInterval(listener);
    }
    this.current = { ...this.current, enabled: true };
    await this.store.save(this.current);
    await this.jobs.queueAll();
    this.emitter.now();
    this.jobs.pump();
    return this.status();
  }

  /** Marks a check as running (embedding steps aside) until the returned function is called. */
  checkStarted(): () => void {
    return this.gate.started();
  }

  async pause(corpus: string): Promise<SemanticStatus> {
    await this.jobs.pause(corpus);
    return this.status();
  }

  async resume(corpus: string): Promise<SemanticStatus> {
    await this.jobs.resume(corpus);
    return this.status();
  }

  /** A corpus was added or replaced: its vectors are re-planned (only changed chunks are embedded again). */
  corpusChanged(corpus: StoredCorpus): Promise<void> {
    return this.jobs.corpusChanged(corpus, this.current.enabled);
  }

  /**
   * Deletes a corpus around `remove` (which deletes its records): its job is
   * stopped first, so nothing writes its vectors again afterwards.
   */
  corpusDeleting<T>(corpus: string, remove: () => Promise<T>): Promise<T> {
    return this.jobs.corpusDeleting(corpus, remove);
  }

  /**
   * What a check uses: the models (waiting for a load in progress) and the
   * vector index of every fully embedded corpus, plus a note when semantic
   * search is on but could not be used (fully).
   */
  async forCheck(corpora: StoredCorpus[]): Promise<SemanticForCheck | null> {
    if (!this.current.enabled) return null;
    await this.models.settled();
    const notes: string[] = [];
    const failed = this.models.unavailable();
    if (failed.length) {
      notes.push(`${failed.map((f) => f.name).join(' and ')} could not be loaded (${failed.map((f) => f.reason).join('; ')}).`);
    }
    const dense: DenseCorpus[] = [];
    const embedder = this.models.embedder;
    if (embedder) {
      const found = await this.jobs.denseIndexes(corpora);
      for (const c of corpora) {
        const index = found.indexes.get(c.id);
        if (index) dense.push({ corpus: c.id, index, chunks: new DexieChunkStore(this.db, c.id) });
      }
      if (found.notEmbedded.length) notes.push(`Not embedded yet, searched by keywords only: ${found.notEmbedded.join(', ')}.`);
      if (found.damaged.length) notes.push(`Stored vectors not usable, searched by keywords only: ${found.damaged.join(', ')}.`);
    }
    return {
      embedder: embedder ?? undefined,
      nli: this.models.nli ?? undefined,
      embedderVersion: this.modelKey,
      dense,
      note: notes.length ? notes.join(' ') : undefined,
    };
  }

  /** Stops everything (tests, worker shutdown). */
  async dispose(): Promise<void> {
    await this.jobs.dispose();
    await this.models.unload();
    this.emitter.stop();
  }
}
