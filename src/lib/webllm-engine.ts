// The local-model engine the Ask view uses: web-llm in workers/llm.worker.ts,
// reached through WorkerChatEngine. Importing this module costs nothing:
// the worker (and web-llm inside it) starts on the first load().
import type { AppConfig } from '@mlc-ai/web-llm';
import { WorkerChatEngine, workerPort } from './llm-client.ts';

export interface WebLLMEngineOptions {
  /** Catalog + custom model records (see catalog.ts toAppConfig()). */
  appConfig?: () => AppConfig | undefined;
  /** Whether a model honours `thinking` (catalog `thinking === 'toggle'`). */
  thinkingToggle?: (model: string) => boolean;
}

export class WebLLMEngine extends WorkerChatEngine {
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
  }
}
