// The embedding and NLI models of semantic search: loading them through a
// ModelRuntime (the model worker's client in the app, onnxruntime-node in
// Node), their states, downloads and device fallbacks as the UI shows them,
// and letting them go. A model download only ever starts from an explicit
// load (the user's button); a load at start uses only files that need no
// download: the app's own mirror, or files already in the browser's cache.
import { NotFoundError, toErrorPayload, type ErrorPayload } from '../../core/errors.ts';
import { catalogEntry, type PlacementPreference } from '../../core/models/catalog.ts';
import type { SemanticSettings } from '../../core/models/settings.ts';
import type { Embedder, ModelEvent, ModelPlacement, NLIModel, RuntimeCapabilities } from '../../core/models/types.ts';
import type { ModelStatus } from '../../core/checker.ts';
import { isModelCached, type ModelLocations } from '../../core/models/transformers-cache.ts';
import type { LoadedRecord, SemanticSettingsStore } from './settings-store.ts';

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

/** What runs the models: the model worker's client in the browser, the Node runners in tests and the CLI. */
export interface ModelRuntime {
  capabilities(): Promise<RuntimeCapabilities>;
  loadEmbedder(id: string, opts: LoadModelOpts): Promise<Embedder & ModelHandle>;
  loadNLIModel(id: string, opts: LoadModelOpts): Promise<NLIModel & ModelHandle>;
  terminate(): void;
}

/** Makes a runtime for these settings (where model files come from). */
export type ModelRuntimeFactory = (settings: SemanticSettings) => ModelRuntime;

export type ModelRole = 'embedder' | 'nli';

export interface ModelLifecycleDeps {
  runtime: ModelRuntimeFactory;
  store: SemanticSettingsStore;
  /** The settings now (which models, source, device). */
  settings: () => SemanticSettings;
  /** Where model files live, to tell whether a model is cached (browser only). */
  locations?: ModelLocations;
  /** A state changed: send the status now, or soon (progress). */
  changed: (when: 'now' | 'soon') => void;
}

function offStatus(role: ModelRole, id: string): ModelStatus {
  return { role, id, name: catalogEntry(id).name, state: 'off', fallbacks: [], files: [] };
}

export class ModelLifecycle {
  embedder: (Embedder & ModelHandle) | null = null;
  nli: (NLIModel & ModelHandle) | null = null;
  capabilities: RuntimeCapabilities | undefined;
  private runtime: ModelRuntime | null = null;
  private models: Record<ModelRole, ModelStatus>;
  /** A load in progress (explicit or at start); checks wait for it. */
  private loading: Promise<void> | null = null;

  constructor(private readonly deps: ModelLifecycleDeps) {
    this.models = this.offStatuses();
  }

  private offStatuses(): Record<ModelRole, ModelStatus> {
    const s = this.deps.settings();
    return { embedder: offStatus('embedder', s.embedder), nli: offStatus('nli', s.nli) };
  }

  /** Both models off (settings changed); `problem` is shown with the embedder (e.g. settings that could not be used). */
  reset(problem?: ErrorPayload): void {
    this.models = this.offStatuses();
    if (problem) this.models.embedder.error = problem;
  }

  status(): Record<ModelRole, ModelStatus> {
    const model = (m: ModelStatus, h: ModelHandle | null): ModelStatus =>
      h && m.state === 'ready' ? { ...m, placement: h.placement, fallbacks: [...h.fallbacks] } : { ...m };
    return { embedder: model(this.models.embedder, this.embedder), nli: model(this.models.nli, this.nli) };
  }

  /** Roles whose model is not ready, with why. */
  unavailable(): { name: string; reason: string }[] {
    return (['embedder', 'nli'] as const)
      .filter((r) => this.models[r].state !== 'ready')
      .map((r) => ({ name: this.models[r].name, reason: this.models[r].error?.message ?? 'not loaded' }));
  }

  /**
   * Loads both models (the failure of one does not stop the other, so the
   * status says what works) and throws the first error. `explicit`: the user
   * asked, files may be downloaded; otherwise only files that need no download.
   * Waits for a load already in progress first.
   */
  async load(explicit: boolean, onChange?: () => void): Promise<void> {
    // Set at once, so a check that comes in the same tick already waits for it.
    const previous = this.loading;
    const run = (async () => {
      if (previous) {
        try {
          await previous;
        } catch {
          // The earlier load's failure is in the model status; this load tries again.
        }
      }
      await this.loadBoth(explicit, onChange);
    })();
    this.loading = run;
    try {
      await run;
    } finally {
      if (this.loading === run) this.loading = null;
    }
  }

  /**
   * Resolves when no load is in progress. A load's failure is not an error
   * here: it is in the model status, which whoever waits reads next.
   */
  async settled(): Promise<void> {
    while (this.loading) {
      try {
        await this.loading;
      } catch {
        // Reported in the model status by loadBoth / loadModel.
      }
    }
  }

  private async loadBoth(explicit: boolean, onChange?: () => void): Promise<void> {
    this.runtime ??= this.deps.runtime(this.deps.settings());
    const runtime = this.runtime;
    let loaded: LoadedRecord;
    try {
      this.capabilities = await runtime.capabilities();
      loaded = await this.deps.store.loaded();
    } catch (err) {
      // Neither model can be tried: both say why.
      const s = this.deps.settings();
      for (const role of ['embedder', 'nli'] as const) {
        this.models[role] = { ...offStatus(role, role === 'embedder' ? s.embedder : s.nli), state: 'failed', error: toErrorPayload(err) };
      }
      this.deps.changed('now');
      throw err;
    }
    const record: LoadedRecord = { ...loaded };
    let firstError: unknown = null;
    for (const role of ['embedder', 'nli'] as const) {
      try {
        await this.loadModel(role, runtime, explicit, loaded, record, onChange);
      } catch (err) {
        // Already in this model's status; the other model is still tried.
        firstError ??= err;
      }
    }
    await this.deps.store.saveLoaded(record);
    if (firstError) throw firstError;
  }

  private async loadModel(
    role: ModelRole,
    runtime: ModelRuntime,
    explicit: boolean,
    loaded: LoadedRecord,
    record: LoadedRecord,
    onChange?: () => void,
  ): Promise<void> {
    const settings = this.deps.settings();
    const id = role === 'embedder' ? settings.embedder : settings.nli;
    const current = role === 'embedder' ? this.embedder : this.nli;
    if (current && this.models[role].state === 'ready' && this.models[role].id === id) return;
    const prefer: PlacementPreference = settings.device === 'wasm' ? { device: 'wasm' } : {};
    const last = loaded[role]?.id === id ? loaded[role]!.dtype : undefined;
    if (!explicit) {
      // Loading by itself must not download: use the files loaded last time,
      // and from the hub only when the browser still has them.
      if (!last) return this.fail(role, id, 'Press “Download and turn on” in Settings → Models to load it.');
      prefer.dtype = last;
      if (settings.source === 'hub' && this.deps.locations) {
        const loc = { ...this.deps.locations, hubUrl: settings.hubUrl };
        let cached: boolean;
        try {
          cached = await isModelCached(catalogEntry(id), last, 'hub', loc);
        } catch (err) {
          // No readable cache (storage blocked): nothing can load without a download.
          return this.fail(
            role,
            id,
            `This browser’s storage could not be read (${(err as Error).message}). Press “Download and turn on” to fetch its files again.`,
          );
        }
        if (!cached) {
          return this.fail(role, id, 'Its files are no longer in this browser’s storage. Press “Download and turn on” to fetch them again.');
        }
      }
    }
    const status: ModelStatus = { ...offStatus(role, id), state: 'loading' };
    this.models[role] = status;
    this.deps.changed('now');
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
      this.deps.changed('now');
    } catch (err) {
      status.state = 'failed';
      status.error = toErrorPayload(err);
      this.deps.changed('now');
      throw err;
    }
  }

  private fail(role: ModelRole, id: string, message: string): never {
    const err = new NotFoundError(`${catalogEntry(id).name} was not loaded. ${message}`);
    this.models[role] = { ...offStatus(role, id), state: 'failed', error: toErrorPayload(err) };
    this.deps.changed('now');
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
      this.deps.changed('soon');
    } else if (e.type === 'ready') {
      status.placement = e.placement;
      status.loadMs = Math.round(e.ms);
      this.deps.changed('soon');
    } else if (e.type === 'fallback') {
      status.fallbacks.push({ from: e.from, to: e.to, reason: e.reason });
      status.placement = e.to;
      this.deps.changed('now');
    }
  }

  /** Lets both models and their runtime (the model worker) go. */
  async unload(): Promise<void> {
    const models = [this.embedder, this.nli];
    this.embedder = null;
    this.nli = null;
    for (const m of models) {
      try {
        await m?.dispose();
      } catch {
        // The runtime is terminated next, which frees whatever this model still held.
      }
    }
    this.runtime?.terminate();
    this.runtime = null;
  }
}
