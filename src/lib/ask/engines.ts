// The engines the Ask view can talk to, all behind ChatEngine:
//   local  — web-llm on this device's GPU (WebLLMEngine, its own worker)
//   remote — an OpenAI-compatible model server (vLLM, SGLang, Ollama…)
//   fake   — TEST-ONLY: the same worker path with web-llm's engine swapped
//            for a scripted fake. It exists only in builds made with
//            `vite build --mode e2e`: in any other build the condition
//            below is the constant `false`, so the bundler drops the branch
//            and the dynamic import with it (vite.config.ts fails a
//            production build that still contains it).
import type { AppConfig } from '@mlc-ai/web-llm';
import type { EngineKind } from '../../core/conversation.ts';
import type { FakeScript } from '../../testing/fake-engine.ts';
import { OpenAICompatibleEngine, type OpenAICompatibleConfig } from '../../core/engine/openai.ts';
import type { ChatEngine } from '../../core/engine/types.ts';
import { WebLLMEngine } from '../webllm-engine.ts';

export type { EngineKind };

/** A ChatEngine that owns a worker (freed with dispose). */
export type DisposableEngine = ChatEngine & { dispose?(): void };

export interface LocalEngineOptions {
  /** Catalog + custom model records, read at each load. */
  appConfig: () => AppConfig;
  /** Whether a model honours enable_thinking (Qwen3). */
  thinkingToggle: (model: string) => boolean;
}

export function createLocalEngine(options: LocalEngineOptions): DisposableEngine {
  return new WebLLMEngine(options);
}

export function createRemoteEngine(config: OpenAICompatibleConfig): OpenAICompatibleEngine {
  return new OpenAICompatibleEngine(config);
}

/** True only in the end-to-end test build. */
export const TEST_ENGINE_AVAILABLE: boolean = import.meta.env.MODE === 'e2e';

/**
 * TEST-ONLY: the local engine's path (worker, adapter, client) with a
 * scripted fake model; loads any catalog id and plays `script()`.
 * Undefined outside the e2e build.
 */
export const createTestEngine:
  | ((options: LocalEngineOptions, script: () => FakeScript) => Promise<DisposableEngine>)
  | undefined =
  import.meta.env.MODE === 'e2e'
    ? async (options, script) => (await import('../../testing/test-engine.e2e.ts')).createTestEngine(options, script)
    : undefined;
