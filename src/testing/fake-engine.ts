// TEST-ONLY. Scripted engines that stand in for a real model in unit tests,
// end-to-end tests and benchmarks. Never imported by the app.
//
// - FakeEngine implements ChatEngine directly (in-process tests, the
//   "direct" side of the overhead benchmark).
// - FakeMLCEngine (fake-mlc.ts) stands in for web-llm's MLCEngine behind
//   web-llm's own worker handler (workers/fake-llm.worker.ts).
//
// Both draw tokens from fakeTokenStream(), so the benchmark compares like
// with like.
import { AbortedError } from '../core/errors.ts';
import type {
  ChatChunk,
  ChatEngine,
  ChatMessage,
  ChatOptions,
  FinishReason,
  ProgressCallback,
} from '../core/engine/types.ts';
import { mapWebLLMError } from '../core/engine/webllm-errors.ts';

export interface FakeScript {
  /** Answer text; split into word-like tokens (" word", "\n"). */
  text?: string;
  /** Explicit tokens (instead of `text`). */
  tokens?: string[];
  /** Repeat `text`/`tokens` until this many answer tokens were emitted. */
  answerTokens?: number;
  /** Reasoning, emitted before the answer as `<think>\n…\n</think>\n\n` unless thinking is false. */
  reasoning?: string;
  /** Send reasoning on the reasoning channel (server-style) instead of inside tags. */
  reasoningChannel?: boolean;
  /** Emission rate; 0 or absent = as fast as possible. */
  tokensPerSecond?: number;
  /**
   * 'schedule': token i is due at start + i/rate (a producer that never waits
   * for its consumer). 'step': each token takes 1/rate after it is asked for
   * (web-llm decodes one step per request).
   */
  pacing?: 'schedule' | 'step';
  /** Delay before the first token (prefill). */
  prefillMs?: number;
  /** Throw this web-llm error (by class name) before emitting token N (0-based). */
  failAt?: { token: number; error: string; message?: string };
  promptTokens?: number;
  /** Load: total time, number of progress reports, and an error (web-llm class name) to throw. */
  loadMs?: number;
  loadSteps?: number;
  loadError?: { error: string; message?: string; afterStep?: number };
}

/** Model ids `fake:{json}` carry their script, so tests choose a scenario with load(). */
export function parseFakeModel(model: string): FakeScript {
  if (!model.startsWith('fake:')) return { text: 'This is a scripted answer from the fake engine.' };
  const json = model.slice('fake:'.length);
  if (!json) return {};
  return JSON.parse(json) as FakeScript;
}

export function fakeModelId(script: FakeScript): string {
  return 'fake:' + JSON.stringify(script);
}

/** Word-like tokens with their leading white space, as BPE tokenizers cut them. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*[^\s<]+|\s*<[^>\s]*>?|\s+/g) ?? [];
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

// A macrotask yield that is not clamped like nested setTimeout in browsers.
let channel: MessageChannel | undefined;
const waiting: Array<() => void> = [];
function yieldMacrotask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((r) => {
    waiting.push(r);
    channel!.port2.postMessage(0);
  });
}

/** Sleep until `until` (ms, performance clock) with sub-millisecond accuracy. */
async function sleepUntil(until: number): Promise<void> {
  let left = until - now();
  if (left > 6) await new Promise((r) => setTimeout(r, left - 4));
  while ((left = until - now()) > 0) await yieldMacrotask();
}

export interface FakeToken {
  text: string;
  channel: 'content' | 'reasoning';
}

/** An Error whose name is a web-llm class name, as web-llm throws them. */
export function namedError(error: string, message?: string): Error {
  const e = new Error(message ?? defaultMessages[error] ?? error);
  e.name = error;
  return e;
}

// What web-llm's own classes say (so the mapper sees realistic text).
const defaultMessages: Record<string, string> = {
  DeviceLostError:
    'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).',
  ShaderF16SupportError: 'This model requires WebGPU extension shader-f16, which is not enabled in this browser.',
  WebGPUNotAvailableError: 'WebGPU is not supported in your current environment.',
  ModelNotFoundError: 'Cannot find model record in appConfig for fake-model.',
  TypeError: 'Failed to fetch',
};

/** The token sequence of a script: optional think block, then the answer. */
export function scriptTokens(script: FakeScript, thinking: boolean | undefined): FakeToken[] {
  const out: FakeToken[] = [];
  if (thinking === false && !script.reasoningChannel) {
    // What web-llm streams for Qwen3 with enable_thinking: false.
    out.push({ text: '<think>\n\n</think>\n\n', channel: 'content' });
  } else if (script.reasoning && thinking !== false) {
    if (script.reasoningChannel) {
      for (const t of splitTokens(script.reasoning)) out.push({ text: t, channel: 'reasoning' });
    } else {
      out.push({ text: '<think>', channel: 'content' });
      out.push({ text: '\n', channel: 'content' });
      for (const t of splitTokens(script.reasoning)) out.push({ text: t, channel: 'content' });
      out.push({ text: '\n', channel: 'content' });
      out.push({ text: '</think>', channel: 'content' });
      out.push({ text: '\n\n', channel: 'content' });
    }
  }
  const base = script.tokens ?? splitTokens(script.text ?? '');
  const want = script.answerTokens ?? base.length;
  for (let i = 0; base.length > 0 && i < want; i++) out.push({ text: base[i % base.length], channel: 'content' });
  return out;
}

/**
 * Emits a script's tokens at its rate. Stops early (returns) when
 * `interrupted()` turns true; throws the scripted error at its token.
 */
export async function* fakeTokenStream(
  script: FakeScript,
  opts: { thinking?: boolean; interrupted: () => boolean; maxTokens?: number },
): AsyncGenerator<FakeToken, { emitted: number; interrupted: boolean; length: boolean }> {
  const all = scriptTokens(script, opts.thinking);
  const length = opts.maxTokens !== undefined && opts.maxTokens < all.length;
  const tokens = length ? all.slice(0, opts.maxTokens) : all;
  const rate = script.tokensPerSecond ?? 0;
  const interval = rate > 0 ? 1000 / rate : 0;
  const start = now() + (script.prefillMs ?? 0);
  if (script.prefillMs) await sleepUntil(start);
  let emitted = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (opts.interrupted()) return { emitted, interrupted: true, length: false };
    if (script.failAt && script.failAt.token === i) throw namedError(script.failAt.error, script.failAt.message);
    if (interval > 0) {
      if (script.pacing === 'step') await sleepUntil(now() + interval);
      else await sleepUntil(start + i * interval);
    } else if (i % 256 === 255) {
      await yieldMacrotask(); // let interrupts in
    }
    if (opts.interrupted()) return { emitted, interrupted: true, length: false };
    emitted++;
    yield tokens[i];
  }
  return { emitted, interrupted: false, length };
}

/** A scripted download: progress reports, then the script's load error if any. */
export async function fakeLoad(
  script: FakeScript,
  report: ((p: { progress: number; text: string; timeElapsed: number }) => void) | undefined,
  aborted: () => boolean,
): Promise<void> {
  const steps = Math.max(1, script.loadSteps ?? 4);
  const stepMs = (script.loadMs ?? 0) / steps;
  const t0 = now();
  for (let i = 1; i <= steps; i++) {
    if (stepMs > 0) await sleepUntil(t0 + i * stepMs);
    else await yieldMacrotask();
    if (aborted()) throw new AbortedError('Cancelled.');
    if (script.loadError && (script.loadError.afterStep ?? 0) < i) {
      throw namedError(script.loadError.error, script.loadError.message);
    }
    report?.({
      progress: i / steps,
      timeElapsed: (now() - t0) / 1000,
      text: `Fetching param cache[${i}/${steps}]: ${i * 10}MB fetched. ${Math.floor((i * 100) / steps)}% completed`,
    });
  }
}

export type FakeResponder = (messages: ChatMessage[], options: ChatOptions) => FakeScript;

/** TEST-ONLY ChatEngine running a script (or a function of the request) in-process. */
export class FakeEngine implements ChatEngine {
  model: string | undefined;
  private script: FakeScript | FakeResponder | undefined;
  private interruptFlag = false;
  /** Requests seen, for assertions. */
  readonly requests: Array<{ messages: ChatMessage[]; options: ChatOptions }> = [];

  /** With no script, the model id (`fake:{json}`) chosen at load() is the script. */
  constructor(script?: FakeScript | FakeResponder) {
    this.script = script;
  }

  async load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void> {
    const script = typeof this.script === 'object' ? this.script : parseFakeModel(model);
    this.model = undefined;
    try {
      await fakeLoad(
        script,
        (r) => onProgress?.({ progress: r.progress, text: r.text, elapsedSeconds: r.timeElapsed }),
        () => signal?.aborted === true,
      );
    } catch (e) {
      throw mapWebLLMError(e);
    }
    if (this.script === undefined) this.script = script;
    this.model = model;
  }

  async *chat(messages: ChatMessage[], options: ChatOptions = {}): AsyncGenerator<ChatChunk> {
    if (!this.model) throw mapWebLLMError('ModelNotLoadedError: no model');
    this.requests.push({ messages, options: { ...options, signal: undefined } });
    const script =
      typeof this.script === 'function' ? this.script(messages, options) : (this.script ?? {});
    const t0 = now();
    let first = -1;
    let last = t0;
    this.interruptFlag = false;
    const signal = options.signal;
    const gen = fakeTokenStream(script, {
      thinking: options.thinking,
      interrupted: () => this.interruptFlag || signal?.aborted === true,
      maxTokens: options.max_tokens,
    });
    let emitted = 0;
    let finish: FinishReason = 'stop';
    let buffered = '';
    try {
      for (;;) {
        let r: IteratorResult<FakeToken, { emitted: number; interrupted: boolean; length: boolean }>;
        try {
          r = await gen.next();
        } catch (e) {
          throw mapWebLLMError(e);
        }
        if (r.done) {
          if (r.value.interrupted) finish = 'abort';
          else if (r.value.length) finish = 'length';
          break;
        }
        emitted++;
        last = now();
        if (first < 0) first = last;
        if (options.stream === false && r.value.channel === 'content') buffered += r.value.text;
        else yield { kind: 'delta', delta: r.value.text, channel: r.value.channel };
      }
      if (signal?.aborted) throw new AbortedError('Cancelled.');
      if (buffered) yield { kind: 'delta', delta: buffered, channel: 'content' };
      const decodeMs = last - first;
      yield {
        kind: 'usage',
        usage: {
          prompt_tokens: script.promptTokens ?? messages.reduce((n, m) => n + splitTokens(m.content).length, 0),
          completion_tokens: emitted,
          decode_tokens_per_s: emitted > 1 && decodeMs > 0 ? ((emitted - 1) * 1000) / decodeMs : undefined,
          time_to_first_token_ms: first < 0 ? last - t0 : first - t0,
          total_ms: now() - t0,
          finish_reason: finish,
        },
      };
    } finally {
      await gen.return({ emitted, interrupted: true, length: false });
    }
  }

  interrupt(): void {
    this.interruptFlag = true;
  }

  async unload(): Promise<void> {
    this.model = undefined;
  }
}
