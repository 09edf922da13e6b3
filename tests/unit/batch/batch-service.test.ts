// Batch runs in the checker (CheckerService + BatchService) in Node, on fake
// IndexedDB, with a pack made from the real MedQuAD MedlinePlus health topics
// (as tests/unit/checker-service.test.ts): a run checks every answer as a
// single check would; pause, resume, a "reload" (a new service on the same
// database), cancel, the Check view's priority and a full disk.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CheckerService, type PackEntry } from '../../../src/app/checker-service.ts';
import { ClaimLensDB, loadBatchAnswers, pendingBatchRows, saveReview } from '../../../src/db.ts';
import { groupStats } from '../../../src/core/batch/stats.ts';
import { toResults } from '../../../src/core/batch/rows.ts';
import { corpusFromImport, encodePack, importFile, makePack } from '../../../src/core/evidence/index.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import { checkAnswer } from '../../../src/core/pipeline.ts';
import { PassageRetriever } from '../../../src/core/retrieval/passages.ts';
import type { Chunk } from '../../../src/core/types.ts';
import type { CheckerEvent } from '../../../src/core/checker.ts';
import type { TestHooks } from '../../../src/testing/test-hooks.ts';
import type { BatchInputRow, BatchProgress, BatchRun, BatchSettings } from '../../../src/core/batch/types.ts';
import { hasMedQuAD, medquadFiles } from '../evidence/shared.ts';

const BASE = 'http://app.test/';
let files: Record<string, Uint8Array>;

/** Answers written from MedlinePlus topics: true sentences, altered ones, and one with nothing to check. */
const SENTENCES = [
  "Glaucoma is a group of diseases that can damage the eye's optic nerve.",
  'Glaucoma is a rare disease that only affects children.',
  'Anemia is a condition in which your blood has a lower than normal amount of red blood cells.',
  'Asthma is a chronic disease that affects your airways.',
  'Asthma is caused by eating too much sugar.',
  'Insulin is a hormone made by the pancreas.',
  'Kidney stones are hard deposits that form in the kidneys.',
  'Tinnitus is often described as ringing in the ears.',
];

function answers(n: number): BatchInputRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${i + 1}`,
    line: i + 1,
    question: `Question ${i % 5}`,
    model: i % 2 ? 'model-b' : 'model-a',
    answer: `${SENTENCES[i % SENTENCES.length]} ${SENTENCES[(i + 3) % SENTENCES.length]}`,
    tags: { topic: `t${i % 3}` },
  }));
}

const OFFLINE: BatchSettings = { verifier: 'offline', corpora: [], checkReasoning: false };

beforeAll(() => {
  if (!hasMedQuAD) return;
  const xml = medquadFiles((name) => name.includes('4_MPlus_Health_Topics_QA/') && name.endsWith('.xml'));
  const chunks: Chunk[] = [];
  for (const [name, bytes] of Object.entries(xml)) chunks.push(...importFile(name, bytes, 'medquad').chunks);
  const { meta, chunks: all } = corpusFromImport(
    { chunks, documents: Object.keys(xml).length, skippedEmpty: 0, issues: [] },
    { id: 'medquad', name: 'MedQuAD', license: 'CC BY 4.0' },
  );
  const pack = encodePack(makePack(meta, all), 6);
  const entry: PackEntry = { id: 'medquad', file: 'medquad.pack.json.gz', bytes: pack.length, sha256: createHash('sha256').update(pack).digest('hex'), meta };
  files = { 'evidence/manifest.json': new TextEncoder().encode(JSON.stringify({ packs: [entry] })), 'evidence/medquad.pack.json.gz': pack };
});

const fetchFn = (async (input: string | URL | Request) => {
  const url = new URL(String(input instanceof Request ? input.url : input));
  const body = files[url.pathname.replace(/^\//, '')];
  if (!body) return new Response('not found', { status: 404 });
  return new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(body.length) } });
}) as typeof fetch;

const dbs: ClaimLensDB[] = [];
let n = 0;

/** A checker on its own database (or on `name`'s: a reload), with batch events recorded. */
async function start(name = `batch-test-${n++}`, hooks: Pick<TestHooks, 'batchAnswerDelayMs' | 'batchQuotaAfterFlushes'> = {}) {
  const db = new ClaimLensDB(name);
  dbs.push(db);
  const checker = new CheckerService({ db, verifier: createFeatureVerifier(), baseUrl: BASE, fetch: fetchFn, saveDelayMs: 0, batch: {
      flushAnswers: 2,
      flushMs: 600_000,
      progressMs: 0,
      answerDelayMs: () => hooks.batchAnswerDelayMs ?? 0,
      quotaAfterFlushes: () => hooks.batchQuotaAfterFlushes,
    },
  });
  const events: { run: BatchRun; progress: BatchProgress }[] = [];
  checker.onEvent((e: CheckerEvent) => {
    if (e.type === 'batch') events.push(e);
  });
  await checker.init();
  await checker.whenSaved();
  return { db, checker, events, name };
}

/** Resolves when an event satisfies `test`. */
function until(events: { progress: BatchProgress }[], test: (p: BatchProgress) => boolean): Promise<void> {
  return expect.poll(() => events.some((e) => test(e.progress)), { timeout: 20_000, interval: 5 }).toBe(true) as unknown as Promise<void>;
}

afterEach(async () => {
  const open = dbs.splice(0);
  for (const db of open) db.close();
  for (const name of new Set(open.map((db) => db.name))) await Dexie.delete(name);
});

// Skipped without ../shared/data (see NO_SHARED).
describe.skipIf(!hasMedQuAD)('batch runs', () => {
  it('checks every answer as a single check does, stores each report, counts per verdict, and reports progress', async () => {
    const { db, checker, events } = await start();
    const rows = answers(6);
    rows.push({ id: 'ev', answer: 'Tinnitus is often described as ringing in the ears.', evidence: ['Tinnitus is often described as a ringing in the ears. It also can sound like roaring, clicking, hissing, or buzzing.'], model: 'model-a' });
    rows.push({ id: 'nothing', answer: 'Hello! How can I help you today?', model: 'model-b' });
    const t0 = performance.now();
    const created = await checker.createBatch({ name: 'run 1', source: 'file', file: 'answers.jsonl', settings: OFFLINE, rows });
    expect(created).toMatchObject({ state: 'queued', models: ['model-a', 'model-b'], tags: ['topic'], counts: { answers: 8, done: 0 } });
    await checker.batch.idle();
    const wall = performance.now() - t0;
    const [run] = await checker.listBatches();
    expect(run.state).toBe('done');
    // Running time, counted once.
    expect(run.elapsedMs).toBeGreaterThan(0);
    expect(run.elapsedMs).toBeLessThanOrEqual(wall);
    expect(run.counts).toMatchObject({ answers: 8, done: 7, failed: 1 });
    expect(run.corpora).toEqual({ medquad: expect.any(String) });
    expect(run.method).toMatchObject({ retrieval: 'bm25', verifier: 'features' });

    const stored = await loadBatchAnswers(db, run.id);
    expect(stored.map((a) => a.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'done', 'failed']);
    expect(stored[7].error).toMatchObject({ name: 'EmptyInputError' });
    // The same verdicts as the Check view gives each answer.
    for (const a of stored.slice(0, 6)) {
      const single = await checker.check(a.answer, { checkReasoning: false, save: false });
      expect(a.report!.claims.map((c) => [c.text, c.verdict, c.confidence])).toEqual(single.record.report.claims.map((c) => [c.text, c.verdict, c.confidence]));
    }
    // The answer with its own evidence was checked against just that passage.
    const given = await checkAnswer(rows[6].answer, { retriever: new PassageRetriever(rows[6].evidence!), verifier: createFeatureVerifier(), corpora: { given: 'given' } });
    expect(stored[6].report!.corpora).toEqual({ given: 'given' });
    expect(stored[6].report!.claims.map((c) => [c.verdict, c.evidence[0]?.corpus])).toEqual(given.claims.map((c) => [c.verdict, 'given']));
    expect(stored[6].report!.claims[0].verdict).toBe('supported');
    const claims = stored.flatMap((a) => a.report?.claims ?? []);
    expect(run.counts.claims).toBe(claims.length);
    expect(run.counts.supported).toBe(claims.filter((c) => c.verdict === 'supported').length);
    expect(run.counts.contradicted).toBe(claims.filter((c) => c.verdict === 'contradicted').length);

    const last = events.at(-1)!.progress;
    expect(last).toMatchObject({ runId: run.id, state: 'done', done: 8, total: 8, failed: 1, secondsLeft: 0 });
    const mid = events.find((e) => e.progress.state === 'running' && e.progress.done > 0)!.progress;
    expect(mid.answersPerSecond).toBeGreaterThan(0);
    expect(mid.secondsLeft).toBeGreaterThan(0);

    const rowsOut = await checker.batchClaims(run.id);
    expect(rowsOut).toHaveLength(claims.length);
    expect(rowsOut[0]).toMatchObject({ key: `${run.id}:0:0`, answerId: 'q1', model: 'model-a', corpus: expect.stringMatching(/^medquad@/), method: 'bm25 + features' });
    expect(await checker.batchClaims(run.id, { offset: 2, limit: 3 })).toEqual(rowsOut.slice(2, 5));
    expect((await checker.batchAnswers(run.id, { offset: 6, limit: 5 })).map((a) => a.id)).toEqual(['ev', 'nothing']);
  });

  it('pauses between answers, keeps what was done, and resumes to the same results as a run straight through', async () => {
    const { db, checker, events } = await start(undefined, { batchAnswerDelayMs: 20 });
    const run = await checker.createBatch({ name: 'paused', source: 'file', settings: OFFLINE, rows: answers(12) });
    await until(events, (p) => p.done >= 3);
    const paused = await checker.batchControl(run.id, 'pause');
    expect(paused.state).toBe('paused');
    const done = paused.counts.done;
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(12);
    // What the stored run says is what is stored.
    expect((await db.batchRuns.get(run.id))!.counts.done).toBe(done);
    expect(await pendingBatchRows(db, run.id)).toHaveLength(12 - done);
    await checker.batch.idle();
    expect((await checker.listBatches())[0].state).toBe('paused');

    await checker.batchControl(run.id, 'resume');
    await checker.batch.idle();
    const after = await loadBatchAnswers(db, run.id);
    expect(after.every((a) => a.status === 'done')).toBe(true);

    const straight = await checker.createBatch({ name: 'straight', source: 'file', settings: OFFLINE, rows: answers(12) });
    await checker.batch.idle();
    const reference = await loadBatchAnswers(db, straight.id);
    expect(after.map((a) => a.report!.claims.map((c) => c.verdict))).toEqual(reference.map((a) => a.report!.claims.map((c) => c.verdict)));
    expect((await db.batchRuns.get(run.id))!.counts).toEqual((await db.batchRuns.get(straight.id))!.counts);
  });

  it('resumes a run cut short (the tab closed mid-run) when a new checker starts on the same database', async () => {
    const first = await start(undefined, { batchAnswerDelayMs: 20 });
    const run = await first.checker.createBatch({ name: 'reload', source: 'file', settings: OFFLINE, rows: answers(10) });
    await until(first.events, (p) => p.done >= 4);
    // The tab closes: its database connection goes, nothing more is written.
    first.db.close();
    await first.checker.batch.idle();
    const before = new ClaimLensDB(first.name);
    dbs.push(before);
    const stored = await before.batchRuns.get(run.id);
    expect(stored!.state).toBe('running');
    const storedDone = (await loadBatchAnswers(before, run.id)).filter((a) => a.status === 'done');
    expect(storedDone.length).toBe(stored!.counts.done);
    expect(storedDone.length).toBeGreaterThanOrEqual(2);
    const checkedAt = new Map(storedDone.map((a) => [a.row, a.checkedAt]));

    const second = await start(first.name);
    await until(second.events, (p) => p.state === 'done');
    await second.checker.batch.idle();
    const all = await loadBatchAnswers(second.db, run.id);
    expect(all.every((a) => a.status === 'done')).toBe(true);
    // Answers stored before the reload were not checked again.
    for (const a of all) if (checkedAt.has(a.row)) expect(a.checkedAt).toBe(checkedAt.get(a.row));
    expect(second.events[0].progress.done).toBe(storedDone.length);
    expect((await second.checker.listBatches())[0].counts.done).toBe(10);
  });

  it('cancels a run: it stops, keeps what was done, and does not resume', async () => {
    const { db, checker, events } = await start(undefined, { batchAnswerDelayMs: 20 });
    const run = await checker.createBatch({ name: 'cancel', source: 'file', settings: OFFLINE, rows: answers(12) });
    await until(events, (p) => p.done >= 2);
    const cancelled = await checker.batchControl(run.id, 'cancel');
    expect(cancelled.state).toBe('cancelled');
    expect(await checker.batchControl(run.id, 'resume')).toMatchObject({ state: 'cancelled' });
    await checker.batch.idle();
    const stored = await loadBatchAnswers(db, run.id);
    expect(stored.filter((a) => a.status === 'done')).toHaveLength(cancelled.counts.done);
    expect(stored.some((a) => a.status === 'pending')).toBe(true);
    await checker.deleteBatch(run.id);
    expect(await checker.listBatches()).toEqual([]);
    expect(await db.batchAnswers.count()).toBe(0);
  });

  it('lets a check from the Check view go first: no answer of the run starts while it runs', async () => {
    const { checker, events } = await start(undefined, { batchAnswerDelayMs: 2 });
    const run = await checker.createBatch({ name: 'priority', source: 'file', settings: OFFLINE, rows: answers(30) });
    await until(events, (p) => p.done >= 2);
    const finishedDuring: number[] = [];
    const stop = checker.onEvent((e) => {
      if (e.type === 'batch' && e.progress.state === 'running') finishedDuring.push(e.progress.done);
    });
    const long = SENTENCES.join(' ').repeat(3);
    const outcome = await checker.check(long, { checkReasoning: false, save: false });
    stop();
    expect(outcome.record.report.claims.length).toBeGreaterThan(0);
    // At most the answer that was already in flight finished during the check.
    expect(new Set(finishedDuring).size).toBeLessThanOrEqual(1);
    await checker.batchControl(run.id, 'cancel');
  });

  it('pauses with the storage message when the disk is full mid-run; what was stored stays and it resumes', async () => {
    const { db, checker, events } = await start(undefined, { batchAnswerDelayMs: 2 });
    const table = db.batchAnswers;
    const bulkPut = table.bulkPut.bind(table);
    let writes = 0;
    table.bulkPut = ((...args: Parameters<typeof bulkPut>) => {
      // The run's answers go in at creation; its second flush finds the disk full.
      if (++writes >= 3) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return bulkPut(...args);
    }) as typeof table.bulkPut;
    const run = await checker.createBatch({ name: 'quota', source: 'file', settings: OFFLINE, rows: answers(10) });
    await until(events, (p) => p.state === 'paused');
    await checker.batch.idle();
    const paused = (await checker.listBatches())[0];
    expect(paused.state).toBe('paused');
    expect(paused.error).toMatchObject({ name: 'StorageQuotaError' });
    const stored = await loadBatchAnswers(db, run.id);
    const done = stored.filter((a) => a.status === 'done');
    expect(done).toHaveLength(2); // the first flush
    expect(paused.counts.done).toBe(2);

    table.bulkPut = bulkPut as typeof table.bulkPut;
    await checker.batchControl(run.id, 'resume');
    await checker.batch.idle();
    const resumed = (await checker.listBatches())[0];
    expect(resumed).toMatchObject({ state: 'done', counts: { done: 10 } });
    expect(resumed.error).toBeUndefined();
  });

  it('imports a results file as a finished run with the same numbers', async () => {
    const { checker } = await start();
    const first = await checker.createBatch({ name: 'r', source: 'file', settings: OFFLINE, rows: answers(4) });
    await checker.batch.idle();
    const done = await checker.batchAnswers(first.id);
    const imported = await checker.createBatch({
      name: 'results.json',
      source: 'results',
      settings: OFFLINE,
      results: done.map(({ runId: _r, row: _w, ...a }) => a),
    });
    expect(imported.state).toBe('done');
    expect(imported.counts).toEqual((await checker.listBatches()).find((r) => r.id === first.id)!.counts);
  });

  it('gives statistics, comparisons and exports from the worker side, with reviews joined in', async () => {
    const { db, checker } = await start();
    const run = await checker.createBatch({ name: 'stats', source: 'file', settings: OFFLINE, rows: answers(10) });
    await checker.batch.idle();
    const stored = await loadBatchAnswers(db, run.id);
    const stats = await checker.batchStats(run.id);
    expect(stats.groups).toEqual(groupStats(toResults(stored)));
    expect(stats.groups.map((g) => [g.group, g.answers])).toEqual([['model-a', 5], ['model-b', 5]]);
    expect(stats.all.claims).toBe((await checker.listBatches())[0].counts.claims);
    expect(stats.agreement.n).toBe(0);
    expect((await checker.batchStats(run.id, 'topic')).groups.map((g) => g.group)).toEqual(['t0', 't1', 't2']);

    // Questions 0–4: model-a answered rows 0, 2, 4, 6, 8 (questions 0, 2, 4, 1, 3), model-b the others (1, 3, 0, 2, 4).
    const c = await checker.batchCompare({ runId: run.id, model: 'model-a' }, { runId: run.id, model: 'model-b' });
    expect(c).toMatchObject({ by: 'question', paired: 5, a: { label: 'model-a', unpaired: 0 }, b: { label: 'model-b', unpaired: 0 } });

    const rows = await checker.batchClaims(run.id);
    await saveReview(db, { key: rows[0].key, runId: run.id, label: 'contradicted', verdict: rows[0].verdict, claim: rows[0].claim, note: 'checked by hand', reviewedAt: '2026-12-07T12:00:00Z' });
    expect((await checker.batchClaims(run.id))[0]).toMatchObject({ reviewLabel: 'contradicted', reviewNote: 'checked by hand' });
    expect((await checker.batchStats(run.id)).agreement).toMatchObject({ n: 1, accuracy: rows[0].verdict === 'contradicted' ? 1 : 0 });

    const csv = await checker.batchExport(run.id, 'csv');
    expect(csv.trim().split('\r\n')).toHaveLength(rows.length + 1);
    expect(JSON.parse(await checker.batchExport(run.id, 'json'))).toMatchObject({ format: 'claimlens-batch', run: { id: run.id }, reviews: [{ key: rows[0].key }] });
    expect(await checker.batchExport(run.id, 'html')).toContain('<h2>Agreement with the reviewer</h2>');
    const evalLines = (await checker.batchExport(run.id, 'eval')).trim().split('\n').map((l) => JSON.parse(l));
    expect(evalLines).toEqual([expect.objectContaining({ claim: rows[0].claim, label: 'contradicted', answer_id: 'q1' })]);
  });

  it('the test hook batchQuotaAfterFlushes makes the disk full after that many flushes', async () => {
    const { db, checker, events } = await start(undefined, { batchQuotaAfterFlushes: 1 });
    const run = await checker.createBatch({ name: 'hook', source: 'file', settings: OFFLINE, rows: answers(8) });
    await until(events, (p) => p.state === 'paused');
    await checker.batch.idle();
    const paused = (await checker.listBatches())[0];
    expect(paused).toMatchObject({ state: 'paused', error: { name: 'StorageQuotaError' }, counts: { done: 2 } });
    expect(await pendingBatchRows(db, run.id)).toHaveLength(6);
  });
});
