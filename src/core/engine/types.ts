// The one chat-engine interface. Implementations: WebLLMEngine
// (src/lib/webllm-engine.ts: web-llm's worker client wrapped in
// mlc-adapter.ts), an OpenAI-compatible HTTP client (openai.ts), and a
// scripted fake for tests (fake.ts). Callers never know where the model runs.

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** JSON-schema-constrained output (web-llm: XGrammar; vLLM/SGLang: guided decoding). */
export interface JsonResponseFormat {
  type: 'json_object';
  /** A JSON schema object. Engines serialise it as their server expects. */
  schema?: Record<string, unknown>;
}

export interface ChatOptions {
  /** Stream deltas as they are generated (default true; false yields one delta at the end). */
  stream?: boolean;
  /** Aborting stops generation; the iterator then throws AbortedError. */
  signal?: AbortSignal;
  /**
   * Ask a hybrid reasoning model (Qwen3, Baichuan-M2…) to think first (true)
   * or to answer directly (false). Undefined leaves the model's default.
   */
  thinking?: boolean;
  temperature?: number;
  max_tokens?: number;
  response_format?: JsonResponseFormat;
}

export type FinishReason = 'stop' | 'length' | 'abort' | 'error' | 'unknown';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  /** Decode speed as the engine measured it (web-llm), else measured here. */
  decode_tokens_per_s?: number;
  prefill_tokens_per_s?: number;
  /** From the chat() call to the first delta, measured on the caller's side. */
  time_to_first_token_ms: number;
  /** The same, measured inside the engine (worker side), when it differs. */
  engine_time_to_first_token_ms?: number;
  /** From the chat() call to the end of the stream. */
  total_ms: number;
  finish_reason: FinishReason;
}

/**
 * One streamed piece. `channel: 'reasoning'` marks text the server already
 * separated as reasoning (vLLM/SGLang `reasoning_content`); `<think>` tags
 * inside `content` deltas are left for ThinkStream to split.
 */
export interface DeltaChunk {
  kind: 'delta';
  delta: string;
  channel: 'content' | 'reasoning';
}

/** Always the last chunk of a stream that was not aborted or failed. */
export interface UsageChunk {
  kind: 'usage';
  usage: ChatUsage;
}

export type ChatChunk = DeltaChunk | UsageChunk;

/** Progress of loading a chat model (downloading its files, then onto the GPU). Corpus loading has its own: checker.ts LoadProgress. */
export interface ModelLoadProgress {
  /** 0..1 */
  progress: number;
  /** Human text from the engine ("Fetching param cache[3/40]: 120MB…"). */
  text: string;
  /** Seconds since the load started. */
  elapsedSeconds: number;
}

export type ProgressCallback = (p: ModelLoadProgress) => void;

export interface ChatEngine {
  /** Load (download if needed) a model. Resolves when it can chat. */
  load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void>;
  /**
   * Generate a reply. Yields delta chunks, then one usage chunk. Throws a
   * named error (errors.ts) on failure; what was yielded before stays valid.
   */
  chat(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<ChatChunk>;
  /** Stop the current generation; its stream ends with finish_reason 'abort'. */
  interrupt(): void;
  /** Free the model (GPU memory). The engine can load another model after. */
  unload(): Promise<void>;
  /** Id of the loaded model, if any. */
  readonly model: string | undefined;
}

/** Collects a stream into text + usage (used by decompose and tests). */
export async function collectChat(
  stream: AsyncIterable<ChatChunk>,
): Promise<{ content: string; reasoning: string; usage: ChatUsage | undefined; chunks: number }> {
  let content = '';
  let reasoning = '';
  let usage: ChatUsage | undefined;
  let chunks = 0;
  for await (const c of stream) {
    if (c.kind === 'delta') {
      chunks++;
      if (c.channel === 'reasoning') reasoning += c.delta;
      else content += c.delta;
    } else {
      usage = c.usage;
    }
  }
  return { content, reasoning, usage, chunks };
}
