// TEST-ONLY stand-in for web-llm's MLCEngine. It goes where the real engine
// goes: into web-llm's own WebWorkerMLCEngineHandler (handler.engine, see
// installFakeEngine and workers/fake-llm.worker.ts), so end-to-end tests and
// the benchmark run web-llm's real worker protocol and client, our adapter
// and WebLLMEngine, with only the GPU model swapped for a script.
//
// It behaves like MLCEngine where ClaimLens depends on it: reload() reports
// init progress, unloads first, and returns quietly when unload() aborts it;
// streaming generators are lazy (nothing is decoded until the client pulls a
// chunk), hold a per-model lock until they finish or are returned, reset the
// interrupt flag when they start, end with a finish chunk and (with
// stream_options.include_usage) a usage chunk; errors are Errors named like
// web-llm's classes, which the handler turns into "Name: message" strings.
// Model ids `fake:{json}` carry the script (see fake.ts).
//
// Only types come from web-llm, so importing this costs nothing at run time.
import type {
  AppConfig,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionFinishReason,
  ChatCompletionRequest,
  ChatCompletionRequestBase,
  ChatCompletionRequestNonStreaming,
  ChatCompletionRequestStreaming,
  ChatOptions as MLCChatOptions,
  Completion,
  CompletionCreateParams,
  CompletionCreateParamsBase,
  CompletionCreateParamsNonStreaming,
  CompletionCreateParamsStreaming,
  CompletionUsage,
  CreateEmbeddingResponse,
  EmbeddingCreateParams,
  InitProgressCallback,
  LogLevel,
  LogitProcessor,
  MLCEngineInterface,
  ResumeChatCompletionOptions,
  ResumeProbeResult,
  ResumeResult,
} from '@mlc-ai/web-llm';
import { fakeLoad, fakeTokenStream, namedError, parseFakeModel, splitTokens, type FakeScript } from './fake-engine.ts';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** What the fake's GPU reports (SwiftShader-like limits). */
export const FAKE_GPU = { vendor: 'fake', maxStorageBufferBindingSize: 2 ** 30 } as const;

function unsupported(method: string): Error {
  return namedError(
    'FakeEngineUnsupportedError',
    `FakeMLCEngine does not implement ${method}(); ClaimLens uses chat completions only.`,
  );
}

function notLoaded(): Error {
  return namedError('ModelNotLoadedError', 'Model not loaded before trying to complete ChatCompletionRequest.');
}

/** One generation at a time per model, like web-llm's CustomLock. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}

interface Generation {
  content: string;
  emitted: number;
  finish: ChatCompletionFinishReason;
  usage?: CompletionUsage;
}

/**
 * TEST-ONLY MLCEngine. Implements every method of web-llm's
 * MLCEngineInterface that WebWorkerMLCEngineHandler calls; the OpenAI-style
 * namespaces are reduced to `chat.completions.create` (the handler never uses
 * them; the in-process adapter test does).
 */
export class FakeMLCEngine implements Omit<MLCEngineInterface, 'chat' | 'completions' | 'embeddings'> {
  readonly chat: {
    completions: {
      create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };
  appConfig: AppConfig | undefined;
  logLevel: LogLevel | undefined;
  logitProcessorRegistry: Map<string, LogitProcessor> | undefined;
  /** Requests seen, for tests that check what the adapter sent. */
  readonly requests: ChatCompletionRequest[] = [];
  /** Per finished generation: tokens emitted and why it ended. */
  readonly finished: Array<{ emitted: number; finish: ChatCompletionFinishReason }> = [];
  /** Model ids passed to reload(), in order. */
  readonly reloads: string[] = [];

  private progress: InitProgressCallback | undefined;
  private script: FakeScript | undefined;
  private modelId: string | undefined;
  private interruptSignal = false;
  private reloadAborted: { aborted: boolean } | undefined;
  private lock = new Lock();
  private lastMessage = '';
  private lastStats: { prefill: number; decode: number } | undefined;

  constructor() {
    this.chat = {
      completions: { create: (request) => this.chatCompletion(request) },
    };
  }

  setInitProgressCallback(cb: InitProgressCallback | undefined): void {
    this.progress = cb;
  }

  getInitProgressCallback(): InitProgressCallback | undefined {
    return this.progress;
  }

  setAppConfig(appConfig: AppConfig): void {
    this.appConfig = appConfig;
  }

  setLogLevel(logLevel: LogLevel): void {
    this.logLevel = logLevel;
  }

  setLogitProcessorRegistry(registry?: Map<string, LogitProcessor>): void {
    this.logitProcessorRegistry = registry;
  }

  async reload(modelId: string | string[], chatOpts?: MLCChatOptions | MLCChatOptions[]): Promise<void> {
    void chatOpts; // a script needs no chat options
    const ids = Array.isArray(modelId) ? modelId : [modelId];
    if (ids.length !== 1) throw unsupported('reload() with several models');
    await this.unload();
    const id = ids[0];
    this.reloads.push(id);
    const state = { aborted: false };
    this.reloadAborted = state;
    const script = parseFakeModel(id);
    const t0 = now();
    try {
      await fakeLoad(script, this.progress, () => state.aborted);
    } catch (e) {
      // web-llm: an AbortError in reload() (from unload()) is logged, not thrown.
      if (state.aborted) return;
      throw e;
    } finally {
      if (this.reloadAborted === state) this.reloadAborted = undefined;
    }
    this.script = script;
    this.modelId = id;
    this.lock = new Lock();
    this.progress?.({ progress: 1, timeElapsed: (now() - t0) / 1000, text: 'Finish loading on WebGPU - fake' });
  }

  async unload(): Promise<void> {
    if (this.reloadAborted) this.reloadAborted.aborted = true;
    this.modelId = undefined;
    this.script = undefined;
  }

  interruptGenerate(): void {
    this.interruptSignal = true;
  }

  async resetChat(keepStats?: boolean, modelId?: string): Promise<void> {
    this.loaded(modelId);
    this.lastMessage = '';
    if (!keepStats) this.lastStats = undefined;
  }

  async getMessage(modelId?: string): Promise<string> {
    this.loaded(modelId);
    return this.lastMessage;
  }

  async runtimeStatsText(modelId?: string): Promise<string> {
    this.loaded(modelId);
    const s = this.lastStats ?? { prefill: 0, decode: 0 };
    return `prefill: ${s.prefill.toFixed(4)} tokens/sec, decoding: ${s.decode.toFixed(4)} tokens/sec`;
  }

  async getMaxStorageBufferBindingSize(): Promise<number> {
    return FAKE_GPU.maxStorageBufferBindingSize;
  }

  async getGPUVendor(): Promise<string> {
    return FAKE_GPU.vendor;
  }

  async forwardTokensAndSample(inputIds: number[], isPrefill: boolean, modelId?: string): Promise<number> {
    void inputIds;
    void isPrefill;
    void modelId;
    throw unsupported('forwardTokensAndSample');
  }

  chatCompletion(request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion>;
  chatCompletion(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
  chatCompletion(request: ChatCompletionRequestBase): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion>;
  chatCompletion(request: ChatCompletionRequest): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion>;
  async chatCompletion(request: ChatCompletionRequest): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion> {
    const [model, script] = this.loaded(request.model ?? undefined);
    this.requests.push(request);
    if (request.stream) return this.stream(request, model, script);
    // Non-streaming: run the same generation and return it whole.
    let content = '';
    let final: Generation | undefined;
    for await (const g of this.generate(request, model, script)) {
      if (typeof g === 'string') content += g;
      else final = g;
    }
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        { index: 0, message: { role: 'assistant', content }, finish_reason: final!.finish, logprobs: null },
      ],
      ...(final?.usage ? { usage: final.usage } : {}),
    };
  }

  completion(request: CompletionCreateParamsNonStreaming): Promise<Completion>;
  completion(request: CompletionCreateParamsStreaming): Promise<AsyncIterable<Completion>>;
  completion(request: CompletionCreateParamsBase): Promise<AsyncIterable<Completion> | Completion>;
  completion(request: CompletionCreateParams): Promise<AsyncIterable<Completion> | Completion>;
  async completion(request: CompletionCreateParams): Promise<AsyncIterable<Completion> | Completion> {
    void request;
    throw unsupported('completion');
  }

  async embedding(request: EmbeddingCreateParams): Promise<CreateEmbeddingResponse> {
    void request;
    throw unsupported('embedding');
  }

  async listResumableSessions(): Promise<ResumeProbeResult[]> {
    return []; // nothing is ever checkpointed
  }

  async resumeChatCompletion(
    sessionId: string,
    options?: ResumeChatCompletionOptions,
  ): Promise<ResumeResult | AsyncIterable<ChatCompletionChunk>> {
    void sessionId;
    void options;
    throw unsupported('resumeChatCompletion');
  }

  async deleteResumableSession(sessionId: string): Promise<void> {
    void sessionId;
    throw unsupported('deleteResumableSession');
  }

  private loaded(modelId: string | undefined): [string, FakeScript] {
    if (!this.modelId || !this.script) throw notLoaded();
    if (modelId && modelId !== this.modelId) {
      throw namedError('SpecifiedModelNotFoundError', `Specified model ${modelId} is not found in loaded models.`);
    }
    return [this.modelId, this.script];
  }

  /** The streaming generator, shaped like web-llm's chunks. */
  private async *stream(
    request: ChatCompletionRequest,
    model: string,
    script: FakeScript,
  ): AsyncGenerator<ChatCompletionChunk> {
    const id = 'chatcmpl-fake';
    const created = Math.floor(Date.now() / 1000);
    const base = { id, object: 'chat.completion.chunk' as const, created, model };
    for await (const g of this.generate(request, model, script)) {
      if (typeof g === 'string') {
        yield { ...base, choices: [{ index: 0, delta: { content: g, role: 'assistant' }, finish_reason: null, logprobs: null }] };
        continue;
      }
      yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: g.finish }] };
      if (g.usage) yield { ...base, choices: [], usage: g.usage };
    }
  }

  /**
   * Yields token texts, then one Generation summary. Lazy like web-llm: the
   * lock is taken and the interrupt flag reset on the first pull.
   */
  private async *generate(
    request: ChatCompletionRequest,
    model: string,
    script: FakeScript,
  ): AsyncGenerator<string | Generation> {
    const release = await this.lock.acquire();
    const t0 = now();
    let first = -1;
    let last = t0;
    let emitted = 0;
    let content = '';
    let finish: ChatCompletionFinishReason = 'stop';
    let ended = false;
    try {
      this.interruptSignal = false;
      const tokens = fakeTokenStream(script, {
        thinking: request.extra_body?.enable_thinking ?? undefined,
        interrupted: () => this.interruptSignal || this.modelId !== model,
        maxTokens: request.max_tokens ?? undefined,
      });
      for (;;) {
        const r = await tokens.next();
        if (r.done) {
          if (r.value.interrupted) finish = 'abort';
          else if (r.value.length) finish = 'length';
          break;
        }
        emitted++;
        last = now();
        if (first < 0) first = last;
        content += r.value.text;
        this.lastMessage = content;
        yield r.value.text;
      }
      const prompt = script.promptTokens ?? promptTokens(request);
      const decodeS = (last - first) / 1000;
      const ttftS = ((first < 0 ? last : first) - t0) / 1000;
      const decode = emitted > 1 && decodeS > 0 ? (emitted - 1) / decodeS : 0;
      const prefill = ttftS > 0 ? prompt / ttftS : 0;
      this.lastStats = { prefill, decode };
      this.finished.push({ emitted, finish });
      ended = true;
      yield {
        content,
        emitted,
        finish,
        usage: request.stream && !request.stream_options?.include_usage
          ? undefined
          : {
              prompt_tokens: prompt,
              completion_tokens: emitted,
              total_tokens: prompt + emitted,
              extra: {
                e2e_latency_s: (now() - t0) / 1000,
                prefill_tokens_per_s: prefill,
                decode_tokens_per_s: decode,
                time_to_first_token_s: ttftS,
                time_per_output_token_s: emitted > 1 ? decodeS / (emitted - 1) : 0,
              },
            },
      };
    } finally {
      // Closed by its consumer (return()) before the end: web-llm stops there too.
      if (!ended) this.finished.push({ emitted, finish: 'abort' });
      release();
    }
  }
}

function promptTokens(request: ChatCompletionRequest): number {
  let n = 0;
  for (const m of request.messages) {
    if (typeof m.content === 'string') n += splitTokens(m.content).length;
  }
  return n;
}

/**
 * Puts a FakeMLCEngine into web-llm's WebWorkerMLCEngineHandler in place of
 * the MLCEngine its constructor made, wired to report load progress through
 * the handler the way the constructor wires the real one.
 */
export function installFakeEngine(handler: {
  engine: unknown;
  postMessage(msg: unknown): void;
}): FakeMLCEngine {
  const fake = new FakeMLCEngine();
  fake.setInitProgressCallback((report) => handler.postMessage({ kind: 'initProgressCallback', uuid: '', content: report }));
  handler.engine = fake;
  return fake;
}
