// The local-model engine the Ask view uses: web-llm in workers/llm.worker.ts,
// reached through WorkerChatEngine. Importing this module costs nothing:
// the worker (and web-llm inside it) starts on the first load().
import type { AppConfig } from '@mlc-ai/web-llm';
import { ModelDownloadError } from '../core/engine/errors.ts';
import type { ProgressCallback } from '../core/engine/types.ts';
import { downloadFailureWithCache } from '../core/engine/webllm-errors.ts';
import { requestPersistentStorage } from './gpu.ts';
import { WorkerChatEngine, workerPort } from './llm-client.ts';
import { modelDownloadStatus } from './model-cache.ts';

export interface WebLLMEngineOptions {
  /** Catalog + custom model records (see catalog.ts toAppConfig()). */
  appConfig?: () => AppConfig | undefined;
  /** Whether a model honours `thinking` (catalog `thinking === 'toggle'`). */
  thinkingToggle?: (model: string) => boolean;
}

export class WebLLMEngine extends WorkerChatEngine {
  private readonly appConfigOf: (() => AppConfig | undefined) | undefined;

  constructor(options: WebLLMEngineOptions = {}) {
    super(
      () =>
        workerPort(
          new Worker(new URL('../../workers/llm.worker.ts', import.meta.url), {
            type: 'module',
            name: 'claimlens-llm',
          }),
        ),
      options,
    );
    this.appConfigOf = options.appConfig;
  }

  /**
   * Loads (downloading what is missing). Asks for persistent storage first so
   * the browser does not evict gigabytes of weights; a network failure with
   * part of the model cached becomes IncompleteModelCacheError.
   */
  override async load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void> {
    await requestPersistentStorage();
    try {
      await super.load(model, onProgress, signal);
    } catch (e) {
      const appConfig = this.appConfigOf?.();
      if (e instanceof ModelDownloadError && appConfig && typeof caches !== 'undefined') {
        const d = await modelDownloadStatus(model, appConfig).catch(() => undefined);
        if (d) throw downloadFailureWithCache(e, d.files, d.missing.length);
      }
      throw e;
    }
  }
}
