// The checker as the rest of the app sees it: what it can be asked (Checker),
// its state, its progress and its events. CheckerService (src/app/) implements
// it in-process; the worker client (src/lib/checker-client.ts) implements it
// by messaging the checker worker (workers/checker.protocol.ts).
import type { ErrorPayload } from './errors.ts';
import type { Claim, ImportIssue, StoredCorpus } from './types.ts';
import type { CheckRecord } from './export.ts';
import type { SemanticSettings } from './models/settings.ts';
import type { ModelPlacement, RuntimeCapabilities } from './models/types.ts';
import type { BatchAction, BatchAnswer, BatchClaimRow, BatchCreate, BatchExportFormat, BatchExportOptions, BatchPage, BatchProgress, BatchRun, BatchSideRef, BatchStats, Comparison, PairBy } from './batch/types.ts';

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
  | { type: 'saving'; corpus: string; progress: LoadProgress | null; error?: ErrorPayload }
  /**
   * A batch run changed: its state, or progress while it runs (throttled to a
   * few a second; every state change is sent). `run` is the run as stored.
   */
  | { type: 'batch'; run: BatchRun; progress: BatchProgress }
  /** A batch run was deleted. */
  | { type: 'batch-deleted'; runId: string };

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

/** How to check an answer: the options of Checker.check (the pipeline's own are CheckOptions in pipeline.ts). */
export interface CheckCallOptions {
  checkReasoning: boolean;
  /** Claims already found (by the loaded model), spans into the answer; default: the rule-based splitter. */
  claims?: Claim[];
  /** Save the check to history (default true). */
  save?: boolean;
  /** Verify with this model judge (the offline verifier decides where it fails). */
  judge?: JudgeChoice;
  /** The model that wrote the answer (an Ask answer), kept in the history record. */
  model?: string;
  /** The question the answer replies to, kept in the history record. */
  question?: string;
}

/**
 * What the UI can ask of the checker. The worker client implements it by
 * messaging; CheckerService implements it in-process (Node tests, the worker).
 */
export interface Checker {
  init(onProgress?: (p: LoadProgress) => void): Promise<CheckerState>;
  check(answer: string, opts: CheckCallOptions & { signal?: AbortSignal }, onProgress?: (p: CheckProgress) => void): Promise<CheckOutcome>;
  importFile(name: string, bytes: ArrayBuffer, onProgress?: (p: LoadProgress) => void): Promise<ImportOutcome>;
  deleteCorpus(corpusId: string): Promise<CheckerState>;
  installPack(packId: string, onProgress?: (p: LoadProgress) => void): Promise<CheckerState>;
  semanticStatus(): Promise<SemanticStatus>;
  configureSemantic(settings: Partial<SemanticSettings>): Promise<SemanticStatus>;
  enableSemantic(settings?: Partial<SemanticSettings>, onProgress?: (s: SemanticStatus) => void): Promise<SemanticStatus>;
  embedding(corpusId: string, action: 'pause' | 'resume'): Promise<SemanticStatus>;
  /**
   * Batch runs (src/app/batch-service.ts; docs/batch.md). createBatch stores
   * the run and its answers and, unless `start: false`, starts it; a results
   * file's finished answers make a 'done' run at once.
   */
  createBatch(input: BatchCreate): Promise<BatchRun>;
  /** start / pause / resume / cancel; returns the run as it is after the change. */
  batchControl(runId: string, action: BatchAction): Promise<BatchRun>;
  /** Every run, newest first. */
  listBatches(): Promise<BatchRun[]>;
  /** A run's answers in run order (a page of them). */
  batchAnswers(runId: string, page?: BatchPage): Promise<BatchAnswer[]>;
  /** The claims of a run's checked answers, flattened, with reviews joined in (a page of them, counted in claims). */
  batchClaims(runId: string, page?: BatchPage): Promise<BatchClaimRow[]>;
  /** Deletes a run with its answers and reviews (a running run is stopped first). */
  deleteBatch(runId: string): Promise<void>;
  /** A run's statistics per model (or per tag `by`), overall, and the review agreement. */
  batchStats(runId: string, by?: string): Promise<BatchStats>;
  /** Two runs, or two models of a run, on the same questions (compare.ts). */
  batchCompare(a: BatchSideRef, b: BatchSideRef, by?: PairBy): Promise<Comparison>;
  /** A run as CSV, JSON, the HTML report, or its reviewed claims as eval JSONL. */
  batchExport(runId: string, format: BatchExportFormat, opts?: BatchExportOptions): Promise<string>;
  /** Background events; returns an unsubscribe function. */
  onEvent(listener: (e: CheckerEvent) => void): () => void;
}
