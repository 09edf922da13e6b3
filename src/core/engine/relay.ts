// A ChatEngine relayed over messages: the checker worker runs the check (its
// retrieval, verdict cache and history stay where they are) while the model
// judge's chat requests go to the thread that holds the engine (the UI: the
// web-llm worker client, or the model-server client). Worker side:
// `ChatRelay.engine(model)`, fed with `receive()`; engine side:
// `serveRelayedChat()`. Messages are plain data (structured clone); errors
// cross by name like every other error of the checker protocol.
import { AbortedError, EngineNotLoadedError, type ErrorPayload, fromErrorPayload, toErrorPayload } from '../errors.ts';
import type { ChatChunk, ChatEngine, ChatMessage, ChatOptions, ProgressCallback } from './types.ts';

export type RelayChatOptions = Omit<ChatOptions, 'signal'>;

/** Worker → engine: one chat request. */
export interface RelayChatRequest {
  chat: number;
  /** The model the judge was set up with; the engine must still hold it. */
  model: string;
  messages: ChatMessage[];
  options: RelayChatOptions;
}

/** Engine → worker: the stream of one chat. */
export type RelayReply = { kind: 'chunk'; chunk: ChatChunk } | { kind: 'end' } | { kind: 'error'; error: ErrorPayload };

export interface RelayTransport {
  request(r: RelayChatRequest): void;
  cancel(chat: number): void;
}

/** The worker's end: hands out engines whose chats travel over `transport`. */
export class ChatRelay {
  private next = 1;
  private readonly open = new Map<number, (r: RelayReply) => void>();

  constructor(private readonly transport: RelayTransport) {}

  /** A reply from the engine's side. */
  receive(chat: number, reply: RelayReply): void {
    this.open.get(chat)?.(reply);
  }

  /** Chats in flight (tests). */
  get pending(): number {
    return this.open.size;
  }

  /** A ChatEngine for the model loaded on the other side (load and unload belong to that side). */
  engine(model: string): ChatEngine {
    return {
      model,
      load: async (_m: string, _p?: ProgressCallback) => {
        throw new EngineNotLoadedError('A relayed engine cannot load models; load them where the engine runs.');
      },
      unload: async () => undefined,
      interrupt: () => undefined,
      chat: (messages: ChatMessage[], options: ChatOptions = {}) => this.chat(model, messages, options),
    };
  }

  private async *chat(model: string, messages: ChatMessage[], options: ChatOptions): AsyncGenerator<ChatChunk> {
    const { signal, ...rest } = options;
    if (signal?.aborted) throw new AbortedError('Cancelled.');
    const chat = this.next++;
    const queue: RelayReply[] = [];
    let wake: (() => void) | null = null;
    this.open.set(chat, (r) => {
      queue.push(r);
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort, { once: true });
    let ended = false;
    this.transport.request({ chat, model, messages, options: rest });
    try {
      for (;;) {
        if (signal?.aborted) throw new AbortedError('Cancelled.');
        const r = queue.shift();
        if (!r) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        if (r.kind === 'chunk') yield r.chunk;
        else if (r.kind === 'end') {
          ended = true;
          return;
        } else {
          ended = true;
          throw fromErrorPayload(r.error);
        }
      }
    } finally {
      this.open.delete(chat);
      signal?.removeEventListener('abort', onAbort);
      if (!ended) this.transport.cancel(chat); // aborted, or the consumer stopped early
    }
  }
}

/**
 * The engine's end: runs one relayed chat on `engine` and sends its stream
 * back. Returns a cancel function (for the worker's cancel message).
 */
export function serveRelayedChat(engine: ChatEngine | null | undefined, req: RelayChatRequest, reply: (r: RelayReply) => void): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      if (!engine || engine.model !== req.model) {
        throw new EngineNotLoadedError(`The model judge ${req.model} is no longer loaded. Load it again, or choose another verifier.`);
      }
      for await (const chunk of engine.chat(req.messages, { ...req.options, signal: controller.signal })) reply({ kind: 'chunk', chunk });
      reply({ kind: 'end' });
    } catch (e) {
      if (!controller.signal.aborted) reply({ kind: 'error', error: toErrorPayload(e) });
    }
  })();
  return () => controller.abort();
}
