// The checker behind its worker protocol (workers/checker.protocol.ts): turns
// request messages into CheckerService calls and posts back return / throw /
// progress, relays the model judge's chats to the UI, and forwards events.
// Transport only: all logic lives in CheckerService. The worker entry points
// (workers/checker.worker.ts; the e2e build's checker.worker.e2e.ts) call it
// with what differs between them: how models run and how embedding paces.
import { toErrorPayload } from '../core/errors.ts';
import { ChatRelay } from '../core/engine/relay.ts';
import { createFeatureVerifier } from '../core/verify/feature-verifier.ts';
import { ClaimLensDB } from '../db.ts';
import type { ModelLocations } from '../core/models/transformers-cache.ts';
import type { CheckerMethod, CheckerRequest, CheckerResponse, Progress } from '../../workers/checker.protocol.ts';
import { CheckerService, type CheckerServiceDeps } from './checker-service.ts';
import type { EmbeddingTuning, ModelRuntimeFactory } from './semantic-service.ts';

export interface CheckerHostOptions {
  /** Where the app (evidence/, models/) lives. */
  baseUrl: URL;
  /** How the embedding and NLI models run (the model worker's client). */
  models: ModelRuntimeFactory;
  modelLocations?: ModelLocations;
  embedding?: EmbeddingTuning;
  /** Batch runs' pacing (the e2e build slows them down to reload or pause half-way). */
  batch?: CheckerServiceDeps['batch'];
}

/** Starts a checker that answers over `post`; returns the handler of incoming requests. */
export function serveChecker(post: (msg: CheckerResponse) => void, options: CheckerHostOptions): (req: CheckerRequest) => void {
  // The model judge's chats go to the UI, which holds the engine (web-llm's client or the server's).
  const relay = new ChatRelay({
    request: (request) => post({ kind: 'judge', id: 0, message: { type: 'chat', request } }),
    cancel: (chat) => post({ kind: 'judge', id: 0, message: { type: 'cancel', chat } }),
  });
  const service = new CheckerService({
    judgeEngine: (model) => relay.engine(model),
    db: new ClaimLensDB(),
    verifier: createFeatureVerifier(),
    baseUrl: options.baseUrl,
    models: options.models,
    modelLocations: options.modelLocations,
    embedding: options.embedding,
    batch: options.batch,
  });
  service.onEvent((event) => post({ kind: 'event', id: 0, event }));
  const running = new Map<number, AbortController>();

  const progress =
    <M extends CheckerMethod>(id: number, method: M) =>
    (p: Progress<M>) =>
      post({ kind: 'progress', id, method, progress: p } as CheckerResponse);

  async function handle(req: Extract<CheckerRequest, { kind: 'call' }>): Promise<void> {
    const { id } = req;
    switch (req.method) {
      case 'init': {
        const value = await service.init(progress(id, 'init'));
        return post({ kind: 'return', id, method: 'init', value });
      }
      case 'check': {
        const { answer, ...options } = req.params;
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

  return (req) => {
    if (req.kind === 'cancel') {
      running.get(req.id)?.abort();
      return;
    }
    if (req.kind === 'judge-reply') {
      relay.receive(req.chat, req.reply);
      return;
    }
    // Every failure goes back to the caller, by name.
    handle(req).catch((err: unknown) => post({ kind: 'throw', id: req.id, error: toErrorPayload(err) }));
  };
}
