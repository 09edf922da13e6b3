// Node stand-ins for the LLM worker (tests and benchmarks): web-llm's real
// WebWorkerMLCEngineHandler with FakeMLCEngine inside, reached by web-llm's
// real client through a MessageChannel (same thread, structured clone like a
// worker) or a worker_threads Worker running tests/support/fake-llm.node-worker.ts.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { createLLMHandler } from '../../src/app/llm-handler.ts';
import { installFakeEngine, type FakeMLCEngine } from '../../src/testing/fake-mlc.ts';
import type { LLMWorker } from '../../src/lib/webllm-engine.ts';

export interface ChannelWorker extends LLMWorker {
  /** The fake engine inside this "worker's" handler. */
  fake: FakeMLCEngine;
  handler: WebWorkerMLCEngineHandler;
  /** Fire the worker's error event (a worker that failed). */
  crash(message: string): void;
  terminated: boolean;
}

/** The handler on one end of a MessageChannel, the client's end returned as the worker. */
export function channelWorker(): ChannelWorker {
  const ch = new MessageChannel();
  const handler = createLLMHandler();
  handler.postMessage = (msg: unknown) => ch.port1.postMessage(msg);
  const fake = installFakeEngine(handler);
  ch.port1.onmessage = (e: MessageEvent) => handler.onmessage(e);
  const errorListeners: Array<(e: Event) => void> = [];
  const port = ch.port2;
  const worker: ChannelWorker = {
    fake,
    handler,
    terminated: false,
    get onmessage() {
      return port.onmessage;
    },
    set onmessage(fn: unknown) {
      port.onmessage = fn as (e: MessageEvent) => void;
    },
    postMessage: (msg) => port.postMessage(msg),
    terminate() {
      worker.terminated = true;
      fake.interruptGenerate();
      void fake.unload(); // a terminated worker downloads and decodes nothing more
      ch.port1.close();
      ch.port2.close();
    },
    addEventListener: (_type, listener) => errorListeners.push(listener),
    crash(message) {
      const e = Object.assign(new Event('error'), { message });
      for (const l of errorListeners) l(e);
    },
  };
  return worker;
}

/** A factory for WebLLMEngine's createWorker that remembers every worker it made. */
export function channelWorkers(): { create: () => ChannelWorker; all: ChannelWorker[]; latest(): ChannelWorker } {
  const all: ChannelWorker[] = [];
  return {
    all,
    create: () => {
      const w = channelWorker();
      all.push(w);
      return w;
    },
    latest: () => all[all.length - 1],
  };
}

// `execArgv: ['--import', 'tsx']` does not reach a worker's entry module on
// Node 20, so a tiny bootstrap registers tsx's loader, then imports the entry.
const tsxApi = pathToFileURL(
  createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs'),
).href;

/** Starts a worker_thread running a TypeScript entry (through tsx). */
export function startTsWorker(entry: URL): Worker {
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, { eval: true });
}

/** web-llm's ChatWorker over a worker_threads Worker running the fake worker entry. */
export function nodeFakeWorker(): LLMWorker {
  const thread = startTsWorker(new URL('./fake-llm.node-worker.ts', import.meta.url));
  const worker: LLMWorker = {
    onmessage: undefined,
    postMessage: (msg) => thread.postMessage(msg),
    terminate: () => void thread.terminate(),
    addEventListener: (_type, listener) =>
      thread.on('error', (err) => listener(Object.assign(new Event('error'), { message: err.message }))),
  };
  // web-llm's client takes a non-MessageEvent as the message itself.
  thread.on('message', (msg) => (worker.onmessage as ((m: unknown) => void) | undefined)?.(msg));
  return worker;
}
