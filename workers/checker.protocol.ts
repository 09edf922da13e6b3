// The checker worker's protocol: one request union, one response union
// (return / throw / progress). Errors cross by name (toErrorPayload /
// fromErrorPayload), so the UI can tell EmptyInputError from StorageQuotaError.
import type { ErrorPayload } from '../src/core/errors.ts';
import type { Claim, ImportIssue } from '../src/core/types.ts';
import type { CheckRecord } from '../src/core/export.ts';
import type { StoredCorpus } from '../src/db.ts';
import type { SemanticSettings } from '../src/core/models/settings.ts';
import type { ModelPlacement, RuntimeCapabilities } from '../src/core/models/types.ts';
import type { RelayChatRequest, RelayReply } from '../src/core/engine/relay.ts';

/** Progress of loading evidence: a pack download, storing chunks, building an index. */
export interface LoadProgress {
  /**
   * download: reading the file (bytes; a pack is decompressed as it arrives);
   * unpack: reading its passages; index: building (or loading) the search
   * index; store: saving to IndexedDB.
   */
  phase: 'download' | 'unpack' | 'index' | 'store';
  /** The corpus being loaded (pack id or imported corpus id). */
  corpus: string;
  /** Human name of that corpus. */
  name: string;
  /** Bytes (download), chunks (unpack, store) or documents (index) done so far. */
  done: number;
  total: number;
  /**
   * The phases this load runs and the share of the whole each takes (they sum
   * to 1); absent: download 0.3, index 0.4, store 0.3.
   */
  steps?: Partial<Record<LoadProgress['phase'], number>>;
}

/** Progress of a check: claims verified so far. */
export interface CheckProgress {
  done: number;
  total: number;
}

/** A built-in evidence pack listed in evidence/manifest.json, and its state here. */
export interface PackStatus {
  id: string;
  name: string;
  version: string;
  /** Size of the pack file in bytes. */
  bytes: number;
  license: string;
  attribution?: string;
  /** 'installed': stored at this version; 'removed': the user deleted it; 'available': not stored yet. */
  state: 'installed' | 'removed' | 'available';
}

export interface CheckerState {
  corpora: StoredCorpus[];
  packs: PackStatus[];
  /** Longest answer the checker accepts, in characters. */
  maxAnswerChars: number;
  /** Why the pack manifest could not be read (offline before the first visit finished…), if it could not. */
  packError?: ErrorPayload;
  /**
   * Corpora searchable from memory while they are being saved to IndexedDB
   * (a pack on first start); listed in `corpora` too.
   */
  saving?: string[];
}

export interface CheckOutcome {
  record: CheckRecord;
  /** False when the check could not be saved to history (storage full); the report is still here. */
  saved: boolean;
  saveError?: ErrorPayload;
}

export interface ImportOutcome {
  corpus: StoredCorpus;
  documents: number;
  skippedEmpty: number;
  issues: ImportIssue[];
}

/** Hooks the end-to-end tests set (window.__CLAIMLENS_TEST_HOOKS__); never set in normal use. */
export interface TestHooks {
  /** The worker throws an uncaught error when a checked answer contains this text. */
  crashOnAnswer?: string;
  /** IndexedDB refuses writes to these object stores with a QuotaExceededError. */
  failWritesTo?: string[];
  /** Background embedding waits this long between batches (to stop it half-way). */
  embedBatchDelayMs?: number;
  /** Chunks per embedding batch. */
  embedBatchSize?: number;
  /** Save embedding progress at most this often (ms). */
  embedSaveEveryMs?: number;
  /** The model worker finds a WebGPU adapter but can create no device on it. */
  webgpuFails?: boolean;
}

/** One model of semantic search and where it stands. */
export interface ModelStatus {
  role: 'embedder' | 'nli';
  id: string;
  name: string;
  state: 'off' | 'loading' | 'ready' | 'failed';
  /** Where it runs (ready) or is being tried (loading). */
  placement?: ModelPlacement;
  /** Moves to another device or precision, with the reason (e.g. WebGPU failed, running on WASM). */
  fallbacks: { from: ModelPlacement; to: ModelPlacement; reason: string }[];
  /** Files of the current load: bytes so far (cache hits arrive at once). */
  files: { file: string; loaded: number; total: number; done: boolean }[];
  /** Load time of the last successful load, ms. */
  loadMs?: number;
  error?: ErrorPayload;
}

/** Background embedding of one corpus with the current embedding model. */
export interface CorpusEmbedding {
  corpus: string;
  name: string;
  /** Embedding model version key. */
  model: string;
  state: 'none' | 'queued' | 'running' | 'paused' | 'done' | 'failed';
  phase?: 'plan' | 'embed' | 'index' | 'done';
  /** Chunks with a vector, out of `total`. */
  done: number;
  total: number;
  /** Chunks whose vectors are stored (what a reload keeps). */
  saved: number;
  /** Vectors already stored when this run started (> 0: the job resumed). */
  resumedFrom: number;
  /** Search index once embedded. */
  index?: 'flat' | 'ivf';
  error?: ErrorPayload;
}

/** Everything Settings → Models shows. */
export interface SemanticStatus {
  settings: SemanticSettings;
  capabilities?: RuntimeCapabilities;
  models: { embedder: ModelStatus; nli: ModelStatus };
  corpora: CorpusEmbedding[];
}

/** Messages the worker sends on its own (not answers to a call). */
export type CheckerEvent =
  | { type: 'semantic'; status: SemanticStatus }
  /**
   * Saving a corpus that is already searchable (a pack on first start):
   * progress while it runs; `progress: null` when it has ended, with `error`
   * if it failed (then it stays in memory for this session only).
   */
  | { type: 'saving'; corpus: string; progress: LoadProgress | null; error?: ErrorPayload };

/**
 * The model judge of a running check asks the UI's engine for a chat
 * (src/core/engine/relay.ts), or no longer wants it (cancelled, timed out).
 */
export type JudgeRelayMessage = { type: 'chat'; request: RelayChatRequest } | { type: 'cancel'; chat: number };

/** The model judge chosen for a check: the model loaded where the engine lives (this device or a server). */
export interface JudgeChoice {
  model: string;
  /** For the report, e.g. "Qwen3-1.7B (this device)" or "Qwen/Qwen3-8B @ http://gpu:8000". */
  label?: string;
  /** Requests at once (1 for this device's GPU; a server can take more). */
  concurrency?: number;
  claimsPerPrompt?: number;
  contextTokens?: number;
  thinking?: boolean;
  timeoutMs?: number;
}

/** How to check an answer. */
export interface CheckOptions {
  checkReasoning: boolean;
  /** Claims already found (by the loaded model), spans into the answer; default: the rule-based splitter. */
  claims?: Claim[];
  /** Save the check to history (default true). The Ask view keeps its checks in the conversation instead. */
  save?: boolean;
  /** Verify with this model judge (the offline verifier decides where it fails). */
  judge?: JudgeChoice;
}

/** Every call the worker answers: its parameters, result and progress. */
export interface CheckerCalls {
  init: { params: { hooks?: TestHooks }; result: CheckerState; progress: LoadProgress };
  check: { params: { answer: string } & CheckOptions; result: CheckOutcome; progress: CheckProgress };
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

/**
 * What the UI can ask of the checker. The worker client implements it by
 * messaging; CheckerService implements it in-process (Node tests, the worker).
 */
export interface Checker {
  init(onProgress?: (p: LoadProgress) => void): Promise<CheckerState>;
  check(answer: string, opts: CheckOptions & { signal?: AbortSignal }, onProgress?: (p: CheckProgress) => void): Promise<CheckOutcome>;
  importFile(name: string, bytes: ArrayBuffer, onProgress?: (p: LoadProgress) => void): Promise<ImportOutcome>;
  deleteCorpus(corpusId: string): Promise<CheckerState>;
  installPack(packId: string, onProgress?: (p: LoadProgress) => void): Promise<CheckerState>;
  semanticStatus(): Promise<SemanticStatus>;
  configureSemantic(settings: Partial<SemanticSettings>): Promise<SemanticStatus>;
  enableSemantic(settings?: Partial<SemanticSettings>, onProgress?: (s: SemanticStatus) => void): Promise<SemanticStatus>;
  embedding(corpusId: string, action: 'pause' | 'resume'): Promise<SemanticStatus>;
  /** Background events; returns an unsubscribe function. */
  onEvent(listener: (e: CheckerEvent) => void): () => void;
}
