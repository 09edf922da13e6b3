// ChatEngine over anything shaped like web-llm's MLCEngineInterface. In the
// app that is the UI-side WebWorkerMLCEngine client (src/lib/webllm-engine.ts
// wraps it after CreateWebWorkerMLCEngine has loaded a model); in tests it can
// also be FakeMLCEngine in-process. Only types come from web-llm here.
//
// What it adds on top of web-llm: OpenAI request shaping (include_usage,
// enable_thinking only for models with the toggle, JSON schema as a string),
// our usage record (decode tokens/s from web-llm, time to first token measured
// here), named errors (mapWebLLMError reads web-llm's "Name: message"
// strings), and stop/abort that always end the generation in the engine.
import type { AppConfig, ChatCompletionChunk, ChatCompletionRequestStreaming, InitProgressReport } from '@mlc-ai/web-llm';
import { AbortedError, DeviceLostError, EngineNotLoadedError, OutOfMemoryError } from '../errors.ts';
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

/** The part of web-llm's MLCEngineInterface this adapter uses. */
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

export interface MLCChatEngineOptions {
  /** The model the engine already has loaded (by CreateWebWorkerMLCEngine). */
  model?: string;
  /** The model honours `enable_thinking` (catalog `thinking: 'toggle'`). */
  thinkingToggle?: boolean;
  /**
   * Rejects when the engine's transport dies (the worker failed): pending
   * reads then fail with that error instead of waiting for ever.
   */
  failed?: Promise<never>;
}

export interface MLCLoadOptions {
  /** Models to know about: catalog records plus the user's custom models. */
  appConfig?: AppConfig;
  /** The model honours `enable_thinking`. */
  thinkingToggle?: boolean;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function finishReason(r: string | null | undefined): FinishReason {
  return r === 'stop' || r === 'length' || r === 'abort' ? r : 'unknown';
}

/** Resolves never; rejects with AbortedError when the signal aborts. */
function abortion(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  if (!signal) return { promise: new Promise<never>(() => undefined), dispose: () => undefined };
  let onAbort = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortedError('Cancelled.'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

export class MLCChatEngine implements ChatEngine {
  model: string | undefined;
  private thinkingToggle: boolean;
  private readonly failed: Promise<never>;
  private loading: { aborted: boolean } | undefined;
  /** The generation in progress: whether a stop was asked and re-sent. */
  private current: { stop: boolean; resent: boolean } | undefined;

  constructor(
    private readonly mlc: MLCEngineLike,
    options: MLCChatEngineOptions = {},
  ) {
    this.model = options.model;
    this.thinkingToggle = options.thinkingToggle === true;
    this.failed = options.failed ?? new Promise<never>(() => undefined);
    this.failed.catch(() => undefined);
  }

  /**
   * Loads through the engine's own reload() (an in-process MLCEngine or a
   * WebWorkerMLCEngine client). Aborting calls unload(), which web-llm answers
   * by returning quietly from reload(); this turns that into AbortedError.
   */
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
        onProgress?.({ progress: r.progress, text: r.text, elapsedSeconds: r.timeElapsed }),
      );
      await Promise.race([this.mlc.reload(model), this.failed]);
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
    return this.loadWith(model, { thinkingToggle: this.thinkingToggle }, onProgress, signal);
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
    let engineTtftMs: number | undefined;
    let content = '';
    const current = { stop: false, resent: false };
    this.current = current;
    // An abort must not wait for the next chunk (a long prefill): every read
    // races the signal, and the engine is told to stop at once.
    const aborted = abortion(signal);
    const onAbort = () => this.mlc.interruptGenerate();
    signal?.addEventListener('abort', onAbort, { once: true });
    let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
    const read = <T>(p: Promise<T>) => Promise.race([p, aborted.promise, this.failed]);
    try {
      let stream: AsyncIterable<ChatCompletionChunk>;
      try {
        stream = await read(this.mlc.chat.completions.create(request));
      } catch (e) {
        throw this.failure(e);
      }
      iterator = stream[Symbol.asyncIterator]();
      for (;;) {
        let r: IteratorResult<ChatCompletionChunk>;
        try {
          if (signal?.aborted) throw new AbortedError('Cancelled.');
          r = await read(iterator.next());
        } catch (e) {
          if (!(e instanceof AbortedError)) iterator = undefined; // a failed generator is finished
          throw this.failure(e);
        }
        if (r.done) {
          iterator = undefined;
          break;
        }
        // web-llm clears its interrupt flag when a generation starts (lazily,
        // on the first pull), so a stop asked before the first chunk is lost
        // there: ask again once the generation is surely running.
        if (current.stop && !current.resent) {
          current.resent = true;
          this.mlc.interruptGenerate();
        }
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
          if (typeof extra?.time_to_first_token_s === 'number') engineTtftMs = extra.time_to_first_token_s * 1000;
          usage = {
            prompt_tokens: chunk.usage.prompt_tokens,
            completion_tokens: chunk.usage.completion_tokens,
            decode_tokens_per_s: extra?.decode_tokens_per_s || undefined,
            prefill_tokens_per_s: extra?.prefill_tokens_per_s || undefined,
            time_to_first_token_ms: 0,
            total_ms: 0,
            finish_reason: finish,
          };
        }
      }
      if (options.stream === false && content) yield { kind: 'delta', delta: content, channel: 'content' };
      const decodeMs = last - first;
      const out: ChatUsage = {
        prompt_tokens: usage?.prompt_tokens ?? 0,
        completion_tokens: usage?.completion_tokens ?? deltas,
        decode_tokens_per_s:
          usage?.decode_tokens_per_s ?? (deltas > 1 && decodeMs > 0 ? ((deltas - 1) * 1000) / decodeMs : undefined),
        prefill_tokens_per_s: usage?.prefill_tokens_per_s,
        time_to_first_token_ms: (first < 0 ? last : first) - t0,
        total_ms: now() - t0,
        finish_reason: finish,
      };
      if (engineTtftMs !== undefined) out.engine_time_to_first_token_ms = engineTtftMs;
      yield { kind: 'usage', usage: out };
    } finally {
      aborted.dispose();
      signal?.removeEventListener('abort', onAbort);
      if (this.current === current) this.current = undefined;
      // Leaving early (abort, stop, consumer gone): stop decoding and close
      // web-llm's generator so its model lock is released. Not awaited: a
      // pending read (prefill) must not delay the AbortedError.
      if (iterator) {
        this.mlc.interruptGenerate();
        const it = iterator;
        void Promise.resolve()
          .then(() => it.return?.())
          .catch(() => undefined);
      }
    }
  }

  /** Maps a failure; a lost device or exhausted memory leaves no usable model. */
  private failure(e: unknown): Error {
    const err = mapWebLLMError(e);
    if (err instanceof DeviceLostError || err instanceof OutOfMemoryError) this.model = undefined;
    return err;
  }

  interrupt(): void {
    if (!this.current) return;
    this.current.stop = true;
    this.mlc.interruptGenerate();
  }

  async unload(): Promise<void> {
    this.cancelLoad();
    this.model = undefined;
    try {
      await Promise.race([this.mlc.unload(), this.failed]);
    } catch (e) {
      throw mapWebLLMError(e);
    }
  }
}
