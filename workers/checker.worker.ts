/// <reference lib="webworker" />
// Transport only: turns protocol messages into CheckerService calls and
// posts back return / throw / progress. All logic lives in checker-service.ts.
import { toErrorPayload } from '../src/core/errors.ts';
import { ClaimLensDB } from '../src/db.ts';
import { createFeatureVerifier } from '../src/core/verify/feature-verifier.ts';
import { CheckerService } from '../src/app/checker-service.ts';
import { ModelWorkerClient } from '../src/lib/models-client.ts';
import { ChatRelay } from '../src/core/engine/relay.ts';
import type { CheckerMethod, CheckerRequest, CheckerResponse, Progress, TestHooks } from './checker.protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// The worker script lives under assets/; the app (and evidence/, models/) one level up.
const appBase = new URL('./', self.location.origin + import.meta.env.BASE_URL);

// The model judge's chats go to the UI, which holds the engine (web-llm's client or the server's).
const relay = new ChatRelay({
  request: (request) => post({ kind: 'judge', id: 0, message: { type: 'chat', request } }),
  cancel: (chat) => post({ kind: 'judge', id: 0, message: { type: 'cancel', chat } }),
});

const service = new CheckerService({
  judgeEngine: (model) => relay.engine(model),
  db: new ClaimLensDB(),
  verifier: createFeatureVerifier(),
  baseUrl: appBase,
  // The neural models run in their own worker, started from here (a nested
  // worker) only once semantic search is used: the embedding job and dense
  // retrieval live in this worker, next to the vectors, and talk to it directly.
  models: (settings, testHooks) =>
    new ModelWorkerClient(
      () => new Worker(new URL('./models.worker.ts', import.meta.url), { type: 'module', name: 'models' }),
      { models: { source: settings.source, hubUrl: settings.hubUrl }, hooks: { webgpuFails: testHooks.webgpuFails } },
    ),
  modelLocations: { mirrorBase: new URL('models/', appBase).href, hubUrl: 'https://huggingface.co/' },
});
service.onEvent((event) => post({ kind: 'event', id: 0, event }));
const running = new Map<number, AbortController>();
let hooks: TestHooks = {};
let hooksApplied = false;

function post(msg: CheckerResponse): void {
  self.postMessage(msg);
}

function progress<M extends CheckerMethod>(id: number, method: M) {
  return (p: Progress<M>) => post({ kind: 'progress', id, method, progress: p } as CheckerResponse);
}

/** Test hook: make IndexedDB refuse writes to some stores, as a full disk would. */
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

async function handle(req: Extract<CheckerRequest, { kind: 'call' }>): Promise<void> {
  const { id } = req;
  switch (req.method) {
    case 'init': {
      // The client sends init once per fresh worker and again when the UI asks; hooks apply once.
      if (!hooksApplied) {
        hooksApplied = true;
        hooks = req.params.hooks ?? {};
        if (hooks.failWritesTo?.length) failWritesTo(hooks.failWritesTo);
        service.setHooks(hooks);
      }
      const value = await service.init(progress(id, 'init'));
      return post({ kind: 'return', id, method: 'init', value });
    }
    case 'check': {
      const { answer, ...options } = req.params;
      if (hooks.crashOnAnswer && answer.includes(hooks.crashOnAnswer)) {
        // An uncaught error, as a bug would raise: the client sees the worker's error event.
        setTimeout(() => {
          throw new Error('Simulated checker crash (test hook).');
        });
        return;
      }
      const controller = new AbortController();
      running.set(id, controller);
      try {
        const value = await service.check(answer, { ...options, signal: controller.signal }, progress(id, 'check'));
        return post({ kind: 'return', id, method: 'check', value });
      } finally {
        running.delete(id);
      }
    }
    case 'importFile': {
      const value = await service.importFile(req.params.name, req.params.bytes, progress(id, 'importFile'));
      return post({ kind: 'return', id, method: 'importFile', value });
    }
    case 'deleteCorpus': {
      const value = await service.deleteCorpus(req.params.corpusId);
      return post({ kind: 'return', id, method: 'deleteCorpus', value });
    }
    case 'installPack': {
      const value = await service.installPack(req.params.packId, progress(id, 'installPack'));
      return post({ kind: 'return', id, method: 'installPack', value });
    }
    case 'semanticStatus': {
      const value = await service.semanticStatus();
      return post({ kind: 'return', id, method: 'semanticStatus', value });
    }
    case 'configureSemantic': {
      const value = await service.configureSemantic(req.params.settings);
      return post({ kind: 'return', id, method: 'configureSemantic', value });
    }
    case 'enableSemantic': {
      const value = await service.enableSemantic(req.params.settings, progress(id, 'enableSemantic'));
      return post({ kind: 'return', id, method: 'enableSemantic', value });
    }
    case 'embedding': {
      const value = await service.embedding(req.params.corpusId, req.params.action);
      return post({ kind: 'return', id, method: 'embedding', value });
    }
    case 'createBatch': {
      const value = await service.createBatch(req.params.input);
      return post({ kind: 'return', id, method: 'createBatch', value });
    }
    case 'batchControl': {
      const value = await service.batchControl(req.params.runId, req.params.action);
      return post({ kind: 'return', id, method: 'batchControl', value });
    }
    case 'listBatches': {
      const value = await service.listBatches();
      return post({ kind: 'return', id, method: 'listBatches', value });
    }
    case 'batchAnswers': {
      const value = await service.batchAnswers(req.params.runId, req.params.page);
      return post({ kind: 'return', id, method: 'batchAnswers', value });
    }
    case 'batchClaims': {
      const value = await service.batchClaims(req.params.runId, req.params.page);
      return post({ kind: 'return', id, method: 'batchClaims', value });
    }
    case 'deleteBatch': {
      await service.deleteBatch(req.params.runId);
      return post({ kind: 'return', id, method: 'deleteBatch', value: undefined });
    }
    case 'batchStats': {
      const value = await service.batchStats(req.params.runId, req.params.by);
      return post({ kind: 'return', id, method: 'batchStats', value });
    }
    case 'batchCompare': {
      const value = await service.batchCompare(req.params.a, req.params.b, req.params.by);
      return post({ kind: 'return', id, method: 'batchCompare', value });
    }
    case 'batchExport': {
      const value = await service.batchExport(req.params.runId, req.params.format, req.params.opts);
      return post({ kind: 'return', id, method: 'batchExport', value });
    }
  }
}

self.onmessage = (event: MessageEvent<CheckerRequest>) => {
  const req = event.data;
  if (req.kind === 'cancel') {
    running.get(req.id)?.abort();
    return;
  }
  if (req.kind === 'judge-reply') {
    relay.receive(req.chat, req.reply);
    return;
  }
  handle(req).catch((err: unknown) => post({ kind: 'throw', id: req.id, error: toErrorPayload(err) }));
};
