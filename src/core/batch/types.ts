// The Batch workbench's data: runs of many answers checked in the background,
// their answers (with each answer's report once checked), the claims of a run
// flattened into rows for the claim table and the exports, and the user's
// reviews of claims. Pure types: the runner (src/app/batch-service.ts), the
// storage (src/db.ts, schema version 5), the worker protocol
// (workers/checker.protocol.ts), the UI (src/views/batch/,
// src/lib/batch.svelte.ts) and the CLI share them.
//
// Contract for the Batch view (batch-ui):
// - Read a dropped file with `readBatchFile(file)` (core/batch/import.ts; a
//   File/Blob with a name: its size is checked before it is read) or bytes
//   with `parseBatchFile(name, bytes)`, on the main thread. It throws a named
//   error (EmptyInputError, InputTooLargeError, BinaryFileError,
//   MalformedFileError) when nothing can be kept, else returns a
//   BatchFileResult: show its `issues`, then `checker.createBatch({...})` with
//   its `rows` (or, for a CLI results file, its finished `results`).
// - Control a run with `checker.batchControl(runId, 'start' | 'pause' |
//   'resume' | 'cancel')`; progress arrives as CheckerEvent
//   `{type: 'batch', run, progress}` (throttled, ~4 a second, plus every state
//   change). `checker.listBatches()` lists runs, newest first.
// - Read a run's answers with `checker.batchAnswers(runId, page?)` and its
//   claims with `checker.batchClaims(runId, page?)` (reviews joined in).
// - Reviews are written by the UI straight to IndexedDB with the helpers in
//   src/db.ts (`saveReview`, `deleteReview`, `listReviews`), as History does:
//   the checker never needs them. `claimKey(runId, row, claim)` is their key.
// - Statistics and exports are pure functions in core/batch/ (stats.ts,
//   review.ts, compare.ts, exports.ts, html-report.ts) over BatchAnswer[] /
//   BatchClaimRow[]. The worker runs them too, so that a run's reports need
//   not cross to the page: `checker.batchStats(runId, by?)`,
//   `checker.batchCompare(a, b, by?)` and `checker.batchExport(runId, format)`
//   (a string: CSV, JSON, HTML or eval JSONL). The UI state module
//   src/lib/batch.svelte.ts is left to batch-ui (only a skeleton is committed here).
import type { ErrorPayload } from '../errors.ts';
import type { CheckMethod, Report, Verdict, VerdictProbabilities } from '../types.ts';
import type { JudgeChoice } from '../checker.ts';
import type { GroupStats } from './stats.ts';
import type { Agreement } from './review.ts';
import type { Comparison, PairBy } from './compare.ts';

/** Where a run is. 'queued' and 'running' resume by themselves when the checker starts again; 'paused' waits for the user. */
export type BatchRunState = 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

/** How a run checks its answers; chosen when the run is made and recorded with it. */
export interface BatchSettings {
  /**
   * 'offline': the checker's offline verifier (features; NLI + features when
   * semantic search is on); 'judge': a model judge (the offline verifier
   * decides where it fails).
   */
  verifier: 'offline' | 'judge';
  judge?: JudgeChoice;
  /** Stored corpus ids to check against; empty: every stored corpus. Answers with their own `evidence` use only that. */
  corpora: string[];
  /** Check claims inside a <think> block too. */
  checkReasoning: boolean;
}

export interface BatchCounts {
  /** Answers in the run. */
  answers: number;
  /** Answers checked (a report) so far. */
  done: number;
  /** Answers that could not be checked (empty, too long, …): an error, no report. */
  failed: number;
  claims: number;
  supported: number;
  contradicted: number;
  unverifiable: number;
}

/** A batch run as stored (table `batchRuns`). */
export interface BatchRun {
  id: string;
  name: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Where the answers came from. 'results': a `claimlens check --input` results file, imported finished. */
  source: 'file' | 'results' | 'history' | 'ask';
  /** The file name, for file and results imports. */
  file?: string;
  settings: BatchSettings;
  /** How the answers were checked (the method of the first report; results files: as the CLI recorded it). */
  method?: CheckMethod;
  /** Corpus id → version of the corpora searched (not those of answers with their own evidence). */
  corpora?: Record<string, string>;
  state: BatchRunState;
  /** Why it failed or was paused by the checker (StorageQuotaError: storage full), as an error payload. */
  error?: ErrorPayload;
  counts: BatchCounts;
  /** Model ids found in the answers, first-seen order ("" never: answers without one are left out). */
  models: string[];
  /** Tag (extra column) names found in the answers. */
  tags: string[];
  /** Rows of the input file that were left out, with why (line numbers are 1-based lines of the file). */
  issues?: BatchImportIssue[];
  /** Milliseconds spent checking (running time only; pauses do not count). */
  elapsedMs: number;
}

/** One answer of a run (table `batchAnswers`, key [runId+row]); its report is stored as soon as it is checked. */
export interface BatchAnswer {
  runId: string;
  /** 0-based position in the run (the check order). */
  row: number;
  /** The input row's id (or its 1-based position when it had none; a duplicate renamed `id#2`). */
  id: string;
  /** The line of the input file it came from (1-based; CSV: the line its record starts on). */
  line?: number;
  question?: string;
  model?: string;
  /** The answer text as given (may hold a <think> block). */
  answer: string;
  /** The answer's own evidence passages: checked against these only. */
  evidence?: string[];
  /** Extra columns, as strings. */
  tags?: Record<string, string>;
  status: 'pending' | 'done' | 'failed';
  report?: Report;
  error?: ErrorPayload;
  /** When it was checked, and how long that took (ms). */
  checkedAt?: string;
  ms?: number;
}

/** One input row before it becomes a BatchAnswer (import.ts's output). */
export interface BatchInputRow {
  id: string;
  line?: number;
  answer: string;
  question?: string;
  model?: string;
  evidence?: string[];
  tags?: Record<string, string>;
}

/** A row that was left out, or something about the file worth saying (duplicate id renamed, rows over the limit). */
export interface BatchImportIssue {
  /** 1-based line of the file (0: the whole file). */
  line: number;
  message: string;
  /** 'skipped': the row is not in the run; 'renamed': kept under another id; 'truncated': rows over the limit were left out. */
  kind: 'skipped' | 'renamed' | 'truncated';
}

/** What import.ts read from a file. */
export type BatchFileResult =
  | { kind: 'answers'; rows: BatchInputRow[]; issues: BatchImportIssue[]; format: 'jsonl' | 'csv' }
  | { kind: 'results'; results: Omit<BatchAnswer, 'runId' | 'row'>[]; issues: BatchImportIssue[]; format: 'results' };

/** The key of a claim in a run: stable once its answer is checked. */
export type ClaimKey = string;

export function claimKey(runId: string, row: number, claim: number): ClaimKey {
  return `${runId}:${row}:${claim}`;
}

/** A reviewer's label for a claim (table `batchReviews`, key `key`). */
export interface Review {
  key: ClaimKey;
  runId: string;
  /** The label the reviewer gives (equal to `verdict`: they agree). */
  label: Verdict;
  note?: string;
  /** The checker's verdict when the claim was reviewed, and the claim text (so an export needs no join). */
  verdict: Verdict;
  claim: string;
  reviewedAt: string;
}

/** One claim of a run, flattened: a row of the claim table and of the CSV export. */
export interface BatchClaimRow {
  key: ClaimKey;
  runId: string;
  /** The answer's row in the run, and the claim's index in its report. */
  row: number;
  claimIndex: number;
  answerId: string;
  model?: string;
  question?: string;
  tags?: Record<string, string>;
  part: 'answer' | 'reasoning';
  claim: string;
  /** The claim as written, when `claim` is its rewritten form. */
  original?: string;
  start: number;
  end: number;
  /** How many times it is said in the answer. */
  count: number;
  verdict: Verdict;
  confidence: number;
  probabilities: VerdictProbabilities;
  reason?: string;
  lean?: Verdict;
  /** The deciding (else best) evidence. */
  evidenceTitle?: string;
  evidenceUrl?: string;
  evidenceSentence?: string;
  /** The corpus of that evidence ('given': the answer's own passages). */
  evidenceCorpus?: string;
  /** The corpora the answer was checked against, "id@version" joined with "; " ("given" for its own evidence). */
  corpus: string;
  /** The method in words, e.g. "bm25 + features". */
  method: string;
  reviewLabel?: Verdict;
  reviewNote?: string;
}

/** Progress of a running run (CheckerEvent 'batch'). */
export interface BatchProgress {
  runId: string;
  state: BatchRunState;
  /** Answers finished (done + failed), of `total`. */
  done: number;
  total: number;
  failed: number;
  claims: number;
  /** Answers per second over this session's running time (0 before the first). */
  answersPerSecond: number;
  /** Seconds left at that rate (null when unknown). */
  secondsLeft: number | null;
}

/** What createBatch takes: rows to check, or a CLI results file's finished results. */
export interface BatchCreate {
  name: string;
  source: BatchRun['source'];
  file?: string;
  settings: BatchSettings;
  rows?: BatchInputRow[];
  /** Finished answers (a CLI results file, import.ts `parseResultsFile`): the run is made 'done'. */
  results?: Omit<BatchAnswer, 'runId' | 'row'>[];
  issues?: BatchImportIssue[];
  /** Start checking at once (default true). */
  start?: boolean;
}

/** A page of a run's answers or claims. */
export interface BatchPage {
  offset?: number;
  /** Default: all. */
  limit?: number;
}

export type BatchAction = 'start' | 'pause' | 'resume' | 'cancel';

/**
 * A run's statistics, computed in the worker (the answers' reports never
 * cross to the page): per group (model, or the tag `by`), over all answers,
 * and the agreement with the reviews.
 */
export interface BatchStats {
  by: string;
  groups: GroupStats[];
  all: GroupStats;
  agreement: Agreement;
}

/** One side of a comparison: a run, or one model of a run. */
export interface BatchSideRef {
  runId: string;
  model?: string;
}

/** Exports made in the worker: 'csv' (claims, every field), 'json' (the run), 'html' (the report), 'eval' (reviewed claims as claimlens eval JSONL). */
export type BatchExportFormat = 'csv' | 'json' | 'html' | 'eval';

export interface BatchExportOptions {
  /** html: group by 'model' (default) or a tag. */
  by?: string;
  /** eval: add the deciding evidence sentence to each line (oracle mode). */
  withEvidence?: boolean;
}

export type { Comparison, PairBy };

/** The most answers a run takes; more are left out with a message. */
export const MAX_BATCH_ANSWERS = 10_000;
/** The largest file the import reads (bytes); a larger one is refused before it is read. */
export const MAX_BATCH_FILE_BYTES = 50 * 1024 * 1024;
