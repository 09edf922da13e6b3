// The local-model engine the Ask view uses. The model runs in
// workers/llm.worker.ts, which is web-llm's own WebWorkerMLCEngineHandler;
// this side loads it with web-llm's CreateWebWorkerMLCEngine (later models on
// the same worker with that client's reload()) and wraps the
// WebWorkerMLCEngine client in MLCChatEngine (our ChatEngine: streaming with
// include_usage, decode tokens/s, named errors, stop).
//
// web-llm's module (~6 MB) is imported here only with a dynamic import(), on
// the first load(), so the UI entry never carries it. The worker starts on
// the first load() too.
import type { AppConfig, InitProgressReport, WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import { AbortedError, EngineError, EngineNotLoadedError, ModelDownloadError } from '../core/errors.ts';
import { MLCChatEngine } from '../core/engine/mlc-adapter.ts';
import type { ChatChunk, ChatEngine, ChatMessage, ChatOptions, ProgressCallback } from '../core/engine/types.ts';
import { downloadFailureWithCache, mapWebLLMError } from '../core/engine/webllm-errors.ts';
import { requestPersistentStorage } from './gpu.ts';
import { modelDownloadStatus } from './model-cache.ts';

/**
 * The worker as web-llm's client needs it (its `ChatWorker`: onmessage +
 * postMessage), plus terminate() and error events. A browser Worker is one;
 * tests pass a MessagePort or a worker_threads adapter.
 */
export interface LLMWorker {
  /** web-llm's client assigns its handler here. */
  onmessage: unknown;
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener?(type: 'error', listener: (event: Event) => void): void;
}

export interface WebLLMEngineOptions {
  /** Catalog + custom model records (catalog.ts toAppConfig()), read at each load. */
  appConfig?: () => AppConfig | undefined;
  /** Whether a model honours `thinking` (catalog `thinking === 'toggle'`). */
  thinkingToggle?: (model: string) => boolean;
  /**
   * Starts the worker that runs WebWorkerMLCEngineHandler. Default: the real
   * workers/llm.worker.ts. Tests pass workers/fake-llm.worker.ts (same
   * handler, FakeMLCEngine inside).
   */
  createWorker?: () => LLMWorker;
}

/** The real LLM worker (web-llm + WebGPU). */
export function createLLMWorker(): Worker {
  return new Worker(new URL('../../workers/llm.worker.ts', import.meta.url), { type: 'module', name: 'claimlens-llm' });
}

interface WorkerState {
  worker: LLMWorker;
  /**
   * web-llm's client for this worker, made by the first CreateWebWorkerMLCEngine
   * that succeeded; later loads reuse it (reload), so every reply the worker
   * sends reaches the client that asked for it.
   */
  client?: WebWorkerMLCEngine;
  /** Rejects with EngineError when the worker dies. */
  failed: Promise<never>;
  fail(err: Error): void;
}

export class WebLLMEngine implements ChatEngine {
  private current: WorkerState | undefined;
  private engine: MLCChatEngine | undefined;
  private pendingLoad: { cancel(): void } | undefined;

  constructor(private readonly options: WebLLMEngineOptions = {}) {}

  /** Id of the loaded model; undefined again after unload, cancel or a lost device. */
  get model(): string | undefined {
    return this.engine?.model;
  }

  /**
   * Loads (downloading what is missing) with CreateWebWorkerMLCEngine. Asks
   * for persistent storage first so the browser does not evict gigabytes of
   * weights. Aborting `signal` (or a newer load(), or dispose()) stops the
   * worker, which stops the download at once; the load then rejects with
   * AbortedError and the next load() starts a fresh worker. A network failure
   * with part of the model cached becomes IncompleteModelCacheError.
   */
  async load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortedError('Cancelled.');
    this.pendingLoad?.cancel();
    this.engine?.interrupt();
    this.engine = undefined;

    let cancelled = false;
    let rejectCancelled!: (e: Error) => void;
    const whenCancelled = new Promise<never>((_, reject) => (rejectCancelled = reject));
    whenCancelled.catch(() => undefined);
    const ticket = {
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        // web-llm's only other way out is unload(), after which reload()
        // resolves as if the model had loaded; a stopped worker is unambiguous.
        this.stopWorker();
        rejectCancelled(new AbortedError('Cancelled.'));
      },
    };
    this.pendingLoad = ticket;
    signal?.addEventListener('abort', ticket.cancel, { once: true });
    const race = <T>(p: Promise<T>) => Promise.race([p, whenCancelled]);
    try {
      await race(requestPersistentStorage());
      const { CreateWebWorkerMLCEngine } = await race(import('@mlc-ai/web-llm'));
      const state = this.ensureWorker();
      const appConfig = this.options.appConfig?.();
      const initProgressCallback = (r: InitProgressReport) => {
        if (!cancelled) onProgress?.({ progress: r.progress, text: r.text, elapsedSeconds: r.timeElapsed });
      };
      let client = state.client;
      if (!client) {
        client = await Promise.race([
          CreateWebWorkerMLCEngine(state.worker, model, { ...(appConfig ? { appConfig } : {}), initProgressCallback }),
          whenCancelled,
          state.failed,
        ]);
        state.client = client;
      } else {
        // Another model on the same worker: web-llm's reload() unloads the old one first.
        if (appConfig) client.setAppConfig(appConfig);
        client.setInitProgressCallback(initProgressCallback);
        await Promise.race([client.reload(model), whenCancelled, state.failed]);
      }
      this.engine = new MLCChatEngine(client, {
        model,
        thinkingToggle: this.options.thinkingToggle?.(model) ?? false,
        failed: state.failed,
      });
    } catch (e) {
      if (cancelled) throw new AbortedError('Cancelled.');
      const err = mapWebLLMError(e);
      const appConfig = this.options.appConfig?.();
      if (err instanceof ModelDownloadError && appConfig && typeof caches !== 'undefined') {
        const d = await modelDownloadStatus(model, appConfig).catch(() => undefined);
        if (d) throw downloadFailureWithCache(err, d.files, d.missing.length);
      }
      throw err;
    } finally {
      signal?.removeEventListener('abort', ticket.cancel);
      if (this.pendingLoad === ticket) this.pendingLoad = undefined;
    }
  }

  chat(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<ChatChunk> {
    const engine = this.engine;
    if (!engine) {
      // A stream that fails on its first read, like a loaded engine's would.
      // eslint-disable-next-line require-yield
      return (async function* (): AsyncGenerator<ChatChunk> {
        throw new EngineNotLoadedError();
      })();
    }
    return engine.chat(messages, options);
  }

  interrupt(): void {
    this.engine?.interrupt();
  }

  /** Frees the model's GPU memory; the worker stays for the next load(). */
  async unload(): Promise<void> {
    this.pendingLoad?.cancel();
    const engine = this.engine;
    this.engine = undefined;
    if (engine) await engine.unload();
  }

  /** Stops the worker (frees GPU memory at once); a later load() starts a new one. */
  dispose(): void {
    this.pendingLoad?.cancel();
    this.stopWorker();
  }

  private ensureWorker(): WorkerState {
    if (this.current) return this.current;
    const worker = (this.options.createWorker ?? createLLMWorker)();
    let fail!: (err: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const state: WorkerState = { worker, failed, fail };
    // A worker that fails to start (chunk missing offline, script error)
    // would leave every web-llm promise pending for ever.
    worker.addEventListener?.('error', (event) => {
      const message = (event as ErrorEvent).message || 'the worker script failed';
      if (this.current !== state) return;
      state.fail(new EngineError(`The model worker stopped: ${message}`));
      this.stopWorker();
    });
    this.current = state;
    return state;
  }

  private stopWorker(): void {
    const state = this.current;
    this.current = undefined;
    this.engine = undefined;
    if (!state) return;
    state.fail(new AbortedError('Cancelled.'));
    state.worker.terminate();
  }
}
