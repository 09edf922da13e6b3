// UI side of the LLM worker: a ChatEngine that forwards to the worker over
// the protocol in workers/llm.protocol.ts. The worker is started lazily on
// the first load(), so nothing heavy runs until the user picks a model.
import type { AppConfig } from '@mlc-ai/web-llm';
import { AbortedError, fromErrorPayload } from '../core/errors.ts';
import { DeviceLostError, EngineError, EngineNotLoadedError, OutOfMemoryError } from '../core/engine/errors.ts';
import type {
  ChatChunk,
  ChatEngine,
  ChatMessage,
  ChatOptions,
  ProgressCallback,
} from '../core/engine/types.ts';
import type { ClientPort, LLMRequest, LLMResponse, WireChatOptions } from '../../workers/llm.protocol.ts';

export interface WorkerChatEngineOptions {
  /** Model records the worker should know (catalog + custom models), read at each load. */
  appConfig?: () => AppConfig | undefined;
  /** Whether a model honours `thinking` (enable_thinking); read at each load. */
  thinkingToggle?: (model: string) => boolean;
}

const END = Symbol('end');

/** A single-consumer queue of chunks fed by worker messages. */
class ChunkQueue {
  private items: Array<ChatChunk | typeof END> = [];
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  push(item: ChatChunk | typeof END): void {
    this.items.push(item);
    this.wake?.();
  }

  fail(err: Error): void {
    if (!this.error) this.error = err;
    this.wake?.();
  }

  async next(): Promise<ChatChunk | typeof END> {
    for (;;) {
      if (this.error) throw this.error;
      const item = this.items.shift();
      if (item !== undefined) return item;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

type Pending =
  | { kind: 'call'; resolve: () => void; reject: (e: Error) => void; onProgress?: ProgressCallback }
  | { kind: 'stream'; queue: ChunkQueue };

const now = (): number => performance.now();

export class WorkerChatEngine implements ChatEngine {
  model: string | undefined;
  private port: ClientPort | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private currentChat: number | undefined;

  constructor(
    private readonly createPort: () => ClientPort,
    private readonly options: WorkerChatEngineOptions = {},
  ) {}

  private ensurePort(): ClientPort {
    if (this.port) return this.port;
    const port = this.createPort();
    port.onMessage((msg) => this.receive(msg));
    port.onFatal?.((message) => {
      const err = new EngineError(`The model worker stopped: ${message}`);
      for (const p of this.pending.values()) {
        if (p.kind === 'call') p.reject(err);
        else p.queue.fail(err);
      }
      this.pending.clear();
      this.model = undefined;
      port.terminate?.();
      if (this.port === port) this.port = undefined;
    });
    this.port = port;
    return port;
  }

  private send(msg: LLMRequest): void {
    this.ensurePort().post(msg);
  }

  private receive(msg: LLMResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled on this side already
    switch (msg.type) {
      case 'progress':
        if (p.kind === 'call') p.onProgress?.(msg.progress);
        return;
      case 'chunk':
        if (p.kind === 'stream') p.queue.push(msg.chunk);
        return;
      case 'done':
        this.pending.delete(msg.id);
        if (p.kind === 'call') p.resolve();
        else p.queue.push(END);
        return;
      case 'error': {
        this.pending.delete(msg.id);
        const err = fromErrorPayload(msg.error);
        if (p.kind === 'call') p.reject(err);
        else p.queue.fail(err);
      }
    }
  }

  load(model: string, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError('Cancelled.'));
    const id = this.nextId++;
    this.model = undefined;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.send({ type: 'cancel', id: this.nextId++, target: id });
        reject(new AbortedError('Cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        kind: 'call',
        onProgress,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          this.model = model;
          resolve();
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      this.send({
        type: 'load',
        id,
        model,
        appConfig: this.options.appConfig?.(),
        thinkingToggle: this.options.thinkingToggle?.(model),
      });
    });
  }

  async *chat(messages: ChatMessage[], options: ChatOptions = {}): AsyncGenerator<ChatChunk> {
    if (!this.model) throw new EngineNotLoadedError();
    const { signal, ...rest } = options;
    if (signal?.aborted) throw new AbortedError('Cancelled.');
    const wire: WireChatOptions = rest;
    const id = this.nextId++;
    const queue = new ChunkQueue();
    this.pending.set(id, { kind: 'stream', queue });
    this.currentChat = id;
    const t0 = now();
    let first = -1;
    const stop = () => {
      if (this.pending.delete(id)) this.send({ type: 'cancel', id: this.nextId++, target: id });
    };
    const onAbort = () => {
      stop();
      queue.fail(new AbortedError('Cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.send({ type: 'chat', id, messages, options: wire });
    try {
      for (;;) {
        let item: ChatChunk | typeof END;
        try {
          item = await queue.next();
        } catch (e) {
          // A lost device or exhausted memory leaves no usable model behind.
          if (e instanceof DeviceLostError || e instanceof OutOfMemoryError) this.model = undefined;
          throw e;
        }
        if (item === END) return;
        if (item.kind === 'delta') {
          if (first < 0) first = now();
          yield item;
        } else {
          const t = now();
          yield {
            kind: 'usage',
            usage: {
              ...item.usage,
              engine_time_to_first_token_ms: item.usage.time_to_first_token_ms,
              time_to_first_token_ms: (first < 0 ? t : first) - t0,
              total_ms: t - t0,
            },
          };
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.currentChat === id) this.currentChat = undefined;
      stop(); // consumer left early: stop generating in the worker
    }
  }

  interrupt(): void {
    if (this.currentChat !== undefined && this.pending.has(this.currentChat)) {
      this.send({ type: 'cancel', id: this.nextId++, target: this.currentChat });
    }
  }

  unload(): Promise<void> {
    this.model = undefined;
    if (!this.port) return Promise.resolve();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { kind: 'call', resolve, reject });
      this.send({ type: 'unload', id });
    });
  }

  /** Stop the worker (frees GPU memory at once); a later load() starts a new one. */
  dispose(): void {
    const err = new AbortedError('Cancelled.');
    for (const p of this.pending.values()) {
      if (p.kind === 'call') p.reject(err);
      else p.queue.fail(err);
    }
    this.pending.clear();
    this.port?.terminate?.();
    this.port = undefined;
    this.model = undefined;
  }
}

/** Transport over a browser Worker. */
export function workerPort(worker: Worker): ClientPort {
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (handler) => worker.addEventListener('message', (e: MessageEvent) => handler(e.data as LLMResponse)),
    onFatal: (handler) => {
      worker.addEventListener('error', (e: ErrorEvent) => handler(e.message || 'worker script error'));
      worker.addEventListener('messageerror', () => handler('a message could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}
