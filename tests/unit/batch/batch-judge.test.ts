// A batch run with a model judge (a scripted OpenAI-compatible server on
// 127.0.0.1, tests/support/judge-server.ts) and with the corpora chosen per
// run: the judge's verdicts and fallbacks are stored per answer, the run
// records the method, and a run whose corpus is gone fails with a message.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckerService } from '../../../src/app/checker-service.ts';
import { OpenAICompatibleEngine } from '../../../src/core/engine/openai.ts';
import { ClaimLensDB, loadBatchAnswers } from '../../../src/db.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import { startJudgeServer, type JudgeTestServer } from '../../support/judge-server.ts';

const CORPUS = [
  "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness.",
  'A cataract is a clouding of the lens in the eye that affects vision.',
].join('\n\n');

const servers: JudgeTestServer[] = [];
const dbs: ClaimLensDB[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const db of dbs.splice(0)) await db.delete();
});

async function setup() {
  const server = await startJudgeServer(['Qwen/Qwen3-8B']);
  server.behave = (c) => (/cannot/.test(c) ? 'malformed' : 'json');
  servers.push(server);
  const engine = new OpenAICompatibleEngine({ baseUrl: server.url, model: 'Qwen/Qwen3-8B' });
  const db = new ClaimLensDB(`batch-judge-${Date.now()}-${Math.random()}`);
  dbs.push(db);
  const checker = new CheckerService({
    db,
    verifier: createFeatureVerifier(),
    baseUrl: 'http://app.test/',
    fetch: (async () => new Response('{"packs": []}')) as typeof fetch,
    judgeEngine: () => engine,
    batch: { flushAnswers: 1, progressMs: 0 },
  });
  await checker.init();
  const imported = await checker.importFile('eyes.txt', new TextEncoder().encode(CORPUS).buffer as ArrayBuffer);
  return { server, db, checker, corpus: imported.corpus.id };
}

const ROWS = [
  { id: 'a1', model: 'm', answer: 'Glaucoma can damage the optic nerve. Glaucoma cannot damage the optic nerve.' },
  { id: 'a2', model: 'm', answer: 'A cataract is a clouding of the lens.' },
];

describe('batch runs with a model judge and chosen corpora', () => {
  it('stores the judge verdicts, counts its fallbacks per answer and records the method with the run', async () => {
    const { server, db, checker, corpus } = await setup();
    const judge = { model: 'Qwen/Qwen3-8B', label: 'Qwen/Qwen3-8B @ test server', concurrency: 2 };
    const run = await checker.createBatch({ name: 'judge', source: 'file', settings: { verifier: 'judge', judge, corpora: [corpus], checkReasoning: false }, rows: ROWS });
    await checker.batch.idle();
    const [done] = await checker.listBatches();
    expect(done).toMatchObject({ state: 'done', counts: { done: 2, claims: 3 }, corpora: { [corpus]: expect.any(String) } });
    expect(done.method).toMatchObject({ verifier: 'llm', judge: 'Qwen/Qwen3-8B @ test server' });
    const [a1, a2] = await loadBatchAnswers(db, run.id);
    expect(a1.report!.claims.map((c) => [c.verdict, c.fallback])).toEqual([
      ['supported', false],
      [a1.report!.claims[1].verdict, true],
    ]);
    expect(a1.report!.stats.judgeFallbacks).toBe(1);
    expect(a2.report!.claims.map((c) => [c.verdict, c.fallback])).toEqual([['supported', false]]);
    expect(server.requests).toHaveLength(3);
    expect((await checker.batchClaims(run.id)).map((r) => r.method)).toEqual([
      'bm25 + llm (Qwen/Qwen3-8B @ test server)',
      'bm25 + llm (Qwen/Qwen3-8B @ test server)',
      'bm25 + llm (Qwen/Qwen3-8B @ test server)',
    ]);

    // The same answers with the offline verifier: no request to the server.
    const offline = await checker.createBatch({ name: 'offline', source: 'file', settings: { verifier: 'offline', corpora: [], checkReasoning: false }, rows: ROWS });
    await checker.batch.idle();
    expect(server.requests).toHaveLength(3);
    expect((await checker.listBatches()).find((r) => r.id === offline.id)).toMatchObject({ state: 'done', method: { verifier: 'features' } });
  });

  it('fails a run whose chosen corpus is not installed any more, with a message', async () => {
    const { checker } = await setup();
    await checker.createBatch({ name: 'gone', source: 'file', settings: { verifier: 'offline', corpora: ['deleted-corpus'], checkReasoning: false }, rows: ROWS });
    await checker.batch.idle();
    const [run] = await checker.listBatches();
    expect(run).toMatchObject({ state: 'failed', error: { name: 'NotFoundError', message: 'The corpus deleted-corpus chosen for this run is not installed any more.' }, counts: { done: 0 } });
  });
});
