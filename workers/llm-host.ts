// Worker side of the LLM protocol: runs requests against one ChatEngine, one
// at a time (a GPU model serves one generation at once), and answers cancels
// at once.
import { AbortedError, toErrorPayload } from '../src/core/errors.ts';
import type { ChatEngine } from '../src/core/engine/types.ts';
import type { MLCLoadOptions } from '../src/core/engine/mlc-adapter.ts';
import type { HostPort, LLMRequest, LLMResponse } from './llm.protocol.ts';

/** An engine that can also take per-load options and cancel a download. */
export interface HostedEngine extends ChatEngine {
  loadWith?(
    model: string,
    options: MLCLoadOptions,
    onProgress?: Parameters<ChatEngine['load']>[1],
    signal?: AbortSignal,
  ): Promise<void>;
  cancelLoad?(): void;
}

export function serveChatEngine(port: HostPort, engine: HostedEngine): void {
  let chain: Promise<void> = Promise.resolve();
  let running: { id: number; type: LLMRequest['type']; abort: AbortController } | undefined;
  const cancelled = new Set<number>();

  const post = (msg: LLMResponse) => port.post(msg);
  const fail = (id: number, err: unknown) => post({ type: 'error', id, error: toErrorPayload(err) });

  async function run(req: Exclude<LLMRequest, { type: 'cancel' }>): Promise<void> {
    if (cancelled.delete(req.id)) {
      fail(req.id, new AbortedError('Cancelled.'));
      return;
    }
    const abort = new AbortController();
    running = { id: req.id, type: req.type, abort };
    try {
      switch (req.type) {
        case 'load': {
          const onProgress = (progress: Parameters<NonNullable<Parameters<ChatEngine['load']>[1]>>[0]) =>
            post({ type: 'progress', id: req.id, progress });
          if (engine.loadWith) {
            await engine.loadWith(
              req.model,
              { appConfig: req.appConfig, thinkingToggle: req.thinkingToggle },
              onProgress,
              abort.signal,
            );
          } else {
            await engine.load(req.model, onProgress, abort.signal);
          }
          post({ type: 'done', id: req.id });
          break;
        }
        case 'chat': {
          for await (const chunk of engine.chat(req.messages, req.options)) {
            post({ type: 'chunk', id: req.id, chunk });
          }
          post({ type: 'done', id: req.id });
          break;
        }
        case 'unload': {
          await engine.unload();
          post({ type: 'done', id: req.id });
          break;
        }
      }
    } catch (err) {
      fail(req.id, err);
    } finally {
      running = undefined;
    }
  }

  port.onMessage((req) => {
    if (req.type === 'cancel') {
      if (running?.id === req.target) {
        if (running.type === 'chat') engine.interrupt();
        else if (running.type === 'load') running.abort.abort();
      } else {
        cancelled.add(req.target); // still queued: never start it
      }
      return;
    }
    chain = chain.then(() => run(req));
  });
}

/** Transport for a dedicated Web Worker (`self`). */
export function workerSelfPort(): HostPort {
  const scope = globalThis as unknown as {
    postMessage(msg: unknown): void;
    addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  };
  return {
    post: (msg) => scope.postMessage(msg),
    onMessage: (handler) => scope.addEventListener('message', (e) => handler(e.data as LLMRequest)),
  };
}
