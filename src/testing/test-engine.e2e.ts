// TEST-ONLY, bundled only by `vite build --mode e2e` (see engines.ts). The
// local engine's whole path — WebLLMEngine, web-llm's CreateWebWorkerMLCEngine
// client and WebWorkerMLCEngineHandler in a worker — with web-llm's MLCEngine
// inside the worker replaced by the scripted fake (workers/fake-llm.worker.ts).
// It poses as the catalog model the user picked, so the Ask view runs its
// real flow (fit check, download bar, streaming, errors) on a test script.
import { fakeModelId, type FakeScript } from './fake-engine.ts';
import type { ChatChunk, ChatMessage, ChatOptions, ProgressCallback } from '../core/engine/types.ts';
import { WebLLMEngine } from '../lib/webllm-engine.ts';
import type { DisposableEngine, LocalEngineOptions } from '../lib/ask/engines.ts';

class TestEngine implements DisposableEngine {
  private posedAs: string | undefined;

  constructor(
    private readonly inner: WebLLMEngine,
    private readonly script: () => FakeScript,
  ) {}

  get model(): string | undefined {
    return this.inner.model ? this.posedAs : undefined;
  }

  async load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void> {
    this.posedAs = model;
    await this.inner.load(fakeModelId(this.script()), onProgress, signal);
  }

  chat(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<ChatChunk> {
    return this.inner.chat(messages, options);
  }

  interrupt(): void {
    this.inner.interrupt();
  }

  unload(): Promise<void> {
    return this.inner.unload();
  }

  dispose(): void {
    this.inner.dispose();
  }
}

export function createTestEngine(options: LocalEngineOptions, script: () => FakeScript): DisposableEngine {
  const inner = new WebLLMEngine({
    createWorker: () =>
      new Worker(new URL('../../workers/fake-llm.worker.ts', import.meta.url), { type: 'module', name: 'claimlens-llm-test' }),
    appConfig: options.appConfig,
    // Every fake model honours the thinking switch.
    thinkingToggle: () => true,
  });
  return new TestEngine(inner, script);
}
