/// <reference lib="webworker" />
// The model worker: loads embedders and NLI models with transformers.js
// (WebGPU when there is an adapter, else WASM) and runs them off the UI
// thread. Protocol: models.protocol.ts; client: models-client.ts.
import { AbortedError, NotFoundError, toErrorPayload } from '../src/core/errors.ts';
import { catalogEntry } from '../src/core/models/catalog.ts';
import { TransformersEmbedder, TransformersNLIModel } from '../src/app/models/transformers-runner.ts';
import type { ModelEvent, RuntimeCapabilities } from '../src/core/models/types.ts';
import { browserCapabilities, configureBrowserModels } from '../src/app/models/models-runtime.ts';
import type { ModelsRequest, ModelsResponse } from './models.protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

configureBrowserModels();

let caps: Promise<RuntimeCapabilities> | null = null;
const capabilities = () => (caps ??= browserCapabilities());

const models = new Map<number, TransformersEmbedder | TransformersNLIModel>();
let nextHandle = 1;
const running = new Map<number, AbortController>();

function post(msg: ModelsResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function embedder(handle: number): TransformersEmbedder {
  const m = models.get(handle);
  if (!(m instanceof TransformersEmbedder)) throw new NotFoundError(`No embedding model is loaded with handle ${handle}.`);
  return m;
}

function nliModel(handle: number): TransformersNLIModel {
  const m = models.get(handle);
  if (!(m instanceof TransformersNLIModel)) throw new NotFoundError(`No NLI model is loaded with handle ${handle}.`);
  return m;
}

async function handle(req: ModelsRequest): Promise<void> {
  switch (req.kind) {
    case 'configure':
      configureBrowserModels(req.settings);
      post({ id: req.id, kind: 'result', value: null });
      return;
    case 'capabilities':
      post({ id: req.id, kind: 'result', value: await capabilities() });
      return;
    case 'load': {
      const entry = catalogEntry(req.model);
      const handle = nextHandle++;
      const onEvent = (event: ModelEvent) => post({ id: req.id, kind: 'event', handle, event });
      // One placement per worker attempt, no in-worker recovery (see LoadModelOptions.recover).
      const opts = { entry, caps: await capabilities(), plan: [req.placement], recover: false, onEvent };
      const m = req.task === 'embed' ? await TransformersEmbedder.load(opts) : await TransformersNLIModel.load(opts);
      models.set(handle, m);
      post({
        id: req.id,
        kind: 'result',
        value: {
          handle,
          model: m.id,
          placement: m.placement,
          dim: m instanceof TransformersEmbedder ? m.dim : undefined,
        },
      });
      return;
    }
    case 'embed': {
      const m = embedder(req.handle);
      const ctrl = new AbortController();
      running.set(req.id, ctrl);
      try {
        const vectors = await m.embed(req.texts, {
          batchSize: req.batchSize,
          kind: req.embedKind,
          signal: ctrl.signal,
          onProgress: (done, total) => post({ id: req.id, kind: 'progress', done, total }),
        });
        const data = new Float32Array(vectors.length * m.dim);
        vectors.forEach((v, i) => data.set(v, i * m.dim));
        post({ id: req.id, kind: 'result', value: { dim: m.dim, data } }, [data.buffer]);
      } finally {
        running.delete(req.id);
      }
      return;
    }
    case 'classify': {
      const m = nliModel(req.handle);
      const ctrl = new AbortController();
      running.set(req.id, ctrl);
      try {
        post({ id: req.id, kind: 'result', value: await m.classify(req.pairs, { batchSize: req.batchSize, signal: ctrl.signal }) });
      } finally {
        running.delete(req.id);
      }
      return;
    }
    case 'unload': {
      const m = models.get(req.handle);
      models.delete(req.handle);
      await m?.dispose();
      post({ id: req.id, kind: 'result', value: null });
      return;
    }
    case 'cancel':
      running.get(req.target)?.abort(new AbortedError('Cancelled.'));
      post({ id: req.id, kind: 'result', value: null });
      return;
  }
}

self.onmessage = (ev: MessageEvent<ModelsRequest>) => {
  const req = ev.data;
  handle(req).catch((err: unknown) => post({ id: req.id, kind: 'error', error: toErrorPayload(err) }));
};
