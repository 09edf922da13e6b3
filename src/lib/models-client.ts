// Page side of the model worker: the same Embedder / NLIModel interfaces as
// the in-process runners, implemented by messaging (models.protocol.ts).
//
// The client walks each model's load plan (WebGPU → WASM) itself. In a
// browser, transformers.js 4.3.1 chains every ONNX session creation and run
// on one promise, so a single ONNX Runtime failure (a WebGPU session that
// cannot be created, a lost GPU device) makes every later call in that
// worker fail. So after a failure the client starts a fresh worker, reloads
// the other models where they were, and tries the next placement; each move
// is reported as a `fallback` event.
import { fromErrorPayload, ModelLoadError } from '../core/errors.ts';
import { catalogEntry, loadPlan, type PlacementPreference } from '../core/models/catalog.ts';
import type {
  ClassifyOptions,
  EmbedOptions,
  Embedder,
  ModelEvent,
  ModelPlacement,
  NLIModel,
  NLIPair,
  NLIScores,
  RuntimeCapabilities,
  BrowserModelSettings,
} from '../core/models/types.ts';
import type { EmbedResult, LoadedModelInfo, ModelsRequest, ModelsResponse, ModelsResult } from '../../workers/models.protocol.ts';

type RequestBody = ModelsRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type FallbackEvent = Extract<ModelEvent, { type: 'fallback' }>;

interface Pending {
  resolve: (v: ModelsResult) => void;
  reject: (e: Error) => void;
  onProgress?: (done: number, total: number) => void;
  onEvent?: (e: ModelEvent) => void;
}

export interface LoadOptions {
  prefer?: PlacementPreference;
  onEvent?: (e: ModelEvent) => void;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ModelWorkerClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private readonly live = new Set<RemoteModel>();
  private caps: Promise<RuntimeCapabilities> | null = null;
  /** Serialises restarts and the loads that follow them. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Workers started so far (1 + restarts). */
  generation = 0;

  /**
   * `createWorker` is called again for each restart. `settings` (where model
   * files come from) is sent to every fresh worker before anything else.
   */
  constructor(
    private readonly createWorker: () => Worker,
    private readonly settings?: { models: BrowserModelSettings },
  ) {
    this.worker = this.start();
  }

  private start(): Worker {
    const w = this.createWorker();
    this.generation++;
    w.addEventListener('message', (ev: MessageEvent<ModelsResponse>) => {
      if (w === this.worker) this.receive(ev.data);
    });
    w.addEventListener('error', (ev) => {
      if (w !== this.worker) return;
      this.failPending(new Error(`The model worker failed: ${ev.message || 'unknown error'}`));
    });
    if (this.settings) {
      // Messages are handled in order, so every later request sees these settings.
      w.postMessage({ id: this.nextId++, kind: 'configure', settings: this.settings.models } satisfies ModelsRequest);
    }
    return w;
  }

  private failPending(err: Error): void {
    const pending = this.pending;
    this.pending = new Map();
    for (const p of pending.values()) p.reject(err);
  }

  private receive(msg: ModelsResponse): void {
    if (msg.kind === 'event') {
      // Events of a load in progress go to that request; later ones to the model.
      const pending = this.pending.get(msg.id);
      const owner = pending ? undefined : [...this.live].find((m) => m.handle === msg.handle);
      (pending ? pending.onEvent : owner?.onEvent)?.(msg.event);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.done, msg.total);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.value);
    else p.reject(fromErrorPayload(msg.error));
  }

  /** Sends one request to the current worker. */
  request(body: RequestBody, extra: Omit<Pending, 'resolve' | 'reject'> & { signal?: AbortSignal } = {}): Promise<ModelsResult> {
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise<ModelsResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: extra.onProgress, onEvent: extra.onEvent });
      if (extra.signal) {
        const cancel = () => worker.postMessage({ id: this.nextId++, kind: 'cancel', target: id } satisfies ModelsRequest);
        if (extra.signal.aborted) queueMicrotask(cancel);
        else extra.signal.addEventListener('abort', cancel, { once: true });
      }
      worker.postMessage({ ...body, id } as ModelsRequest);
    });
  }

  capabilities(): Promise<RuntimeCapabilities> {
    return (this.caps ??= this.request({ kind: 'capabilities' }) as Promise<RuntimeCapabilities>);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A fresh worker with every live model (but `except`) reloaded where it was. */
  private async restart(except?: RemoteModel): Promise<void> {
    this.worker.terminate();
    this.failPending(new ModelLoadError('The model worker was restarted after a failure.'));
    this.worker = this.start();
    for (const m of this.live) {
      if (m === except) continue;
      try {
        m.info = (await this.request({ kind: 'load', task: m.task, model: m.id, placement: m.placement }, { onEvent: m.onEvent })) as LoadedModelInfo;
      } catch {
        // It tries its own next placement when it is next used.
        m.stale = true;
      }
    }
  }

  /**
   * Loads `model` on the first placement of `plan` from `start` that works,
   * restarting the worker after each failure. Returns the info and the index used.
   */
  private async loadFrom({ task, model, plan, start, onEvent, fallbacks, self }: {
    task: 'embed' | 'nli';
    model: string;
    plan: ModelPlacement[];
    start: number;
    onEvent: ((e: ModelEvent) => void) | undefined;
    /** Fallback events are added here. */
    fallbacks: FallbackEvent[];
    /** The model being moved (relocate), if it exists already. */
    self?: RemoteModel;
  }): Promise<{ info: LoadedModelInfo; index: number }> {
    const failures: string[] = [];
    let lastError: unknown = null;
    for (let i = start; i < plan.length; i++) {
      try {
        const info = (await this.request({ kind: 'load', task, model, placement: plan[i] }, { onEvent })) as LoadedModelInfo;
        return { info, index: i };
      } catch (err) {
        // A failed download is not the device's fault: another placement would only download more.
        if ((err as Error).name === 'ModelDownloadError') throw err;
        lastError = err;
        failures.push(`${plan[i].device}/${plan[i].dtype}: ${errorText(err)}`);
        const next = plan[i + 1];
        if (!next) break;
        const event: FallbackEvent = { type: 'fallback', model, from: plan[i], to: next, reason: errorText(err) };
        fallbacks.push(event);
        onEvent?.(event);
        await this.restart(self);
      }
    }
    if (failures.length === 1) throw lastError;
    throw new ModelLoadError(failures.length ? `Could not load ${model} anywhere (${failures.join('; ')})` : `No placement left to try for ${model}.`, { model });
  }

  private async load(task: 'embed' | 'nli', model: string, opts: LoadOptions): Promise<RemoteModel> {
    const entry = catalogEntry(model);
    const plan = loadPlan(entry, await this.capabilities(), opts.prefer);
    return this.serial(async () => {
      const fallbacks: FallbackEvent[] = [];
      const { info, index } = await this.loadFrom({ task, model, plan, start: 0, onEvent: opts.onEvent, fallbacks });
      const m = task === 'embed' ? new RemoteEmbedder(this, task, info, plan, index, opts.onEvent) : new RemoteNLIModel(this, task, info, plan, index, opts.onEvent);
      m.fallbacks.push(...fallbacks);
      this.live.add(m);
      return m;
    });
  }

  async loadEmbedder(model: string, opts: LoadOptions = {}): Promise<RemoteEmbedder> {
    return (await this.load('embed', model, opts)) as RemoteEmbedder;
  }

  async loadNLIModel(model: string, opts: LoadOptions = {}): Promise<RemoteNLIModel> {
    return (await this.load('nli', model, opts)) as RemoteNLIModel;
  }

  /** Runs `call` for model `m`; after a failure on WebGPU, moves `m` to its next placement in a fresh worker and retries once. */
  async call<T>(m: RemoteModel, call: () => Promise<T>): Promise<T> {
    if (m.stale) await this.serial(() => this.relocate(m, m.planIndex, null));
    const generation = this.generation;
    try {
      return await call();
    } catch (err) {
      if ((err as Error).name === 'AbortedError') throw err;
      if (this.generation !== generation) {
        // The worker was restarted under this call (for another model): run it again there.
        if (m.stale) await this.serial(() => this.relocate(m, m.planIndex, null));
        return call();
      }
      if (m.placement.device !== 'webgpu' || m.planIndex + 1 >= m.plan.length) throw err;
      await this.serial(async () => {
        // Another call may have moved it already.
        if (this.generation === generation) await this.relocate(m, m.planIndex + 1, err);
      });
      return call();
    }
  }

  private async relocate(m: RemoteModel, from: number, cause: unknown): Promise<void> {
    if (cause !== null) {
      const event: FallbackEvent = { type: 'fallback', model: m.id, from: m.placement, to: m.plan[from], reason: errorText(cause) };
      m.fallbacks.push(event);
      m.onEvent?.(event);
      await this.restart(m);
    }
    const { info, index } = await this.loadFrom({ task: m.task, model: m.id, plan: m.plan, start: from, onEvent: m.onEvent, fallbacks: m.fallbacks, self: m });
    m.info = info;
    m.planIndex = index;
    m.stale = false;
  }

  async unload(m: RemoteModel): Promise<void> {
    this.live.delete(m);
    await this.request({ kind: 'unload', handle: m.handle });
  }

  terminate(): void {
    this.worker.terminate();
    this.live.clear();
    this.failPending(new Error('The model worker was stopped.'));
  }
}

abstract class RemoteModel {
  /** Every move to another placement, at load time or later. */
  readonly fallbacks: FallbackEvent[] = [];
  /** Set when a restart could not reload it where it was. */
  stale = false;

  constructor(
    protected readonly client: ModelWorkerClient,
    readonly task: 'embed' | 'nli',
    public info: LoadedModelInfo,
    readonly plan: ModelPlacement[],
    public planIndex: number,
    readonly onEvent: ((e: ModelEvent) => void) | undefined,
  ) {}

  get id(): string {
    return this.info.model;
  }
  get handle(): number {
    return this.info.handle;
  }
  /** Where the model runs now. */
  get placement(): ModelPlacement {
    return this.plan[this.planIndex];
  }
  dispose(): Promise<void> {
    return this.client.unload(this);
  }
}

export class RemoteEmbedder extends RemoteModel implements Embedder {
  get dim(): number {
    return this.info.dim ?? 0;
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const { dim, data } = await this.client.call(
      this,
      () =>
        this.client.request(
          { kind: 'embed', handle: this.handle, texts, batchSize: options.batchSize, embedKind: options.kind },
          { signal: options.signal, onProgress: options.onProgress },
        ) as Promise<EmbedResult>,
    );
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i++) out.push(data.slice(i * dim, (i + 1) * dim));
    return out;
  }
}

export class RemoteNLIModel extends RemoteModel implements NLIModel {
  async classify(pairs: NLIPair[], options: ClassifyOptions = {}): Promise<NLIScores[]> {
    return this.client.call(
      this,
      () =>
        this.client.request(
          { kind: 'classify', handle: this.handle, pairs, batchSize: options.batchSize },
          { signal: options.signal },
        ) as Promise<NLIScores[]>,
    );
  }
}
