/// <reference lib="webworker" />
// TEST-ONLY twin of checker.worker.ts, started only by the e2e build
// (src/testing/checker-e2e.ts): the same checker (src/app/checker-host.ts),
// set up by the test hooks that arrive as the first message — IndexedDB that
// refuses writes (a full disk), a crash on a given answer, slowed embedding,
// and the model worker's test twin (WebGPU that fails).
import { serveChecker } from '../src/app/checker-host.ts';
import { ModelWorkerClient } from '../src/lib/models-client.ts';
import { HUB_URL } from '../src/core/models/settings.ts';
import { isTestHooksMessage, type TestHooks, type TestHooksMessage } from '../src/testing/test-hooks.ts';
import type { CheckerRequest } from './checker.protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const appBase = new URL('./', self.location.origin + import.meta.env.BASE_URL);

let hooks: TestHooks = {};
let handle: ((req: CheckerRequest) => void) | null = null;
/** Requests that came before the hooks (none, as the client sends them first; kept in order if so). */
const early: CheckerRequest[] = [];

/** IndexedDB refuses writes to these stores, as a full disk would. */
function failWritesTo(stores: string[]): void {
  const proto = IDBObjectStore.prototype;
  for (const op of ['put', 'add'] as const) {
    const orig = proto[op];
    proto[op] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
      if (stores.includes(this.name)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return orig.apply(this, args);
    };
  }
}

function start(h: TestHooks): void {
  hooks = h;
  if (hooks.failWritesTo?.length) failWritesTo(hooks.failWritesTo);
  handle = serveChecker((msg) => self.postMessage(msg), {
    baseUrl: appBase,
    models: (settings) =>
      new ModelWorkerClient(() => {
        const w = new Worker(new URL('./models.worker.e2e.ts', import.meta.url), { type: 'module', name: 'models' });
        w.postMessage({ kind: 'test-hooks', hooks: { webgpuFails: hooks.webgpuFails } } satisfies TestHooksMessage);
        return w;
      }, { models: { source: settings.source, hubUrl: settings.hubUrl } }),
    modelLocations: { mirrorBase: new URL('models/', appBase).href, hubUrl: HUB_URL },
    embedding: { batchSize: hooks.embedBatchSize, batchDelayMs: hooks.embedBatchDelayMs, saveEveryMs: hooks.embedSaveEveryMs },
    batch: { answerDelayMs: () => hooks.batchAnswerDelayMs ?? 0, quotaAfterFlushes: () => hooks.batchQuotaAfterFlushes },
  });
  for (const req of early.splice(0)) route(req);
}

function route(req: CheckerRequest): void {
  if (req.kind === 'call' && req.method === 'check' && hooks.crashOnAnswer && req.params.answer.includes(hooks.crashOnAnswer)) {
    // An uncaught error, as a bug would raise: the client sees the worker's error event.
    setTimeout(() => {
      throw new Error('Simulated checker crash (test hook).');
    });
    return;
  }
  if (handle) handle(req);
  else early.push(req);
}

self.onmessage = (event: MessageEvent<CheckerRequest | TestHooksMessage>) => {
  const msg = event.data;
  if (isTestHooksMessage(msg)) start(msg.hooks);
  else route(msg);
};
