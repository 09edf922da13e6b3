// Messages between the UI and the LLM worker. The worker hosts one
// ChatEngine (web-llm's MLCEngine behind MLCChatEngine, or a fake in tests);
// the UI side is WorkerChatEngine (src/lib/llm-client.ts). The protocol is
// transport-agnostic: a browser Worker, a Node worker_thread or a
// MessageChannel all carry it.
//
// Streaming is pushed: the worker sends every chunk as soon as the engine
// yields it, so generation never waits for a round trip to the UI thread.
import type { AppConfig } from '@mlc-ai/web-llm';
import type { ErrorPayload } from '../src/core/errors.ts';
import type { ChatChunk, ChatMessage, ChatOptions, LoadProgress } from '../src/core/engine/types.ts';

/** ChatOptions as they travel (an AbortSignal cannot be cloned). */
export type WireChatOptions = Omit<ChatOptions, 'signal'>;

export type LLMRequest =
  | {
      type: 'load';
      id: number;
      model: string;
      /** Catalog + custom model records, so the worker knows every model the UI offers. */
      appConfig?: AppConfig;
      /** The model honours enable_thinking (Qwen3 family). */
      thinkingToggle?: boolean;
    }
  | { type: 'chat'; id: number; messages: ChatMessage[]; options: WireChatOptions }
  /** Stop request `target` (a chat: ends it with finish_reason 'abort'; a load: cancels the download). */
  | { type: 'cancel'; id: number; target: number }
  | { type: 'unload'; id: number };

export type LLMResponse =
  | { type: 'progress'; id: number; progress: LoadProgress }
  | { type: 'chunk'; id: number; chunk: ChatChunk }
  /** Request `id` finished (load/unload done, or a chat stream ended). */
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; error: ErrorPayload };

/** The worker side of a transport. */
export interface HostPort {
  post(msg: LLMResponse): void;
  onMessage(handler: (msg: LLMRequest) => void): void;
}

/** The UI side of a transport. */
export interface ClientPort {
  post(msg: LLMRequest): void;
  onMessage(handler: (msg: LLMResponse) => void): void;
  /** Called when the transport itself fails (worker script error, crash). */
  onFatal?(handler: (message: string) => void): void;
  terminate?(): void;
}
