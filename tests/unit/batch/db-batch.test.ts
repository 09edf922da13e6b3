// Schema version 5 (batch runs, their answers, reviews) on top of version 4.
// A database written by the previous release (versions 1–4, the schema frozen
// here as it shipped) must open with this release's ClaimLensDB and keep
// every row; the batch helpers store and page runs, and a full disk changes
// nothing.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { freshNames, V1_STORES, V2_STORES, writeV1 } from '../db-releases.ts';
import {
  ClaimLensDB,
  createBatchRun,
  deleteBatchRun,
  deleteReview,
  getBatchRun,
  getConversation,
  listBatchRuns,
  listChecks,
  listCorpora,
  listReviews,
  loadBatchAnswers,
  pendingBatchRows,
  saveBatchProgress,
  saveReview,
} from '../../../src/db.ts';
import type { BatchAnswer, BatchRun } from '../../../src/core/batch/types.ts';
import type { Report } from '../../../src/core/types.ts';

const fresh = freshNames('claimlens-batch-db');

/** Release 3 and 4 added these tables. */
const V3_STORES = { vectorSets: 'key, corpus, model', vectorBlocks: '[set+block], set', embeddingJobs: '[corpus+model], corpus' };
const V4_STORES = { packFiles: 'id' };

/** A release-4 database: release 1's rows, a conversation, an embedding job and a pack file being saved. */
async function writeV4(name: string): Promise<void> {
  await writeV1(name);
  const old = new Dexie(name);
  old.version(1).stores(V1_STORES);
  old.version(2).stores(V2_STORES);
  old.version(3).stores(V3_STORES);
  old.version(4).stores(V4_STORES);
  await old.open();
  await old.table('conversations').put({ id: 'c1', title: 'Is aspirin safe?', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:05:00Z', turns: [] });
  await old.table('embeddingJobs').put({ corpus: 'medquad', model: 'm@main', state: 'paused', done: 3, total: 9, updatedAt: '2026-11-24T00:00:00Z' });
  await old.table('packFiles').put({ id: 'medquad', version: 'v8', file: 'medquad.pack.json.gz', bytes: new Uint8Array([1, 2, 3]), corpus: { id: 'medquad' }, createdAt: '2026-11-25T00:00:00Z' });
  old.close();
}

function report(verdicts: Report['claims'][number]['verdict'][]): Report {
  return {
    claims: verdicts.map((verdict, i) => ({
      text: `claim ${i}`, start: 0, end: 7, part: 'answer', verdict, confidence: 0.7,
      probabilities: { supported: 0.5, contradicted: 0.2, unverifiable: 0.3 }, evidence: [],
    })),
    stats: { claims: verdicts.length, supported: 0, contradicted: 0, unverifiable: 0, contradictedShare: 0, ms: 2 },
    corpora: { medquad: 'v7' },
    verifier: 'f1',
  };
}

function run(id: string, createdAt: string, answers: number): BatchRun {
  return {
    id, name: id, createdAt, updatedAt: createdAt, source: 'file',
    settings: { verifier: 'offline', corpora: [], checkReasoning: false },
    state: 'queued', counts: { answers, done: 0, failed: 0, claims: 0, supported: 0, contradicted: 0, unverifiable: 0 },
    models: [], tags: [], elapsedMs: 0,
  };
}

function answers(runId: string, n: number): BatchAnswer[] {
  return Array.from({ length: n }, (_, row) => ({ runId, row, id: `q${row + 1}`, answer: `Answer ${row + 1}.`, status: 'pending' as const }));
}

describe('database version 5 (batch runs)', () => {
  it('opens a version 4 database without losing corpora, history, conversations, embedding jobs or pack files', async () => {
    const name = fresh();
    await writeV4(name);
    const db = new ClaimLensDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect((await listCorpora(db)).map((c) => c.id)).toEqual(['medquad']);
    expect(await db.chunks.count()).toBe(2);
    expect((await listChecks(db)).map((c) => c.id)).toEqual(['check-1']);
    expect((await getConversation(db, 'c1'))?.title).toBe('Is aspirin safe?');
    expect(await db.embeddingJobs.get(['medquad', 'm@main'])).toMatchObject({ state: 'paused', done: 3 });
    expect((await db.packFiles.get('medquad'))?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    // The new tables are there and empty.
    expect(await listBatchRuns(db)).toEqual([]);
    await createBatchRun(db, run('r1', '2026-12-01T00:00:00Z', 3), answers('r1', 3));
    expect(await loadBatchAnswers(db, 'r1')).toHaveLength(3);
    db.close();
  });

  it('stores runs with their answers, pages them, saves progress with finished answers, and deletes a run with its reviews', async () => {
    const db = new ClaimLensDB(fresh());
    await createBatchRun(db, run('old', '2026-12-01T00:00:00Z', 2), answers('old', 2));
    await createBatchRun(db, run('new', '2026-12-02T00:00:00Z', 5), answers('new', 5));
    expect((await listBatchRuns(db)).map((r) => r.id)).toEqual(['new', 'old']);
    expect((await loadBatchAnswers(db, 'new', 1, 2)).map((a) => a.id)).toEqual(['q2', 'q3']);
    expect(await pendingBatchRows(db, 'new')).toEqual([0, 1, 2, 3, 4]);

    const r = run('new', '2026-12-02T00:00:00Z', 5);
    r.state = 'running';
    r.counts = { ...r.counts, done: 2, claims: 3, supported: 2, contradicted: 1 };
    const finished = (await loadBatchAnswers(db, 'new', 0, 2)).map((a, i) => ({ ...a, status: 'done' as const, report: report(i ? ['supported'] : ['supported', 'contradicted']) }));
    await saveBatchProgress(db, r, finished);
    expect(await pendingBatchRows(db, 'new')).toEqual([2, 3, 4]);
    expect((await getBatchRun(db, 'new'))?.counts.done).toBe(2);
    expect((await loadBatchAnswers(db, 'new'))[0].report?.claims).toHaveLength(2);

    await saveReview(db, { key: 'new:0:1', runId: 'new', label: 'supported', verdict: 'contradicted', claim: 'claim 1', note: 'The evidence says so.', reviewedAt: '2026-12-03T00:00:00Z' });
    await saveReview(db, { key: 'new:1:0', runId: 'new', label: 'supported', verdict: 'supported', claim: 'claim 0', reviewedAt: '2026-12-03T00:00:00Z' });
    await saveReview(db, { key: 'old:0:0', runId: 'old', label: 'unverifiable', verdict: 'supported', claim: 'c', reviewedAt: '2026-12-03T00:00:00Z' });
    // A second review of the same claim replaces the first.
    await saveReview(db, { key: 'new:1:0', runId: 'new', label: 'contradicted', verdict: 'supported', claim: 'claim 0', reviewedAt: '2026-12-04T00:00:00Z' });
    expect((await listReviews(db, 'new')).map((x) => [x.key, x.label])).toEqual([
      ['new:0:1', 'supported'],
      ['new:1:0', 'contradicted'],
    ]);
    await deleteReview(db, 'new:0:1');
    expect(await listReviews(db, 'new')).toHaveLength(1);

    await deleteBatchRun(db, 'new');
    expect((await listBatchRuns(db)).map((x) => x.id)).toEqual(['old']);
    expect(await db.batchAnswers.count()).toBe(2);
    expect(await listReviews(db, 'new')).toEqual([]);
    expect(await listReviews(db, 'old')).toHaveLength(1);
    db.close();
  });

  it('changes nothing when the disk is full while saving progress or creating a run', async () => {
    const db = new ClaimLensDB(fresh());
    await createBatchRun(db, run('r', '2026-12-01T00:00:00Z', 3), answers('r', 3));
    const put = db.batchRuns.put.bind(db.batchRuns);
    db.batchRuns.put = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as typeof db.batchRuns.put;
    const r = run('r', '2026-12-01T00:00:00Z', 3);
    r.counts.done = 1;
    const finished = [{ ...(await loadBatchAnswers(db, 'r', 0, 1))[0], status: 'done' as const, report: report(['supported']) }];
    await expect(saveBatchProgress(db, r, finished)).rejects.toMatchObject({ name: 'StorageQuotaError' });
    // The answers written in that transaction were rolled back.
    expect(await pendingBatchRows(db, 'r')).toEqual([0, 1, 2]);
    await expect(createBatchRun(db, run('r2', '2026-12-02T00:00:00Z', 2), answers('r2', 2))).rejects.toMatchObject({ name: 'StorageQuotaError' });
    expect(await loadBatchAnswers(db, 'r2')).toEqual([]);
    db.batchRuns.put = put;
    expect((await getBatchRun(db, 'r'))?.counts.done).toBe(0);
    db.close();
  });
});
