// ChatEngine over web-llm's MLCEngine. Runs inside the LLM worker (the
// worker owns the GPU device); the UI talks to it through our worker
// protocol (workers/llm.protocol.ts). Only types come from web-llm here, so
// the same adapter also drives FakeMLCEngine in tests.
import type { AppConfig, ChatCompletionChunk, ChatCompletionRequestStreaming, InitProgressReport } from '@mlc-ai/web-llm';
import { AbortedError } from '../errors.ts';
import { EngineNotLoadedError } from './errors.ts';
import type {
  ChatChunk,
  ChatEngine,
  ChatMessage,
  ChatOptions,
  ChatUsage,
  FinishReason,
  ProgressCallback,
} from './types.ts';
import { mapWebLLMError } from './webllm-errors.ts';

/** The part of web-llm's MLCEngine this adapter uses. */
export interface MLCEngineLike {
  reload(modelId: string): Promise<void>;
  setInitProgressCallback(cb: ((report: InitProgressReport) => void) | undefined): void;
  setAppConfig?(appConfig: AppConfig): void;
  chat: {
    completions: {
      create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export interface MLCLoadOptions {
  /** Models to know about: catalog records plus the user's custom models. */
  appConfig?: AppConfig;
  /** The model honours `enable_thinking` (Qwen3 family). Sent only then. */
  thinkingToggle?: boolean;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function finishReason(r: string | null | undefined): FinishReason {
  return r === 'stop' || r === 'length' || r === 'abort' ? r : 'unknown';
}

export class MLCChatEngine implements ChatEngine {
  model: string | undefined;
  private thinkingToggle = false;
  private loading: { aborted: boolean } | undefined;
  private generating = false;

  constructor(private readonly mlc: MLCEngineLike) {}

  /** load() with the per-model options the worker protocol carries. */
  async loadWith(
    model: string,
    options: MLCLoadOptions,
    onProgress?: ProgressCallback,
    signal?: AbortSignal,
  ): Promise<void> {
    const state = { aborted: false };
    this.loading = state;
    this.model = undefined;
    const onAbort = () => this.cancelLoad();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) throw new AbortedError('Cancelled.');
      if (options.appConfig && this.mlc.setAppConfig) this.mlc.setAppConfig(options.appConfig);
      this.mlc.setInitProgressCallback((r) =>
        onProgress?.({ progress: r.progress, text: r.text, elapsed_s: r.timeElapsed }),
      );
      await this.mlc.reload(model);
      // web-llm returns quietly from a reload that unload() aborted.
      if (state.aborted) throw new AbortedError('Cancelled.');
      this.model = model;
      this.thinkingToggle = options.thinkingToggle === true;
    } catch (e) {
      throw state.aborted ? new AbortedError('Cancelled.') : mapWebLLMError(e);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.loading === state) this.loading = undefined;
      this.mlc.setInitProgressCallback(undefined);
    }
  }

  load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void> {
    return this.loadWith(model, { thinkingToggle: /^Qwen3/i.test(model) }, onProgress, signal);
  }

  /** Stops a download in progress (web-llm aborts reload() on unload()). */
  cancelLoad(): void {
    if (!this.loading) return;
    this.loading.aborted = true;
    void this.mlc.unload().catch(() => undefined);
  }

  async *chat(messages: ChatMessage[], options: ChatOptions = {}): AsyncGenerator<ChatChunk> {
    if (!this.model) throw new EngineNotLoadedError();
    const signal = options.signal;
    if (signal?.aborted) throw new AbortedError('Cancelled.');
    const request: ChatCompletionRequestStreaming = {
      messages,
      stream: true,
      stream_options: { include_usage: true },
    };
    if (options.temperature !== undefined) request.temperature = options.temperature;
    if (options.max_tokens !== undefined) request.max_tokens = options.max_tokens;
    if (options.response_format) {
      // web-llm takes the schema as a JSON string (XGrammar compiles it).
      request.response_format = {
        type: 'json_object',
        ...(options.response_format.schema ? { schema: JSON.stringify(options.response_format.schema) } : {}),
      };
    }
    // enable_thinking=false makes web-llm prefill an empty think block; only
    // meaningful for models trained for it, so other models never get it.
    if (options.thinking !== undefined && this.thinkingToggle) {
      request.extra_body = { enable_thinking: options.thinking };
    }
    const t0 = now();
    let first = -1;
    let last = t0;
    let deltas = 0;
    let finish: FinishReason = 'unknown';
    let usage: ChatUsage | undefined;
    let content = '';
    const onAbort = () => this.mlc.interruptGenerate();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.generating = true;
    let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
    try {
      let stream: AsyncIterable<ChatCompletionChunk>;
      try {
        stream = await this.mlc.chat.completions.create(request);
      } catch (e) {
        throw mapWebLLMError(e);
      }
      iterator = stream[Symbol.asyncIterator]();
      for (;;) {
        let r: IteratorResult<ChatCompletionChunk>;
        try {
          r = await iterator.next();
        } catch (e) {
          iterator = undefined; // a failed generator is finished
          throw mapWebLLMError(e);
        }
        if (r.done) {
          iterator = undefined;
          break;
        }
        if (signal?.aborted) break;
        const chunk = r.value;
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) {
          deltas++;
          last = now();
          if (first < 0) first = last;
          if (options.stream === false) content += delta;
          else yield { kind: 'delta', delta, channel: 'content' };
        }
        if (choice?.finish_reason) finish = finishReason(choice.finish_reason);
        if (chunk.usage) {
          const extra = chunk.usage.extra;
          usage = {
            prompt_tokens: chunk.usage.prompt_tokens,
            completion_tokens: chunk.usage.completion_tokens,
            decode_tokens_per_s: extra?.decode_tokens_per_s,
            prefill_tokens_per_s: extra?.prefill_tokens_per_s,
            time_to_first_token_ms: 0,
            total_ms: 0,
            finish_reason: finish,
          };
        }
      }
      if (signal?.aborted) throw new AbortedError('Cancelled.');
      if (options.stream === false && content) yield { kind: 'delta', delta: content, channel: 'content' };
      const decodeMs = last - first;
      yield {
        kind: 'usage',
        usage: {
          prompt_tokens: usage?.prompt_tokens ?? 0,
          completion_tokens: usage?.completion_tokens ?? deltas,
          decode_tokens_per_s:
            usage?.decode_tokens_per_s ?? (deltas > 1 && decodeMs > 0 ? ((deltas - 1) * 1000) / decodeMs : undefined),
          prefill_tokens_per_s: usage?.prefill_tokens_per_s,
          time_to_first_token_ms: (first < 0 ? last : first) - t0,
          total_ms: now() - t0,
          finish_reason: finish,
        },
      };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.generating = false;
      // Leaving early (abort, consumer stopped): stop decoding and close web-llm's generator.
      if (iterator) {
        this.mlc.interruptGenerate();
        await iterator.return?.().catch(() => undefined);
      }
    }
  }

  interrupt(): void {
    if (this.generating) this.mlc.interruptGenerate();
  }

  async unload(): Promise<void> {
    this.cancelLoad();
    this.model = undefined;
    try {
      await this.mlc.unload();
    } catch (e) {
      throw mapWebLLMError(e);
    }
  }
}
