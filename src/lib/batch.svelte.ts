// The Batch view's state: the runs, the open run (its answers, claims and the
// reviews of its claims), live progress from the checker's 'batch' events,
// the file being imported, and the actions (create, pause, resume, cancel,
// delete, review). The checker runs the batches (src/app/batch-service.ts);
// reviews and History are read and written here straight in IndexedDB (as
// History does). Loaded only with the Batch view.
import type { BatchAnswer, BatchAction, BatchFileResult, BatchProgress, BatchRun, BatchSettings, Review } from '../core/batch/types.ts';
import { claimKey } from '../core/batch/types.ts';
import { toResults } from '../core/batch/rows.ts';
import type { CheckerEvent } from '../core/checker.ts';
import type { CheckRecord } from '../core/export.ts';
import type { Conversation } from '../core/conversation.ts';
import { rowsFromChecks, rowsFromConversations } from '../core/batch/sources.ts';
import type { Verdict } from '../core/types.ts';
import type { TableItem } from './claim-table.ts';
import { checker } from './checker.ts';
import { describeError, type UiMessage } from './messages.ts';

async function database() {
  const mod = await import('../db.ts');
  db ??= new mod.ClaimLensDB();
  return { db, ...mod };
}
let db: import('../db.ts').ClaimLensDB | undefined;

/** The open run in the address: #/batch/run/<id>. */
function runFromHash(): string | null {
  const m = /^#\/batch\/run\/([^/?#]+)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

export type ImportState =
  | { state: 'none' }
  | { state: 'reading'; file: string }
  | { state: 'read'; file: string; parsed: BatchFileResult }
  | { state: 'failed'; file: string; error: UiMessage };

/** Answers read from the checker per message. */
const ANSWER_PAGE = 50;

/** Runs that the checker is working on or will resume by itself. */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a constant, never changed
export const ACTIVE: ReadonlySet<BatchRun['state']> = new Set(['queued', 'running']);

class BatchState {
  /** Every run, newest first (checker.listBatches()). */
  runs = $state.raw<BatchRun[]>([]);
  listed = $state(false);
  /** Latest progress per run id, from 'batch' events. */
  progress = $state.raw<Record<string, BatchProgress>>({});
  error = $state<UiMessage | null>(null);

  /** The open run's id (in the address). */
  openId = $state<string | null>(runFromHash());
  /** Its answers (checked ones with their reports), and the reviews of its claims by claim key. */
  answers = $state.raw<BatchAnswer[]>([]);
  reviews = $state.raw<Map<string, Review>>(new Map());
  /** True while the open run's answers are being read. */
  loadingAnswers = $state(false);

  /** The file being imported. */
  importing = $state.raw<ImportState>({ state: 'none' });

  /** History's checks and Ask's conversations, to start a run from some of them. */
  historyRecords = $state.raw<CheckRecord[]>([]);
  conversations = $state.raw<Conversation[]>([]);

  openRun = $derived(this.runs.find((r) => r.id === this.openId) ?? null);

  /** The open run's answers as the statistics read them. */
  results = $derived(toResults(this.answers));

  /** Every claim of the open run, for the claim table. */
  items = $derived.by(() => {
    const out: TableItem[] = [];
    for (const a of this.answers) {
      a.report?.claims.forEach((claim, i) => {
        const key = claimKey(a.runId, a.row, i);
        const review = this.reviews.get(key);
        out.push({ id: key, claim, model: a.model, answerId: a.id, question: a.question, ...(review ? { review: review.label } : {}) });
      });
    }
    return out;
  });

  private started = false;
  private loadSeq = 0;

  /** Lists the runs and follows the checker's batch events (once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    checker.onEvent((e) => this.receive(e));
    addEventListener('hashchange', () => {
      const id = runFromHash();
      if (location.hash.startsWith('#/batch') && id !== this.openId) void this.open(id);
    });
    void this.refresh().then(() => {
      if (this.openId) void this.open(this.openId);
    });
  }

  async refresh(): Promise<void> {
    try {
      this.runs = await checker.listBatches();
      this.error = null;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.listed = true;
    }
  }

  /** Applies a checker event. */
  receive(e: CheckerEvent): void {
    if (e.type === 'batch') {
      // Plain data replaced as a whole (no deep state proxies): a progress event costs the page next to nothing.
      const before = this.runs.find((r) => r.id === e.run.id);
      this.progress = { ...this.progress, [e.run.id]: e.progress };
      this.runs = before ? this.runs.map((r) => (r.id === e.run.id ? e.run : r)) : [e.run, ...this.runs];
      // The open run's answers are read again when it stops (done, paused…), not on every answer.
      if (e.run.id === this.openId && before?.state !== e.run.state && !ACTIVE.has(e.run.state)) void this.loadAnswers();
    } else if (e.type === 'batch-deleted') {
      this.runs = this.runs.filter((r) => r.id !== e.runId);
      const rest = { ...this.progress };
      delete rest[e.runId];
      this.progress = rest;
      if (this.openId === e.runId) this.close();
    }
  }

  /** Opens a run (null: the list). */
  async open(id: string | null): Promise<void> {
    this.openId = id;
    const hash = id ? `#/batch/run/${encodeURIComponent(id)}` : '#/batch';
    if (location.hash !== hash) history.replaceState(null, '', hash);
    this.answers = [];
    this.reviews = new Map();
    const run = this.runs.find((r) => r.id === id);
    // A run that has just started has nothing to show yet: its answers are read when it stops (or on request).
    if (id && !(run && ACTIVE.has(run.state) && run.counts.done + run.counts.failed === 0)) await this.loadAnswers();
  }

  close(): void {
    void this.open(null);
  }

  /** Reads the open run's answers and reviews again. */
  async loadAnswers(): Promise<void> {
    const id = this.openId;
    if (!id) return;
    const seq = ++this.loadSeq;
    this.loadingAnswers = true;
    try {
      // In pages, each its own message: the main thread never unpacks one huge message
      // (1,000 checked answers with their evidence are tens of megabytes).
      const answers: BatchAnswer[] = [];
      for (let offset = 0; ; offset += ANSWER_PAGE) {
        const page = await checker.batchAnswers(id, { offset, limit: ANSWER_PAGE });
        if (seq !== this.loadSeq) return;
        answers.push(...page);
        if (page.length < ANSWER_PAGE) break;
      }
      const { db, listReviews } = await database();
      const reviews = await listReviews(db, id);
      if (seq !== this.loadSeq) return;
      this.answers = answers;
      this.reviews = new Map(reviews.map((r) => [r.key, r]));
    } catch (err) {
      if (seq === this.loadSeq) this.error = describeError(err);
    } finally {
      if (seq === this.loadSeq) this.loadingAnswers = false;
    }
  }

  /** Reads a dropped or chosen file (JSONL, CSV, or a CLI results file). */
  async readFile(file: File): Promise<void> {
    this.importing = { state: 'reading', file: file.name };
    try {
      const { readBatchFile } = await import('../core/batch/import.ts');
      this.importing = { state: 'read', file: file.name, parsed: await readBatchFile(file) };
    } catch (err) {
      this.importing = { state: 'failed', file: file.name, error: describeError(err) };
    }
  }

  clearImport(): void {
    this.importing = { state: 'none' };
  }

  /** Makes a run of the file read (and starts it), then opens it. */
  async createFromFile(name: string, settings: BatchSettings): Promise<void> {
    const imp = this.importing;
    if (imp.state !== 'read') return;
    const p = imp.parsed;
    await this.create(() =>
      checker.createBatch({
        name: name.trim() || imp.file,
        source: p.kind === 'results' ? 'results' : 'file',
        file: imp.file,
        // Plain data for the worker (no state proxies).
        settings: $state.snapshot(settings),
        ...(p.kind === 'results' ? { results: p.results } : { rows: p.rows }),
        issues: p.issues,
      }),
    );
    if (!this.error) this.clearImport();
  }

  /** Makes a run of History's checks and Ask's conversations (their answers are checked again with these settings). */
  async createFromSaved(checkIds: readonly string[], conversationIds: readonly string[], name: string, settings: BatchSettings): Promise<void> {
    const checks = this.historyRecords.filter((r) => checkIds.includes(r.id));
    const conversations = this.conversations.filter((c) => conversationIds.includes(c.id));
    const rows = [...rowsFromChecks(checks), ...rowsFromConversations(conversations)];
    if (!rows.length) {
      this.error = { tone: 'warning', title: 'Nothing to check', detail: 'The chosen checks and conversations hold no finished answer.' };
      return;
    }
    const source = checks.length ? 'history' : 'ask';
    await this.create(() =>
      checker.createBatch({
        name: name.trim() || `${rows.length} answers from ${source === 'history' ? 'History' : 'Ask'}`,
        source,
        // Plain data for the worker (no state proxies).
        settings: $state.snapshot(settings),
        rows,
      }),
    );
  }

  private async create(make: () => Promise<BatchRun>): Promise<void> {
    try {
      const run = await make();
      this.runs = [run, ...this.runs.filter((r) => r.id !== run.id)];
      this.error = null;
      await this.open(run.id);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async loadHistory(): Promise<void> {
    try {
      const { db, listChecks, listConversations } = await database();
      [this.historyRecords, this.conversations] = await Promise.all([listChecks(db), listConversations(db)]);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async control(id: string, action: BatchAction): Promise<void> {
    try {
      const run = await checker.batchControl(id, action);
      this.runs = this.runs.map((r) => (r.id === id ? run : r));
      if (id === this.openId && !ACTIVE.has(run.state)) await this.loadAnswers();
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await checker.deleteBatch(id);
      this.runs = this.runs.filter((r) => r.id !== id);
      if (this.openId === id) this.close();
    } catch (err) {
      this.error = describeError(err);
    }
  }

  /** Stores the reviewer's label for a claim of the open run (label equal to the verdict: they agree). */
  async review(item: TableItem, label: Verdict, note: string): Promise<void> {
    const runId = this.openId;
    if (!runId) return;
    const review: Review = {
      key: item.id,
      runId,
      label,
      ...(note.trim() ? { note: note.trim() } : {}),
      verdict: item.claim.verdict,
      claim: item.claim.text,
      reviewedAt: new Date().toISOString(),
    };
    try {
      const { db, saveReview } = await database();
      await saveReview(db, review);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new map replaces the state whole (copy, then assign)
      this.reviews = new Map(this.reviews).set(review.key, review);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async unreview(key: string): Promise<void> {
    try {
      const { db, deleteReview } = await database();
      await deleteReview(db, key);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new map replaces the state whole (copy, then assign)
      const next = new Map(this.reviews);
      next.delete(key);
      this.reviews = next;
    } catch (err) {
      this.error = describeError(err);
    }
  }
}

export const batch = new BatchState();
