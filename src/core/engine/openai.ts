// ChatEngine over an OpenAI-compatible HTTP server (vLLM, SGLang, Ollama,
// llama.cpp server…): POST {base}/v1/chat/completions with stream: true,
// read the SSE stream. This is how large medical models that cannot run in a
// browser (Baichuan-M2-32B, Baichuan-M3-235B, Shanzhi-M1) are used.
// Pure core: only fetch, TextDecoder and ReadableStream.
import * as v from 'valibot';
import {
  AbortedError,
  ClaimLensError,
  EngineNotLoadedError,
  ModelNotFoundError,
  RemoteServerError,
  StreamInterruptedError,
} from '../errors.ts';
import { checkWith } from '../validate.ts';
import { readSSE } from './sse.ts';
import type {
  ChatChunk,
  ChatEngine,
  ChatMessage,
  ChatOptions,
  FinishReason,
  ProgressCallback,
} from './types.ts';

export interface OpenAICompatibleConfig {
  /** Server address: "http://127.0.0.1:8000" or ".../v1" both work. */
  baseUrl: string;
  apiKey?: string;
  /** Model name as the server knows it (GET /v1/models). Can also be given to load(). */
  model?: string;
  /**
   * chat_template_kwargs that switch thinking on or off. The default sends
   * both spellings in use: Qwen3/Shanzhi (`enable_thinking`) and Baichuan-M2
   * (`thinking_mode: 'on' | 'off'`); templates ignore the one they do not use.
   */
  thinkingKwargs?: (on: boolean) => Record<string, unknown>;
  /** Extra headers (e.g. a proxy's auth). */
  headers?: Record<string, string>;
  /** fetch to use (tests, or a fetch bound to a service worker). */
  fetch?: typeof fetch;
}

const defaultThinkingKwargs = (on: boolean): Record<string, unknown> => ({
  enable_thinking: on,
  thinking_mode: on ? 'on' : 'off',
});

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** "http://h:8000/v1/" → "http://h:8000". */
export function normalizeBaseUrl(url: string): string {
  let u = url.trim().replace(/\/+$/, '');
  if (/\/v1$/.test(u)) u = u.slice(0, -3);
  return u;
}

function snippet(text: string, max = 160): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max) + '…' : t;
}

/** What a non-stream body looks like, for error messages. */
function describeBody(body: string, contentType: string): string {
  const t = body.trimStart();
  if (/html/i.test(contentType) || /^<(!doctype|html|head|body)/i.test(t)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(t)?.[1]?.trim();
    return `an HTML page${title ? ` ("${snippet(title, 80)}")` : ''}`;
  }
  if (/json/i.test(contentType) || t.startsWith('{') || t.startsWith('[')) return `JSON (${snippet(t)})`;
  if (!t) return 'an empty body';
  return `${contentType || 'text'} (${snippet(t)})`;
}

/** A JSON error body (OpenAI, vLLM, SGLang, Ollama shapes); any field may be absent. */
const ErrorBodySchema = v.object({
  error: v.optional(v.unknown()),
  message: v.optional(v.unknown()),
  detail: v.optional(v.unknown()),
});

const MessageSchema = v.object({ message: v.string() });

/** The text of an error value: a string, or an object's "message". */
function errorText(e: unknown): string | undefined {
  if (typeof e === 'string') return e;
  const m = checkWith(MessageSchema, e);
  return m.ok ? m.value.message : undefined;
}

/** The server's own error text from a JSON error body. */
function serverMessage(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined; // not JSON
  }
  const r = checkWith(ErrorBodySchema, json);
  if (!r.ok) return undefined;
  const { error, message, detail } = r.value;
  const text = errorText(error) ?? (typeof message === 'string' ? message : undefined) ?? (typeof detail === 'string' ? detail : undefined);
  if (text !== undefined) return text;
  if (Array.isArray(detail)) return snippet(JSON.stringify(detail));
  return undefined;
}

/** Text fields of a delta or message: servers send null, or leave them out. */
const TextSchema = v.nullish(v.string());
const DeltaSchema = v.nullish(v.object({ content: TextSchema, reasoning_content: TextSchema, reasoning: TextSchema }));
const CountSchema = v.nullish(v.number());

/** A chat.completion.chunk (or a whole chat.completion); fields ClaimLens does not read are let through unchecked. */
const CompletionChunkSchema = v.object({
  choices: v.nullish(v.array(v.object({ delta: DeltaSchema, message: DeltaSchema, finish_reason: v.nullish(v.string()) }))),
  usage: v.nullish(v.object({ prompt_tokens: CountSchema, completion_tokens: CountSchema })),
  error: v.optional(v.unknown()),
});
type CompletionChunk = v.InferOutput<typeof CompletionChunkSchema>;

/** GET /v1/models. */
const ModelListSchema = v.object({ data: v.array(v.object({ id: v.pipe(v.string(), v.minLength(1, 'empty')) })) });

/** A parsed chunk checked against its schema; one of another shape is a RemoteServerError naming the field. */
function completionChunk(json: unknown, baseUrl: string, what: string): CompletionChunk {
  const r = checkWith(CompletionChunkSchema, json);
  if (r.ok) return r.value;
  throw new RemoteServerError(`The model server at ${baseUrl} sent ${what} that is not in the OpenAI format (${r.message}).`);
}

function finishReason(r: string | null | undefined): FinishReason {
  if (r === 'stop' || r === 'length' || r === 'abort') return r;
  if (r === 'eos' || r === 'stop_sequence' || r === 'tool_calls') return 'stop';
  return 'unknown';
}

export class OpenAICompatibleEngine implements ChatEngine {
  model: string | undefined;
  readonly baseUrl: string;
  private readonly config: OpenAICompatibleConfig;
  private controller: AbortController | undefined;
  private interrupted = false;

  constructor(config: OpenAICompatibleConfig) {
    this.config = config;
    this.baseUrl = normalizeBaseUrl(config.baseUrl);
    this.model = config.model;
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: json ? 'application/json' : 'text/event-stream', ...this.config.headers };
    if (json) h['Content-Type'] = 'application/json';
    if (this.config.apiKey) h.Authorization = `Bearer ${this.config.apiKey}`;
    return h;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const f = this.config.fetch ?? fetch;
    const url = this.baseUrl + path;
    try {
      return await f(url, init);
    } catch (e) {
      if (init.signal?.aborted) throw new AbortedError('Cancelled.');
      const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      throw new RemoteServerError(
        `The model server is not reachable at ${this.baseUrl} (${cause}). Check that it is running, and the address and port.`,
      );
    }
  }

  private async httpError(res: Response, what: string): Promise<Error> {
    const body = await res.text().catch(() => '');
    const msg = serverMessage(body) ?? describeBody(body, res.headers.get('content-type') ?? '');
    if (res.status === 401 || res.status === 403) {
      return new RemoteServerError(`The model server at ${this.baseUrl} refused the request (HTTP ${res.status}: ${msg}). Check the API key.`, res.status);
    }
    if (res.status === 404 && /model/i.test(msg)) {
      return new ModelNotFoundError(`The model server at ${this.baseUrl} does not serve this model (${msg}). Pick one of the models it lists.`);
    }
    return new RemoteServerError(`The model server at ${this.baseUrl} answered HTTP ${res.status} to ${what}: ${msg}`, res.status);
  }

  /** Model names the server serves (GET /v1/models). */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const res = await this.request('/v1/models', { headers: this.headers(true), signal });
    if (!res.ok) throw await this.httpError(res, 'the model list request');
    const body = await res.text();
    let j: unknown;
    try {
      j = JSON.parse(body);
    } catch {
      throw new RemoteServerError(
        `The server at ${this.baseUrl} answered the model list with ${describeBody(body, res.headers.get('content-type') ?? '')}, not JSON. Is this the model server's address?`,
      );
    }
    const list = checkWith(ModelListSchema, j);
    if (!list.ok) throw new RemoteServerError(`The server at ${this.baseUrl} answered the model list with JSON of another shape (${list.message}).`);
    return list.value.data.map((m) => m.id);
  }

  /**
   * "Loading" a remote model checks that the server answers and serves it.
   * Servers without /v1/models (404) are accepted as they are.
   */
  async load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void> {
    const t0 = now();
    onProgress?.({ progress: 0, text: `Connecting to ${this.baseUrl}…`, elapsedSeconds: 0 });
    let models: string[] | undefined;
    try {
      models = await this.listModels(signal);
    } catch (e) {
      if (!(e instanceof RemoteServerError && e.status === 404)) throw e;
    }
    if (models && models.length > 0 && !models.includes(model)) {
      throw new ModelNotFoundError(
        `The model server at ${this.baseUrl} does not serve "${model}". It serves: ${models.slice(0, 10).join(', ')}.`,
      );
    }
    this.model = model;
    onProgress?.({ progress: 1, text: `Connected to ${this.baseUrl} (${model}).`, elapsedSeconds: (now() - t0) / 1000 });
  }

  async *chat(messages: ChatMessage[], options: ChatOptions = {}): AsyncGenerator<ChatChunk> {
    const model = this.model;
    if (!model) throw new EngineNotLoadedError('No model chosen for the model server. Pick one of its models first.');
    const stream = options.stream !== false;
    const body: Record<string, unknown> = { model, messages, stream };
    if (stream) body.stream_options = { include_usage: true };
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.max_tokens !== undefined) body.max_tokens = options.max_tokens;
    if (options.response_format) {
      const schema = options.response_format.schema;
      body.response_format = schema
        ? { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } }
        : { type: 'json_object' };
    }
    if (options.thinking !== undefined) {
      body.chat_template_kwargs = (this.config.thinkingKwargs ?? defaultThinkingKwargs)(options.thinking);
    }

    const controller = new AbortController();
    this.controller = controller;
    this.interrupted = false;
    const outer = options.signal;
    const onAbort = () => controller.abort();
    if (outer?.aborted) throw new AbortedError('Cancelled.');
    outer?.addEventListener('abort', onAbort, { once: true });

    const t0 = now();
    let first = -1;
    let last = t0;
    let deltas = 0;
    let content = '';
    let reasoning = '';
    let finish: FinishReason | undefined;
    let usage: CompletionChunk['usage'];
    let sawDone = false;
    try {
      const res = await this.request('/v1/chat/completions', {
        method: 'POST',
        headers: this.headers(!stream),
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!res.ok) throw await this.httpError(res, 'the chat request');
      const type = res.headers.get('content-type') ?? '';
      if (!res.body) throw new RemoteServerError(`The model server at ${this.baseUrl} answered with an empty body.`);

      const handle = function* (chunk: CompletionChunk): Generator<ChatChunk> {
        if (chunk.error !== undefined && chunk.error !== null) {
          throw new RemoteServerError(`The model server reported an error: ${errorText(chunk.error) ?? snippet(JSON.stringify(chunk.error))}`);
        }
        const choice = chunk.choices?.[0];
        const d = choice?.delta ?? choice?.message;
        const r = d?.reasoning_content ?? d?.reasoning;
        if (r) {
          deltas++;
          last = now();
          if (first < 0) first = last;
          reasoning += r;
          yield { kind: 'delta', delta: r, channel: 'reasoning' };
        }
        if (d?.content) {
          deltas++;
          last = now();
          if (first < 0) first = last;
          content += d.content;
          yield { kind: 'delta', delta: d.content, channel: 'content' };
        }
        if (choice?.finish_reason) finish = finishReason(choice.finish_reason);
        if (chunk.usage) usage = chunk.usage;
      };

      if (!stream || !/event-stream/i.test(type)) {
        // Not SSE. A complete chat.completion JSON is fine (a server that
        // ignored stream: true); anything else is named in the error.
        const text = await res.text();
        let parsed: CompletionChunk | undefined;
        if (/json/i.test(type) || text.trimStart().startsWith('{')) {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          if (json !== undefined) parsed = completionChunk(json, this.baseUrl, 'a chat completion');
        }
        if (!parsed || !Array.isArray(parsed.choices) || !parsed.choices[0]?.message) {
          if (parsed?.error !== undefined) yield* handle(parsed);
          throw new RemoteServerError(
            `The server at ${this.baseUrl} answered with ${describeBody(text, type)}, not a chat completion stream. Is this an OpenAI-compatible model server (it should answer at /v1/chat/completions)?`,
          );
        }
        yield* handle(parsed);
        sawDone = true;
      } else {
        let events = 0;
        for await (const ev of readSSE(res.body)) {
          if (ev.data === '[DONE]') {
            sawDone = true;
            break;
          }
          if (ev.event === 'error') throw new RemoteServerError(`The model server reported an error: ${snippet(ev.data)}`);
          let json: unknown;
          try {
            json = JSON.parse(ev.data);
          } catch {
            if (events === 0) {
              throw new RemoteServerError(`The model server at ${this.baseUrl} sent events that are not JSON (${snippet(ev.data)}).`);
            }
            continue; // one malformed event mid-stream: skip it
          }
          events++;
          yield* handle(completionChunk(json, this.baseUrl, 'a stream chunk'));
        }
        if (events === 0 && !sawDone) {
          throw new RemoteServerError(`The model server at ${this.baseUrl} closed the stream without sending anything.`);
        }
      }
      if (!sawDone && finish === undefined && !this.interrupted) {
        throw new StreamInterruptedError(
          `The model server at ${this.baseUrl} closed the connection before the answer was complete. The text received so far is kept.`,
          content,
          reasoning,
        );
      }
    } catch (e) {
      if (this.interrupted && !outer?.aborted) {
        finish = 'abort'; // interrupt(): end like web-llm does, with what arrived
      } else if (outer?.aborted) {
        throw new AbortedError('Cancelled.');
      } else if (e instanceof StreamInterruptedError) {
        throw e;
      } else if (content || reasoning) {
        const why = e instanceof Error ? e.message : String(e);
        throw new StreamInterruptedError(
          `The connection to the model server at ${this.baseUrl} broke off before the answer was complete (${why}). The text received so far is kept.`,
          content,
          reasoning,
        );
      } else if (e instanceof ClaimLensError) {
        throw e;
      } else {
        const why = e instanceof Error ? e.message : String(e);
        throw new RemoteServerError(`The connection to the model server at ${this.baseUrl} failed (${why}).`);
      }
    } finally {
      outer?.removeEventListener('abort', onAbort);
      if (this.controller === controller) this.controller = undefined;
      controller.abort(); // closes the body if the consumer stopped early
    }
    const decodeMs = last - first;
    const completion = usage?.completion_tokens ?? deltas;
    yield {
      kind: 'usage',
      usage: {
        prompt_tokens: usage?.prompt_tokens ?? 0,
        completion_tokens: completion,
        decode_tokens_per_s: completion > 1 && decodeMs > 0 ? ((completion - 1) * 1000) / decodeMs : undefined,
        time_to_first_token_ms: (first < 0 ? last : first) - t0,
        total_ms: now() - t0,
        finish_reason: finish ?? (this.interrupted ? 'abort' : 'stop'),
      },
    };
  }

  /** Stops the current generation: the connection is closed, the stream ends with finish_reason 'abort'. */
  interrupt(): void {
    if (!this.controller) return;
    this.interrupted = true;
    this.controller.abort();
  }

  async unload(): Promise<void> {
    this.interrupt();
    this.model = undefined;
  }
}
