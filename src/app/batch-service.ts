// Batch runs: many answers checked in the background, one run at a time, in
// the checker worker (and in Node). Each answer's report is stored as it
// finishes, in batched writes (one transaction per flush, never per claim);
// progress goes out as throttled 'batch' events. Pause, resume and cancel
// stop between answers (the answer in flight is dropped and stays pending);
// a run that was running when the worker stopped (a reload, a closed tab)
// resumes where it stopped when the checker starts again (`resumeStored`). A
// check from the Check view goes first: between answers the runner waits
// while one runs. A full disk pauses the run with the message; what was
// stored stays. The checker's corpora, retriever and verifier come from one
// hook (CheckerService.batchSetup). Docs: docs/batch.md.
import { AbortedError, EmptyCorpusError, NotFoundError, StorageQuotaError, quotaMessage, toErrorPayload, type ErrorPayload } from '../core/errors.ts';
import { checkAnswer, type CheckDeps, type VerdictCache } from '../core/pipeline.ts';
import { PassageRetriever } from '../core/retrieval/passages.ts';
import type { ChunkStore, Retriever } from '../core/retrieval/types.ts';
import type { Chunk, CheckMethod, ClaimResult, Report } from '../core/types.ts';
import type { Verifier } from '../core/verify/types.ts';
import type { CheckerEvent } from '../core/checker.ts';
import { claimRows, toResults } from '../core/batch/rows.ts';
import { groupStats, statsOf } from '../core/batch/stats.ts';
import { agreement, reviewedToEvalJsonl } from '../core/batch/review.ts';
import { compare, type Comparison, type PairBy } from '../core/batch/compare.ts';
import { claimsToCSV, runToHtml, runToJSON } from '../core/batch/exports.ts';
import type {
  BatchExportFormat,
  BatchExportOptions,
  BatchSideRef,
  BatchStats,
  BatchImportIssue,
  BatchAction,
  BatchAnswer,
  BatchClaimRow,
  BatchCounts,
  BatchCreate,
  BatchPage,
  BatchProgress,
  BatchRun,
  BatchSettings,
} from '../core/batch/types.ts';
import {
  createBatchRun,
  deleteBatchRun,
  getBatchRun,
  listBatchRuns,
  listReviews,
  loadBatchAnswers,
  saveBatchProgress,
  type ClaimLensDB,
} from '../db.ts';

/** What a run checks with, made once per run (and again after a resume). */
export interface BatchCheckSetup {
  /** Over the run's corpora; null when there is none (then only answers with their own evidence can be checked). */
  retriever: Retriever | null;
  /** Corpus id → version of those corpora. */
  corpora: Record<string, string>;
  verifier: Verifier;
  /** How a report was made (given: the answer's own evidence was the corpus). */
  method: (report: Report, given: boolean) => CheckMethod;
}

export interface BatchServiceDeps {
  db: ClaimLensDB;
  /** The checker's retriever and verifier for a run's settings (waits for the checker to have loaded). */
  setup: (settings: BatchSettings, signal: AbortSignal) => Promise<BatchCheckSetup>;
  /** True while an interactive check runs: the runner waits between answers. */
  busy: () => boolean;
  emit: (e: CheckerEvent) => void;
  /** Test hooks: a wait after each answer (ms); the disk is full after this many flushes. */
  answerDelayMs?: () => number;
  quotaAfterFlushes?: () => number | undefined;
  /** Store finished answers at least this often (ms, default 1000) or every `flushAnswers` answers (default 200). */
  flushMs?: number;
  flushAnswers?: number;
  /** Progress events at most this often (ms, default 250); state changes always go out. */
  progressMs?: number;
}

type Stop = 'paused' | 'cancelled';

interface Active {
  runId: string;
  controller: AbortController;
  stop: Stop | null;
  /** Resolves when the run's loop has saved its end state. */
  ended: Promise<void>;
}

const ZERO: BatchCounts = { answers: 0, done: 0, failed: 0, claims: 0, supported: 0, contradicted: 0, unverifiable: 0 };

export class BatchService {
  private readonly db: ClaimLensDB;
  private readonly deps: BatchServiceDeps;
  private active: Active | null = null;
  private loop: Promise<void> | null = null;
  /** Runs being checked, by id (the live record, ahead of what is stored by the unflushed answers). */
  private readonly live = new Map<string, BatchRun>();

  constructor(deps: BatchServiceDeps) {
    this.db = deps.db;
    this.deps = deps;
  }

  async create(input: BatchCreate): Promise<BatchRun> {
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    const finished = !!input.results;
    const answers: BatchAnswer[] = finished
      ? input.results!.map((r, row) => ({ ...r, runId: id, row }))
      : (input.rows ?? []).map((r, row) => ({ ...r, runId: id, row, status: 'pending' as const }));
    if (answers.length === 0) throw new NotFoundError('There are no answers to check in this run.');
    const models: string[] = [];
    const tags = new Set<string>();
    for (const a of answers) {
      if (a.model && !models.includes(a.model)) models.push(a.model);
      for (const t of Object.keys(a.tags ?? {})) tags.add(t);
    }
    const counts = { ...ZERO, answers: answers.length };
    for (const a of answers) addCounts(counts, a, 1);
    const firstReport = answers.find((a) => a.report)?.report;
    const run: BatchRun = {
      id,
      name: input.name,
      createdAt: now,
      updatedAt: now,
      source: input.source,
      ...(input.file ? { file: input.file } : {}),
      settings: input.settings,
      state: finished ? 'done' : input.start === false ? 'paused' : 'queued',
      counts,
      models,
      tags: [...tags],
      ...(input.issues?.length ? { issues: capIssues(input.issues) } : {}),
      elapsedMs: 0,
      ...(finished && firstReport ? { method: firstReport.method, corpora: firstReport.corpora, finishedAt: now } : {}),
    };
    await createBatchRun(this.db, run, answers);
    this.emitRun(run, true);
    if (run.state === 'queued') this.kick();
    return run;
  }

  async control(runId: string, action: BatchAction): Promise<BatchRun> {
    const run = await this.get(runId);
    if (action === 'start' || action === 'resume') {
      if (run.state === 'paused' || run.state === 'failed') {
        run.state = 'queued';
        delete run.error;
        await this.save(run);
        this.emitRun(run, true);
      }
      if (run.state === 'queued' || run.state === 'running') this.kick();
      return this.get(runId);
    }
    const stop: Stop = action === 'pause' ? 'paused' : 'cancelled';
    if (this.active?.runId === runId) {
      this.active.stop = stop;
      this.active.controller.abort();
      await this.active.ended;
      return this.get(runId);
    }
    if (run.state === 'queued' || (run.state === 'paused' && stop === 'cancelled') || (run.state === 'running' && !this.live.has(runId))) {
      run.state = stop;
      await this.save(run);
      this.emitRun(run, true);
    }
    return run;
  }

  async list(): Promise<BatchRun[]> {
    return (await listBatchRuns(this.db)).map((r) => this.live.get(r.id) ?? r);
  }

  async answers(runId: string, page: BatchPage = {}): Promise<BatchAnswer[]> {
    await this.get(runId);
    return loadBatchAnswers(this.db, runId, page.offset ?? 0, page.limit ?? Infinity);
  }

  async claims(runId: string, page: BatchPage = {}): Promise<BatchClaimRow[]> {
    const run = await this.get(runId);
    const [answers, reviews] = await Promise.all([loadBatchAnswers(this.db, runId), listReviews(this.db, runId)]);
    const rows = claimRows(run, answers, reviews);
    const offset = page.offset ?? 0;
    return rows.slice(offset, page.limit === undefined ? undefined : offset + page.limit);
  }

  async stats(runId: string, by = 'model'): Promise<BatchStats> {
    const run = await this.get(runId);
    const [answers, reviews] = await Promise.all([loadBatchAnswers(this.db, runId), listReviews(this.db, runId)]);
    const results = toResults(answers);
    return { by, groups: groupStats(results, by), all: statsOf('all', results), agreement: agreement(claimRows(run, answers, reviews)) };
  }

  async compare(a: BatchSideRef, b: BatchSideRef, by?: PairBy): Promise<Comparison> {
    const side = async (ref: BatchSideRef) => {
      const run = await this.get(ref.runId);
      const answers = await loadBatchAnswers(this.db, ref.runId);
      return { label: ref.model ? (a.runId === b.runId ? ref.model : `${run.name} · ${ref.model}`) : run.name, answers: ref.model ? answers.filter((x) => x.model === ref.model) : answers };
    };
    const [sa, sb] = await Promise.all([side(a), side(b)]);
    return compare(sa, sb, by);
  }

  async export(runId: string, format: BatchExportFormat, opts: BatchExportOptions = {}): Promise<string> {
    const run = await this.get(runId);
    const [answers, reviews] = await Promise.all([loadBatchAnswers(this.db, runId), listReviews(this.db, runId)]);
    if (format === 'json') return runToJSON(run, answers, reviews);
    const rows = claimRows(run, answers, reviews);
    if (format === 'csv') return claimsToCSV(run, rows);
    if (format === 'eval') return reviewedToEvalJsonl(rows, { withEvidence: opts.withEvidence });
    return runToHtml(run, answers, rows, { by: opts.by });
  }

  async delete(runId: string): Promise<void> {
    if (this.active?.runId === runId) {
      this.active.stop = 'cancelled';
      this.active.controller.abort();
      await this.active.ended;
    }
    await deleteBatchRun(this.db, runId);
    this.deps.emit({ type: 'batch-deleted', runId });
  }

  /** On the checker's start: runs that were running or queued when it last stopped go on where they stopped. */
  async resumeStored(): Promise<void> {
    const runs = await listBatchRuns(this.db);
    if (runs.some((r) => r.state === 'running' || r.state === 'queued')) this.kick();
  }

  /** Resolves once no run is being checked (tests; a paused or finished queue). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  private async get(runId: string): Promise<BatchRun> {
    const live = this.live.get(runId);
    if (live) return { ...live, counts: { ...live.counts } };
    const run = await getBatchRun(this.db, runId);
    if (!run) throw new NotFoundError(`There is no batch run "${runId}".`);
    return run;
  }

  private async save(run: BatchRun, finished: BatchAnswer[] = []): Promise<void> {
    run.updatedAt = new Date().toISOString();
    await saveBatchProgress(this.db, run, finished);
  }

  /** Starts the loop that checks queued runs one after another, unless it runs. */
  private kick(): void {
    this.loop ??= withRunnerLock(async () => {
      try {
        for (;;) {
          const runs = await listBatchRuns(this.db);
          // A run that was running (cut short by a reload) first, then the oldest queued.
          const next = runs.find((r) => r.state === 'running') ?? runs.filter((r) => r.state === 'queued').at(-1);
          if (!next) return;
          await this.runOne(next);
        }
      } catch {
        // The database went away (the page is closing): the stored state resumes next start.
      }
    }).finally(() => {
      this.loop = null;
    });
  }

  private async runOne(listed: BatchRun): Promise<void> {
    // Read again: a pause or cancel may have come since it was listed.
    const run = await getBatchRun(this.db, listed.id);
    if (!run || (run.state !== 'queued' && run.state !== 'running')) return;
    const controller = new AbortController();
    let endedResolve!: () => void;
    const active: Active = { runId: run.id, controller, stop: null, ended: new Promise((r) => (endedResolve = r)) };
    this.active = active;
    this.live.set(run.id, run);
    try {
      await this.check(run, active);
    } finally {
      this.live.delete(run.id);
      this.active = null;
      endedResolve();
    }
  }

  private async check(run: BatchRun, active: Active): Promise<void> {
    const { signal } = active.controller;
    const segmentStart = performance.now();
    const elapsedBase = run.elapsedMs;
    run.state = 'running';
    run.startedAt ??= new Date().toISOString();
    delete run.error;
    const end = async (state: BatchRun['state'], error?: ErrorPayload) => {
      run.state = state;
      if (error) run.error = error;
      else delete run.error;
      if (state === 'done') run.finishedAt = new Date().toISOString();
      run.elapsedMs = elapsedBase + (performance.now() - segmentStart);
      try {
        await this.save(run);
      } catch (err) {
        // Nothing more can be stored: the state is reported, and the stored
        // run (queued/running) resumes on the next start.
        run.error = toErrorPayload(err);
      }
      this.emitRun(run, true);
    };
    try {
      await this.save(run);
    } catch (err) {
      return end('paused', toErrorPayload(err));
    }
    this.emitRun(run, true);

    let setup: BatchCheckSetup;
    let pending: BatchAnswer[];
    try {
      setup = await this.deps.setup(run.settings, signal);
      pending = await this.db.batchAnswers.where('[runId+status]').equals([run.id, 'pending']).sortBy('row');
    } catch (err) {
      if (active.stop) return end(active.stop);
      return end('failed', toErrorPayload(err));
    }
    if (!setup.retriever && pending.some((a) => !a.evidence?.length)) {
      return end(
        'failed',
        toErrorPayload(new EmptyCorpusError('There is no evidence corpus to check against: install the MedQuAD pack or import files in Corpora, or give each answer its own evidence.')),
      );
    }
    run.corpora = setup.corpora;

    const flushMs = this.deps.flushMs ?? 1000;
    const flushAnswers = this.deps.flushAnswers ?? 200;
    const cache = new BoundedVerdictCache();
    const deps: CheckDeps | null = setup.retriever ? { retriever: setup.retriever, verifier: setup.verifier, corpora: setup.corpora, cache } : null;
    let buffer: BatchAnswer[] = [];
    let lastFlush = performance.now();
    let lastYield = performance.now();
    let finishedHere = 0;
    const total = run.counts.answers;

    const flush = async (): Promise<boolean> => {
      const batch = buffer;
      buffer = [];
      lastFlush = performance.now();
      run.elapsedMs = elapsedBase + (performance.now() - segmentStart);
      try {
        const full = this.deps.quotaAfterFlushes?.();
        if (full !== undefined && this.flushes >= full) throw new StorageQuotaError(quotaMessage);
        await this.save(run, batch);
        this.flushes++;
        return true;
      } catch (err) {
        // Not stored: those answers stay pending, and the counts go back to what is stored.
        for (const a of batch) addCounts(run.counts, a, -1);
        if (err instanceof StorageQuotaError) await end('paused', toErrorPayload(err));
        else await end('failed', toErrorPayload(err));
        return false;
      }
    };

    for (let i = 0; i < pending.length; i++) {
      const answer = pending[i];
      if (active.stop) break;
      // A check from the Check view goes first.
      while (this.deps.busy() && !active.stop) await sleep(20);
      if (active.stop) break;
      // Let messages in (a pause, a check) now and then.
      if (performance.now() - lastYield > 25) {
        await sleep(0);
        lastYield = performance.now();
        if (active.stop) break;
      }
      const t0 = performance.now();
      const given = !!answer.evidence?.length;
      try {
        const answerDeps: CheckDeps = given
          ? { retriever: new PassageRetriever(answer.evidence!), verifier: setup.verifier, corpora: { given: 'given' } }
          : deps!;
        const report = await checkAnswer(answer.answer, answerDeps, { checkReasoning: run.settings.checkReasoning, signal });
        report.method = setup.method(report, given);
        run.method ??= report.method;
        answer.status = 'done';
        answer.report = report;
      } catch (err) {
        if (active.stop && (err instanceof AbortedError || signal.aborted)) break;
        answer.status = 'failed';
        answer.error = toErrorPayload(err);
      }
      answer.checkedAt = new Date().toISOString();
      answer.ms = Math.round(performance.now() - t0);
      addCounts(run.counts, answer, 1);
      finishedHere++;
      buffer.push(answer);
      // Held by the buffer until it is stored, then let go (a long run keeps no reports in memory).
      (pending as (BatchAnswer | null)[])[i] = null;
      if (buffer.length >= flushAnswers || performance.now() - lastFlush >= flushMs) {
        if (!(await flush())) return;
      }
      this.progress(run, finishedHere, performance.now() - segmentStart, total);
      const delay = this.deps.answerDelayMs?.() ?? 0;
      if (delay > 0) await sleep(delay);
    }
    if (buffer.length && !(await flush())) return;
    const done = run.counts.done + run.counts.failed >= total;
    await end(active.stop ?? (done ? 'done' : 'paused'));
  }

  private lastProgress = 0;
  /** Flushes stored by this service (for the test hook quotaAfterFlushes). */
  private flushes = 0;

  /** A throttled progress event. */
  private progress(run: BatchRun, finishedHere: number, ms: number, total: number): void {
    const now = performance.now();
    if (now - this.lastProgress < (this.deps.progressMs ?? 250)) return;
    this.lastProgress = now;
    this.emitRun(run, false, finishedHere, ms, total);
  }

  private emitRun(run: BatchRun, always: boolean, finishedHere = 0, ms = 0, total = run.counts.answers): void {
    if (always) this.lastProgress = performance.now();
    const done = run.counts.done + run.counts.failed;
    const rate = ms > 0 ? finishedHere / (ms / 1000) : 0;
    const progress: BatchProgress = {
      runId: run.id,
      state: run.state,
      done,
      total,
      failed: run.counts.failed,
      claims: run.counts.claims,
      answersPerSecond: rate,
      secondsLeft: run.state === 'done' ? 0 : rate > 0 ? (total - done) / rate : null,
    };
    this.deps.emit({ type: 'batch', run: { ...run, counts: { ...run.counts } }, progress });
  }
}

/** At most 1,000 issues are kept with a run (a file of 10,000 bad rows would make every event heavy); the rest are counted. */
function capIssues(issues: readonly BatchImportIssue[], max = 1000): BatchImportIssue[] {
  if (issues.length <= max) return [...issues];
  const rest = issues.length - max;
  return [...issues.slice(0, max), { line: 0, kind: 'skipped', message: `… and ${rest.toLocaleString('en-US')} more problems (only the first ${max.toLocaleString('en-US')} are kept with the run).` }];
}

/** Adds (sign 1) or takes back (-1) a finished answer's share of the counts. */
function addCounts(counts: BatchCounts, a: BatchAnswer, sign: 1 | -1): void {
  if (a.status === 'done' && a.report) {
    counts.done += sign;
    for (const c of a.report.claims) {
      counts.claims += sign;
      counts[c.verdict] += sign;
    }
  } else if (a.status === 'failed') counts.failed += sign;
}

/**
 * Runs the queue under a Web Lock where there is one (browsers): with the app
 * open in two tabs, one checker works through the runs and the other waits,
 * taking over when that tab closes. Node has no locks: it runs at once.
 */
function withRunnerLock(fn: () => Promise<void>): Promise<void> {
  const locks = (globalThis as { navigator?: { locks?: { request(name: string, cb: () => Promise<void>): Promise<void> } } }).navigator?.locks;
  return locks ? locks.request('claimlens-batch-runner', fn) : fn();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The run's verdict cache: in memory, the most recent verdicts only (each holds its evidence passages). */
class BoundedVerdictCache implements VerdictCache {
  private readonly map = new Map<string, ClaimResult>();
  constructor(private readonly max = 5000) {}
  async get(key: string): Promise<ClaimResult | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: ClaimResult): Promise<void> {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

/**
 * A chunk store that keeps what it read: a run asks for the same passages
 * over and over, and each read from IndexedDB is a transaction.
 */
export class CachedChunkStore implements ChunkStore {
  private readonly cache = new Map<string, Chunk>();
  constructor(
    private readonly inner: ChunkStore,
    private readonly max = 20_000,
  ) {}

  async getChunks(ids: string[]): Promise<Chunk[]> {
    const missing = ids.filter((id) => !this.cache.has(id));
    if (missing.length) {
      const got = await this.inner.getChunks(missing);
      if (this.cache.size + got.length > this.max) this.cache.clear();
      for (const c of got) this.cache.set(c.id, c);
    }
    return ids.map((id) => this.cache.get(id)).filter((c): c is Chunk => c !== undefined);
  }
}
