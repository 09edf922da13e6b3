// The checker worker's protocol: one request union, one response union
// (return / throw / progress). Errors cross by name (toErrorPayload /
// fromErrorPayload), so the UI can tell EmptyInputError from StorageQuotaError.
import type { ErrorPayload } from '../src/core/errors.ts';
import type { SemanticSettings } from '../src/core/models/settings.ts';
import type {
  CheckerEvent,
  CheckerState,
  CheckCallOptions,
  CheckOutcome,
  CheckProgress,
  ImportOutcome,
  LoadProgress,
  SemanticStatus,
} from '../src/core/checker.ts';
import type { BatchAction, BatchAnswer, BatchClaimRow, BatchCreate, BatchExportFormat, BatchExportOptions, BatchPage, BatchRun, BatchSideRef, BatchStats, Comparison, PairBy } from '../src/core/batch/types.ts';
import type { RelayChatRequest, RelayReply } from '../src/core/engine/relay.ts';

/**
 * The model judge of a running check asks the UI's engine for a chat
 * (src/core/engine/relay.ts), or no longer wants it (cancelled, timed out).
 */
export type JudgeRelayMessage = { type: 'chat'; request: RelayChatRequest } | { type: 'cancel'; chat: number };

/** Every call the worker answers: its parameters, result and progress. */
export interface CheckerCalls {
  init: { params: Record<string, never>; result: CheckerState; progress: LoadProgress };
  check: { params: { answer: string } & CheckCallOptions; result: CheckOutcome; progress: CheckProgress };
  importFile: { params: { name: string; bytes: ArrayBuffer }; result: ImportOutcome; progress: LoadProgress };
  deleteCorpus: { params: { corpusId: string }; result: CheckerState; progress: never };
  installPack: { params: { packId: string }; result: CheckerState; progress: LoadProgress };
  semanticStatus: { params: Record<string, never>; result: SemanticStatus; progress: never };
  /** Changes settings; turning semantic search off unloads the models (vectors stay). */
  configureSemantic: { params: { settings: Partial<SemanticSettings> }; result: SemanticStatus; progress: never };
  /** Downloads (when needed) and loads the chosen models, then turns semantic search on. Progress: status snapshots. */
  enableSemantic: { params: { settings?: Partial<SemanticSettings> }; result: SemanticStatus; progress: SemanticStatus };
  /** Pauses, resumes or re-runs a corpus's embedding. */
  embedding: { params: { corpusId: string; action: 'pause' | 'resume' }; result: SemanticStatus; progress: never };
  /** Batch runs (src/app/batch-service.ts); their progress comes as 'batch' events. */
  createBatch: { params: { input: BatchCreate }; result: BatchRun; progress: never };
  batchControl: { params: { runId: string; action: BatchAction }; result: BatchRun; progress: never };
  listBatches: { params: Record<string, never>; result: BatchRun[]; progress: never };
  batchAnswers: { params: { runId: string; page?: BatchPage }; result: BatchAnswer[]; progress: never };
  batchClaims: { params: { runId: string; page?: BatchPage }; result: BatchClaimRow[]; progress: never };
  deleteBatch: { params: { runId: string }; result: void; progress: never };
  batchStats: { params: { runId: string; by?: string }; result: BatchStats; progress: never };
  batchCompare: { params: { a: BatchSideRef; b: BatchSideRef; by?: PairBy }; result: Comparison; progress: never };
  batchExport: { params: { runId: string; format: BatchExportFormat; opts?: BatchExportOptions }; result: string; progress: never };
}

export type CheckerMethod = keyof CheckerCalls;
export type Params<M extends CheckerMethod> = CheckerCalls[M]['params'];
export type Result<M extends CheckerMethod> = CheckerCalls[M]['result'];
export type Progress<M extends CheckerMethod> = CheckerCalls[M]['progress'];

export type CheckerRequest =
  | { [M in CheckerMethod]: { kind: 'call'; id: number; method: M; params: Params<M> } }[CheckerMethod]
  /** Cancels the call with this id (a running check). */
  | { kind: 'cancel'; id: number }
  /** The UI's engine answering a judge chat (see CheckerEvent 'judge-chat'). */
  | { kind: 'judge-reply'; chat: number; reply: RelayReply };

export type CheckerResponse =
  | { [M in CheckerMethod]: { kind: 'return'; id: number; method: M; value: Result<M> } }[CheckerMethod]
  | { [M in CheckerMethod]: { kind: 'progress'; id: number; method: M; progress: Progress<M> } }[CheckerMethod]
  | { kind: 'throw'; id: number; error: ErrorPayload }
  /** Not an answer: background news (embedding progress, model state). id is 0. */
  | { kind: 'event'; id: 0; event: CheckerEvent }
  /** Not an answer: the model judge's chat requests to the UI's engine. id is 0. */
  | { kind: 'judge'; id: 0; message: JudgeRelayMessage };

