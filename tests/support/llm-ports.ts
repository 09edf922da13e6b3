// Node transports for the LLM protocol (tests and benchmarks): an in-process
// MessageChannel (structured clone, like a worker) and worker_threads.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, parentPort } from 'node:worker_threads';
import type { ClientPort, HostPort, LLMRequest, LLMResponse } from '../../workers/llm.protocol.ts';

/** Both ends of the protocol over one MessageChannel, in this thread. */
export function channelPorts(): { host: HostPort; client: ClientPort; close(): void } {
  const ch = new MessageChannel();
  return {
    host: {
      post: (msg) => ch.port1.postMessage(msg),
      onMessage: (h) => (ch.port1.onmessage = (e: MessageEvent) => h(e.data as LLMRequest)),
    },
    client: {
      post: (msg) => ch.port2.postMessage(msg),
      onMessage: (h) => (ch.port2.onmessage = (e: MessageEvent) => h(e.data as LLMResponse)),
    },
    close: () => {
      ch.port1.close();
      ch.port2.close();
    },
  };
}

/** The worker_threads side (inside the worker). */
export function parentHostPort(): HostPort {
  if (!parentPort) throw new Error('not in a worker thread');
  const port = parentPort;
  return {
    post: (msg) => port.postMessage(msg),
    onMessage: (h) => port.on('message', (m: LLMRequest) => h(m)),
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

/** The UI side of a worker_threads Worker running a TypeScript entry through tsx. */
export function nodeWorkerPort(entry: URL): ClientPort {
  const worker = startTsWorker(entry);
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (h) => worker.on('message', (m: LLMResponse) => h(m)),
    onFatal: (h) => worker.on('error', (e) => h(e.message)),
    terminate: () => void worker.terminate(),
  };
}
