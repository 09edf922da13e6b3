// The engine the Ask view chats with: which kind (this device, a model
// server, or the test-only fake), what is loaded, a load in progress with
// its download figures, and what went wrong with what to try next.
import * as v from 'valibot';
import type { EngineKind, EngineRef } from '../../core/conversation.ts';
import {
  AbortedError,
  DeviceLostError,
  IncompleteModelCacheError,
  ModelDownloadError,
  OutOfMemoryError,
  StorageQuotaError,
  WebGPUNotAvailableError,
} from '../../core/errors.ts';
import type { FakeScript } from '../../testing/fake-engine.ts';
import type { ChatEngine } from '../../core/engine/types.ts';
import { describeError, type UiMessage } from '../messages.ts';
import { smallerModelAdvice, type SmallerModelAdvice } from './advice.ts';
import { DownloadMeter, type DownloadStats } from './download-progress.ts';
import {
  createLocalEngine,
  createRemoteEngine,
  createTestEngine,
  TEST_ENGINE_AVAILABLE,
  type DisposableEngine,
} from './engines.ts';
import { localModels } from './local-models.svelte.ts';
import { remoteServer } from './remote.svelte.ts';
import { readSetting, SETTING, writeSetting } from './store.ts';
import { CATALOG } from '../../core/engine/catalog.ts';

const EngineKindSchema = v.picklist(['local', 'remote', 'fake']) satisfies v.GenericSchema<unknown, EngineKind>;

export interface EngineProblem {
  message: UiMessage;
  /** A smaller model to try (out of memory, device lost). */
  advice?: SmallerModelAdvice;
  /** The model to load again (after a lost device, a failed download). */
  reload?: string;
  /** A partial download that can be deleted and fetched again. */
  deleteDownload?: string;
}

export interface LoadingState {
  kind: EngineKind;
  model: string;
  stats: DownloadStats;
}

/** What the test engine plays until a test writes its own script. */
export const DEFAULT_TEST_SCRIPT: FakeScript = {
  reasoning: 'The user asks about glaucoma. Recall what damages the optic nerve.',
  text: "Glaucoma is a group of diseases that can damage the eye's optic nerve. Glaucoma cannot cause blindness.",
  tokensPerSecond: 40,
  loadSteps: 4,
  loadMs: 400,
};

const lostModel = (err: unknown) => err instanceof DeviceLostError || err instanceof OutOfMemoryError;

class EngineState {
  kind = $state<EngineKind>('local');
  /** The model ready to chat, or null. */
  loaded = $state<EngineRef | null>(null);
  loading = $state<LoadingState | null>(null);
  problem = $state<EngineProblem | null>(null);
  /** TEST-ONLY (e2e build): the fake model's script, as JSON. */
  testScript = $state(JSON.stringify(DEFAULT_TEST_SCRIPT, null, 2));

  readonly testEngineAvailable = TEST_ENGINE_AVAILABLE;

  private engines: Partial<Record<EngineKind, DisposableEngine>> = {};
  private loadAbort: AbortController | null = null;

  /** The engine that holds the loaded model. */
  get engine(): ChatEngine | null {
    return this.loaded ? (this.engines[this.loaded.kind] ?? null) : null;
  }

  async init(): Promise<void> {
    await Promise.all([localModels.init(), remoteServer.init()]);
    const saved = await readSetting(SETTING.engineKind, EngineKindSchema).catch(() => undefined);
    if (saved === 'remote' || (saved === 'fake' && this.testEngineAvailable)) this.kind = saved;
    // Without WebGPU the model server is the way in.
    else if (!localModels.hasWebGPU) this.kind = 'remote';
  }

  setKind(kind: EngineKind): void {
    this.kind = kind;
    this.problem = null;
    void writeSetting(SETTING.engineKind, kind).catch(() => undefined);
  }

  private async engineFor(kind: EngineKind): Promise<DisposableEngine> {
    const have = this.engines[kind];
    if (have && kind !== 'remote') return have;
    const options = {
      appConfig: () => localModels.appConfig(),
      thinkingToggle: (id: string) => localModels.thinkingToggle(id),
    };
    let engine: DisposableEngine;
    if (kind === 'local') engine = createLocalEngine(options);
    else if (kind === 'remote') engine = createRemoteEngine(remoteServer.config());
    else if (createTestEngine) engine = await createTestEngine(options, () => JSON.parse(this.testScript) as FakeScript);
    else throw new Error('The test engine is not part of this build.');
    this.engines[kind] = engine;
    return engine;
  }

  /**
   * Downloads (if needed) and loads a model on this device (or the test
   * engine). The storage estimate is read again first: a download that would
   * not fit is not started unless `force` (the user's "Try anyway").
   */
  async loadLocal(modelId: string, options: { force?: boolean } = {}): Promise<void> {
    if (this.loading) return;
    const kind: 'local' | 'fake' = this.kind === 'fake' ? 'fake' : 'local';
    this.problem = null;
    if (kind === 'local' && !localModels.hasWebGPU) {
      this.problem = { message: describeError(new WebGPUNotAvailableError()) };
      return;
    }
    await localModels.prepareDownload().catch(() => undefined);
    const fit = localModels.fit(modelId);
    if (!options.force && fit?.status === 'no-storage') {
      this.problem = { message: { title: 'Not enough room to store this model', detail: fit.reason, tone: 'error', name: 'StorageQuotaError' } };
      return;
    }
    await this.unloadOthers(kind);
    const catalogModel = localModels.model(modelId);
    const meter = new DownloadMeter(catalogModel?.download_MB_estimate || undefined);
    this.loading = { kind, model: modelId, stats: meter.update({ progress: 0, text: 'Starting…', elapsedSeconds: 0 }) };
    this.loaded = null;
    const abort = new AbortController();
    this.loadAbort = abort;
    try {
      const engine = await this.engineFor(kind);
      await engine.load(
        modelId,
        (p) => {
          if (this.loading && this.loadAbort === abort) this.loading = { kind, model: modelId, stats: meter.update(p) };
        },
        abort.signal,
      );
      this.loaded = { kind, model: modelId };
      localModels.select(modelId);
    } catch (err) {
      if (!(err instanceof AbortedError)) this.problem = this.describeLoadFailure(err, modelId);
    } finally {
      if (this.loadAbort === abort) this.loadAbort = null;
      this.loading = null;
      void localModels.refreshDownloads();
    }
  }

  cancelLoad(): void {
    this.loadAbort?.abort();
  }

  /** "Loads" a server model: checks that the server answers and serves it. */
  async connectRemote(): Promise<void> {
    if (this.loading) return;
    this.problem = null;
    const model = remoteServer.model.trim();
    if (!model) {
      this.problem = { message: { title: 'No model chosen', detail: 'Type the model name, or list the models the server has and pick one.', tone: 'error' } };
      return;
    }
    await this.unloadOthers('remote');
    const meter = new DownloadMeter();
    this.loading = { kind: 'remote', model, stats: meter.update({ progress: 0, text: `Connecting to ${remoteServer.host}…`, elapsedSeconds: 0 }) };
    this.loaded = null;
    const abort = new AbortController();
    this.loadAbort = abort;
    try {
      await remoteServer.save();
      const engine = await this.engineFor('remote');
      await engine.load(model, (p) => (this.loading = { kind: 'remote', model, stats: meter.update(p) }), abort.signal);
      this.loaded = { kind: 'remote', model, server: remoteServer.baseUrl.trim() };
    } catch (err) {
      if (!(err instanceof AbortedError)) this.problem = { message: describeError(err) };
    } finally {
      if (this.loadAbort === abort) this.loadAbort = null;
      this.loading = null;
    }
  }

  /** Frees the loaded model (GPU memory). */
  async unload(): Promise<void> {
    const engine = this.engine;
    this.loaded = null;
    await engine?.unload().catch(() => undefined);
  }

  /** One model at a time: a local model keeps GPU memory while another engine is used. */
  private async unloadOthers(kind: EngineKind): Promise<void> {
    for (const k of Object.keys(this.engines) as EngineKind[]) {
      if (k === kind || k === 'remote') continue;
      const e = this.engines[k];
      if (e?.model) await e.unload().catch(() => undefined);
    }
  }

  /**
   * A generation failed. A lost device or exhausted memory leaves no model
   * behind: say so, name a smaller model, and offer to load again.
   */
  afterFailure(err: unknown): void {
    const ref = this.loaded;
    if (!ref) return;
    const engine = this.engines[ref.kind];
    if (lostModel(err) || !engine?.model) {
      this.loaded = null;
      if (ref.kind !== 'remote' && lostModel(err)) {
        // A fresh worker gets a fresh GPU device on the next load.
        engine?.dispose?.();
        delete this.engines[ref.kind];
      }
      this.problem = {
        message: describeError(err),
        ...(ref.kind !== 'remote' ? { advice: smallerModelAdvice(ref.model, localModels.fits, localModels.models), reload: ref.model } : {}),
      };
    }
  }

  private describeLoadFailure(err: unknown, modelId: string): EngineProblem {
    const message = describeError(err);
    if (lostModel(err)) {
      return { message, advice: smallerModelAdvice(modelId, localModels.fits, localModels.models), reload: modelId };
    }
    if (err instanceof IncompleteModelCacheError || err instanceof ModelDownloadError) {
      return { message, reload: modelId, deleteDownload: modelId };
    }
    if (err instanceof StorageQuotaError) {
      return { message: { ...message, detail: `${message.detail} Delete a downloaded model below, or pick a smaller one.` } };
    }
    return { message };
  }

  /** The catalog's label for a model id ("Qwen3 1.7B q4f32_1"), or the id. */
  label(ref: EngineRef | null): string {
    if (!ref) return '';
    if (ref.kind === 'remote') return ref.model;
    const m = localModels.model(ref.model) ?? CATALOG.models.find((c) => c.id === ref.model);
    return m ? `${m.label} (${m.quantization}${m.context_window_size < 4096 ? `, ${m.context_window_size / 1024}k context` : ''})` : ref.model;
  }
}

export const engineState = new EngineState();
