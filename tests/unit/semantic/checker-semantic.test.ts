// Semantic search in the checker, in Node: the checker service with the
// fixture models on onnxruntime-node, IndexedDB from fake-indexeddb. Turning
// it on, background embedding (pause, resume, restart half-way, delete),
// hybrid retrieval + NLI in checks, verdict cache keys, turning it off.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckerService } from '../../../src/app/checker-service.ts';
import type { CheckerEvent, CorpusEmbedding, SemanticStatus } from '../../../src/core/checker.ts';
import { ClaimLensDB, setSetting } from '../../../src/db.ts';
import { DEFAULT_SEMANTIC_SETTINGS } from '../../../src/core/models/settings.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import { FIXTURE_IDS } from '../../../scripts/build-fixtures.ts';
import { nodeModels } from '../../support/node-models.ts';
import type { EmbeddingTuning, ModelRuntimeFactory } from '../../../src/app/semantic-service.ts';

const FIXTURES = { embedder: FIXTURE_IDS.encoder, nli: FIXTURE_IDS.nli };

const NOTES = [
  '# Heart',
  'Low-dose aspirin lowers the risk of a second heart attack in adults with heart disease. It thins the blood.',
  'Statins lower LDL cholesterol and reduce the risk of stroke. Muscle pain is a common side effect.',
  '# Bones',
  'Vitamin D deficiency causes rickets in children. Rickets softens and weakens the bones.',
  'Calcium and vitamin D together help older adults keep their bone density.',
  '# Eyes',
  "Glaucoma is a group of diseases that damage the eye's optic nerve. It can lead to blindness without treatment.",
  'Cataracts cloud the lens of the eye, and surgery replaces the lens with an artificial one.',
  '# Diabetes',
  'Metformin is a first-line medicine for type 2 diabetes. It is usually taken with meals to reduce stomach upset.',
  'Insulin is needed by everyone with type 1 diabetes because the pancreas makes little or none.',
  '# Infections',
  'Antibiotics do not work against viruses such as the common cold or influenza.',
  'Influenza vaccines are updated every year because the virus keeps changing.',
].join('\n\n');

const CLAIM = 'Aspirin lowers the risk of a second heart attack.';
const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;

/** No evidence packs: the corpus is imported by each test. */
const noPacks = (async () => new Response(JSON.stringify({ packs: [] }), { headers: { 'content-type': 'application/json' } })) as typeof fetch;

const dbs: ClaimLensDB[] = [];
const services: CheckerService[] = [];
let n = 0;

function start(name: string, models: ModelRuntimeFactory = nodeModels(), embedding: EmbeddingTuning = {}) {
  const db = new ClaimLensDB(name);
  dbs.push(db);
  const checker = new CheckerService({ db, verifier: createFeatureVerifier(), baseUrl: 'http://app.test/', fetch: noPacks, models, embedding });
  services.push(checker);
  const events: SemanticStatus[] = [];
  checker.onEvent((e: CheckerEvent) => {
    if (e.type === 'semantic') events.push(e.status);
  });
  return { db, checker, events };
}

/** Resolves with the first status (from now on, or the current one) that `pred` accepts. */
function until(checker: CheckerService, pred: (s: SemanticStatus) => boolean, what = 'status'): Promise<SemanticStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, 50_000);
    const off = checker.onEvent((e) => {
      if (e.type === 'semantic' && pred(e.status)) {
        clearTimeout(timer);
        off();
        resolve(e.status);
      }
    });
    void checker.semanticStatus().then((s) => {
      if (pred(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    });
  });
}

const job = (s: SemanticStatus, corpus: string): CorpusEmbedding | undefined => s.corpora.find((c) => c.corpus === corpus);

afterEach(async () => {
  for (const s of services.splice(0)) await s.semantic?.dispose();
  const open = dbs.splice(0);
  for (const db of open) db.close();
  for (const name of new Set(open.map((db) => db.name))) await Dexie.delete(name);
});

async function withCorpus(name = `semantic-${n++}`, models?: ModelRuntimeFactory, embedding?: EmbeddingTuning) {
  const s = start(name, models, embedding);
  await s.checker.init();
  const { corpus } = await s.checker.importFile('notes.md', bytes(NOTES));
  return { ...s, corpus: corpus.id, name };
}

describe('semantic search in the checker', () => {
  it('is off by default: checks use BM25 and lexical features, and the report says so', async () => {
    const { checker } = await withCorpus();
    const status = await checker.semanticStatus();
    expect(status.settings.enabled).toBe(false);
    expect(status.models.embedder.state).toBe('off');
    const { record } = await checker.check(CLAIM, { checkReasoning: false });
    expect(record.report.method).toEqual({ retrieval: 'bm25', verifier: 'features' });
    expect(record.report.retriever).toBe('bm25+focus1');
    expect(record.report.claims[0].verifiers).toBeUndefined();
  });

  it('stored settings of the wrong shape: the defaults are used and the reason is reported', async () => {
    const s = start(`semantic-${n++}`);
    await s.db.open();
    await setSetting(s.db, 'semantic', { enabled: 'yes', device: 'gpu' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await s.checker.init();
      const status = await s.checker.semanticStatus();
      expect(status.settings).toEqual(DEFAULT_SEMANTIC_SETTINGS);
      expect(warn).toHaveBeenCalledWith(
        'The stored setting "semantic" is not in the expected form (enabled: expected boolean, got "yes"; device: expected (auto | wasm), got "gpu"); the default is used instead.',
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('turned on: loads both models, embeds the corpus in the background, then checks use hybrid retrieval and NLI', async () => {
    const { checker, db, corpus, events } = await withCorpus();
    const before = await checker.check(CLAIM, { checkReasoning: false });
    expect(before.record.report.claims[0].verdict).toBe('supported');

    const progress: SemanticStatus[] = [];
    const enabled = await checker.enableSemantic(FIXTURES, (s) => progress.push(s));
    expect(enabled.settings).toMatchObject({ enabled: true, embedder: FIXTURES.embedder, nli: FIXTURES.nli });
    expect(enabled.models.embedder).toMatchObject({ state: 'ready', placement: { device: 'cpu', dtype: 'fp32' }, fallbacks: [] });
    expect(enabled.models.nli).toMatchObject({ state: 'ready', placement: { device: 'cpu', dtype: 'fp32' } });
    expect(events.some((s) => s.models.embedder.state === 'loading')).toBe(true);

    const done = await until(checker, (s) => job(s, corpus)?.state === 'done', 'embedding done');
    const j = job(done, corpus)!;
    expect(j).toMatchObject({ done: j.total, saved: j.total, resumedFrom: 0, index: 'flat', phase: 'done' });
    expect(j.total).toBe((await db.corpora.get(corpus))!.chunks);
    expect(events.some((s) => job(s, corpus)?.state === 'running')).toBe(true);
    expect(await db.vectorSets.where('corpus').equals(corpus).count()).toBe(1);
    expect(await db.embeddingJobs.get([corpus, `${FIXTURES.embedder}@fixture`])).toMatchObject({ state: 'done', done: j.total });

    const after = await checker.check(CLAIM, { checkReasoning: false });
    const report = after.record.report;
    expect(report.method).toEqual({
      retrieval: 'hybrid',
      fusion: 'rrf',
      embedder: FIXTURES.embedder,
      denseCorpora: [corpus],
      verifier: 'nli+features',
      nli: FIXTURES.nli,
      placements: { embedder: 'cpu/fp32', nli: 'cpu/fp32' },
    });
    expect(report.retriever).toMatch(/^hybrid\(rrf,k60,1\/1\)\[bm25\+focus1\+dense@fixtures\/claimlens-fixture-minilm@fixture:/);
    expect(report.verifier).toMatch(/^nli@fixtures\/claimlens-fixture-nli.*\+features-lr@/);
    const claim = report.claims[0];
    // Another retriever and verifier: not the verdict cached by the BM25 check.
    expect(claim.cached).toBeUndefined();
    expect(claim.verdict).toBe('supported');
    expect(claim.evidence[0].passage).toMatch(/aspirin/i);
    expect(claim.verifiers?.map((v) => [v.name, v.weight])).toEqual([
      ['nli', 0.6],
      ['features-lr', 0.4],
    ]);
    expect(claim.verifiers![0].probabilities.supported).toBeGreaterThan(0.5);
    const again = await checker.check(CLAIM, { checkReasoning: false });
    expect(again.record.report.claims[0].cached).toBe(true);
  });

  it('a restarted checker loads the models without a download and uses the stored vectors', async () => {
    const { checker, corpus, name } = await withCorpus();
    await checker.enableSemantic(FIXTURES);
    await until(checker, (s) => job(s, corpus)?.state === 'done');
    await checker.semantic!.dispose();

    const models = nodeModels();
    const { checker: restarted, events } = start(name, models);
    await restarted.init();
    const { record } = await restarted.check(CLAIM, { checkReasoning: false });
    expect(record.report.method?.retrieval).toBe('hybrid');
    expect(record.report.method?.verifier).toBe('nli+features');
    // Loaded with the precision used before, nothing embedded again.
    expect(models.log.loads).toEqual([
      { id: FIXTURES.embedder, dtype: 'fp32', device: undefined },
      { id: FIXTURES.nli, dtype: 'fp32', device: undefined },
    ]);
    expect(events.every((s) => job(s, corpus)?.state === 'done')).toBe(true);
  });

  it('embedding stopped half-way (page closed) resumes after a restart from the saved vectors', async () => {
    const embedding: EmbeddingTuning = { batchSize: 1, batchDelayMs: 40, saveEveryMs: 0 };
    const { checker, corpus, name } = await withCorpus(undefined, undefined, embedding);
    await checker.enableSemantic(FIXTURES);
    const mid = await until(checker, (s) => (job(s, corpus)?.saved ?? 0) >= 3 && job(s, corpus)?.state === 'running', 'some vectors saved');
    const total = job(mid, corpus)!.total;
    expect(total).toBeGreaterThan(6);
    await checker.semantic!.dispose();
    // Left to run again, not failed or done.
    expect(await dbs.at(-1)!.embeddingJobs.get([corpus, `${FIXTURES.embedder}@fixture`])).toMatchObject({ state: 'queued' });

    const { checker: restarted, db } = start(name, nodeModels(), { batchSize: 4 });
    await restarted.init();
    const done = await until(restarted, (s) => job(s, corpus)?.state === 'done', 'resumed embedding done');
    const j = job(done, corpus)!;
    expect(j.resumedFrom).toBeGreaterThanOrEqual(3);
    expect(j.resumedFrom).toBeLessThan(total);
    expect(j.done).toBe(total);
    expect((await db.vectorSets.toArray())[0].count).toBe(total);
  });

  it('pause keeps a corpus paused, across a restart too, until resumed', async () => {
    const embedding: EmbeddingTuning = { batchSize: 1, batchDelayMs: 40, saveEveryMs: 0 };
    const { checker, corpus, name } = await withCorpus(undefined, undefined, embedding);
    await checker.enableSemantic(FIXTURES);
    await until(checker, (s) => (job(s, corpus)?.saved ?? 0) >= 2);
    const paused = await checker.embedding(corpus, 'pause');
    const p = job(paused, corpus)!;
    expect(p.state).toBe('paused');
    expect(p.saved).toBeGreaterThanOrEqual(2);
    expect(p.saved).toBeLessThan(p.total);
    // While paused a check searches that corpus by keywords only, and says so.
    const { record } = await checker.check(CLAIM, { checkReasoning: false });
    expect(record.report.method).toMatchObject({ retrieval: 'bm25', verifier: 'nli+features' });
    expect(record.report.method?.note).toMatch(/Not embedded yet.*notes\.md/);
    await checker.semantic!.dispose();

    const { checker: restarted } = start(name, nodeModels(), { batchSize: 8 });
    await restarted.init();
    // A check waits until the restarted service has loaded its models and
    // picked the jobs to run (no fixed wait): the paused one is not among them.
    const afterRestart = await restarted.check(CLAIM, { checkReasoning: false });
    expect(afterRestart.record.report.method?.note).toMatch(/Not embedded yet/);
    expect(job(await restarted.semanticStatus(), corpus)?.state).toBe('paused');
    await restarted.embedding(corpus, 'resume');
    const done = await until(restarted, (s) => job(s, corpus)?.state === 'done');
    expect(job(done, corpus)!.resumedFrom).toBe(p.saved);
  });

  it('deleting a corpus while it is being embedded deletes its vectors and job, and nothing writes them again', async () => {
    const embedding: EmbeddingTuning = { batchSize: 1, batchDelayMs: 30, saveEveryMs: 0 };
    const { checker, corpus: first, db } = await withCorpus(undefined, undefined, embedding);
    // A second corpus queued behind the one being embedded: its whole embedding
    // run, batch after batch, is the window in which a job that did not stop
    // would write (instead of a fixed wait).
    const second = (await checker.importFile('more.md', bytes(NOTES.replace(/\./g, ' too.')))).corpus.id;
    await checker.enableSemantic(FIXTURES);
    const runningNow = await until(checker, (s) => [first, second].some((c) => job(s, c)?.state === 'running' && job(s, c)!.saved >= 2));
    const corpus = job(runningNow, first)?.state === 'running' ? first : second;
    const other = corpus === first ? second : first;
    expect(job(runningNow, other)?.state).toBe('queued');
    expect(await db.vectorBlocks.count()).toBeGreaterThan(0);
    const setsOfDeleted = new Set(await db.vectorSets.where('corpus').equals(corpus).primaryKeys());
    expect(setsOfDeleted.size).toBe(1);
    await checker.deleteCorpus(corpus);
    const written: string[] = [];
    db.vectorSets.hook('creating', (_key, set) => void written.push(set.corpus));
    db.vectorSets.hook('updating', (_changes, _key, set) => void written.push(set.corpus));
    db.vectorBlocks.hook('creating', (_key, block) => void (setsOfDeleted.has(block.set) && written.push(corpus)));
    await until(checker, (s) => job(s, other)?.state === 'done', 'the other corpus embedded');
    expect(written).toContain(other);
    expect(written.filter((c) => c === corpus)).toEqual([]);
    expect(await db.vectorSets.where('corpus').equals(corpus).count()).toBe(0);
    expect(await db.vectorSets.where('corpus').equals(other).count()).toBe(1);
    const [otherSet] = await db.vectorSets.where('corpus').equals(other).primaryKeys();
    expect(await db.vectorBlocks.count()).toBe(await db.vectorBlocks.where('set').equals(otherSet).count());
    expect(await db.embeddingJobs.where('corpus').equals(corpus).count()).toBe(0);
    expect((await checker.semanticStatus()).corpora.map((c) => c.corpus)).toEqual([other]);
  });

  it('turned off: the models are let go, checks use BM25 again, the vectors stay for next time', async () => {
    const models = nodeModels();
    const { checker, corpus, db } = await withCorpus(undefined, models);
    await checker.enableSemantic(FIXTURES);
    await until(checker, (s) => job(s, corpus)?.state === 'done');
    const off = await checker.configureSemantic({ enabled: false });
    expect(off.settings.enabled).toBe(false);
    expect(off.models.embedder.state).toBe('off');
    expect(models.log.terminated).toBe(1);
    const { record } = await checker.check(CLAIM, { checkReasoning: false });
    expect(record.report.method).toEqual({ retrieval: 'bm25', verifier: 'features' });
    expect(await db.vectorSets.count()).toBe(1);
    // On again: the stored vectors are used, nothing is embedded again.
    const on = await checker.enableSemantic();
    expect(job(on, corpus)?.state).toBe('done');
    expect((await checker.check(CLAIM, { checkReasoning: false })).record.report.method?.retrieval).toBe('hybrid');
  });

  it('a model that cannot be loaded: enabling fails with ModelLoadError and leaves semantic search off', async () => {
    const { checker } = await withCorpus();
    // The real MiniLM is not mirrored on this machine.
    await expect(checker.enableSemantic({ ...FIXTURES, embedder: 'Xenova/all-MiniLM-L6-v2' })).rejects.toMatchObject({
      name: 'ModelLoadError',
      message: expect.stringMatching(/models:mirror/),
    });
    const status = await checker.semanticStatus();
    expect(status.settings.enabled).toBe(false);
    expect(status.models.embedder).toMatchObject({ state: 'failed', error: { name: 'ModelLoadError' } });
    expect((await checker.check(CLAIM, { checkReasoning: false })).record.report.method?.retrieval).toBe('bm25');
  });

  it('when the models cannot be loaded on a later start, checks fall back to BM25 + features and say why', async () => {
    const { checker, corpus, name } = await withCorpus();
    await checker.enableSemantic(FIXTURES);
    await until(checker, (s) => job(s, corpus)?.state === 'done');
    await checker.semantic!.dispose();

    const broken = nodeModels();
    const failing: ModelRuntimeFactory = (settings) => ({
      ...broken(settings),
      loadEmbedder: async () => {
        throw Object.assign(new Error('Could not load the model (files are gone).'), { name: 'ModelLoadError' });
      },
    });
    const { checker: restarted } = start(name, failing);
    await restarted.init();
    const { record } = await restarted.check(CLAIM, { checkReasoning: false });
    expect(record.report.method?.retrieval).toBe('bm25');
    expect(record.report.method?.note).toMatch(/could not be loaded.*files are gone/);
    expect(record.report.claims[0].verdict).toBe('supported');
  });

  it('saved settings naming a model the catalog no longer has: off with the defaults, and the status says why', async () => {
    const { db, checker } = start(`semantic-${n++}`);
    await db.open();
    await db.settings.put({ key: 'semantic', value: { enabled: true, embedder: 'gone/retired-embedder', nli: FIXTURES.nli } });
    const status = await checker.semanticStatus();
    expect(status.settings.enabled).toBe(false);
    expect(status.models.embedder.state).toBe('off');
    expect(status.models.embedder.error).toMatchObject({
      name: 'ModelCatalogError',
      message: expect.stringMatching(/settings saved earlier could not be used \(No model "gone\/retired-embedder"/),
    });
  });

  const damages: [string, (db: ClaimLensDB) => Promise<void>][] = [
    [
      'a block cut short',
      async (db) => {
        const block = (await db.vectorBlocks.toArray())[0];
        await db.vectorBlocks.put({ ...block, codes: block.codes?.slice(0, 7), values: block.values?.slice(0, 7) });
      },
    ],
    ['the set record gone', async (db) => void (await db.vectorSets.clear())],
  ];

  for (const [what, damage] of damages) {
    it(`stored vectors found damaged at start (${what}) are reported and embedded again, not shown as "not embedded yet"`, async () => {
      const { checker, corpus, name, db } = await withCorpus();
      await checker.enableSemantic(FIXTURES);
      const total = job(await until(checker, (s) => job(s, corpus)?.state === 'done'), corpus)!.total;
      await checker.semantic!.dispose();
      await damage(db);

      // Embedding slowed down, so the check below comes while the vectors are being rebuilt.
      const { checker: restarted, events } = start(name, nodeModels(), { batchSize: 1, batchDelayMs: 40, saveEveryMs: 0 });
      await restarted.init();
      const reported = await until(restarted, (s) => job(s, corpus)?.error?.name === 'VectorDataCorruptError', 'the damage reported');
      expect(job(reported, corpus)!.error!.message).toMatch(/stored vectors of notes\.md could not be used \(.+\); it is being embedded again/);
      expect(['queued', 'running']).toContain(job(reported, corpus)!.state);

      const during = await restarted.check(CLAIM, { checkReasoning: false });
      expect(during.record.report.method?.retrieval).toBe('bm25');
      expect(during.record.report.method?.note).toMatch(/Stored vectors not usable, searched by keywords only: notes\.md \(The stored vectors/);
      expect(during.record.report.method?.note).not.toMatch(/Not embedded yet/);

      const done = await until(restarted, (s) => job(s, corpus)?.state === 'done', 'embedded again');
      expect(job(done, corpus)).toMatchObject({ done: total, saved: total, resumedFrom: 0 });
      expect(job(done, corpus)!.error).toBeUndefined();
      expect(events.some((s) => job(s, corpus)?.state === 'running' && job(s, corpus)?.error?.name === 'VectorDataCorruptError')).toBe(true);
      const after = await restarted.check(CLAIM, { checkReasoning: false });
      expect(after.record.report.method).toMatchObject({ retrieval: 'hybrid', denseCorpora: [corpus] });
      expect(after.record.report.method?.note).toBeUndefined();
    });
  }

  it('background embedding steps aside while a check runs', async () => {
    const passageCalls: number[] = [];
    const base = nodeModels();
    const slowNli: ModelRuntimeFactory = (settings) => {
      const rt = base(settings);
      return {
        ...rt,
        loadEmbedder: async (id, o) => {
          const e = await rt.loadEmbedder(id, o);
          const embed = e.embed.bind(e);
          return Object.assign(e, {
            embed: (texts: string[], opts?: { kind?: string }) => {
              if (opts?.kind === 'passage') passageCalls.push(performance.now());
              return embed(texts, opts as never);
            },
          });
        },
        loadNLIModel: async (id, o) => {
          const m = await rt.loadNLIModel(id, o);
          const classify = m.classify.bind(m);
          return Object.assign(m, {
            classify: async (...a: Parameters<typeof classify>) => {
              await new Promise((r) => setTimeout(r, 600));
              return classify(...a);
            },
          });
        },
      };
    };
    const embedding: EmbeddingTuning = { batchSize: 1, batchDelayMs: 10, saveEveryMs: 0 };
    const { checker } = await withCorpus(undefined, slowNli, embedding);
    // A corpus long enough that its embedding outlasts the check.
    const long = Array.from({ length: 80 }, (_, i) => `# Group ${i}\n\nPatients in group ${i} were followed for ${i + 2} years.`).join('\n\n');
    const corpus = (await checker.importFile('followup.md', bytes(long))).corpus.id;
    await checker.enableSemantic(FIXTURES);
    await until(checker, (s) => (job(s, corpus)?.saved ?? 0) >= 2 && job(s, corpus)?.state === 'running');
    const t0 = performance.now();
    const { record } = await checker.check('Statins lower LDL cholesterol.', { checkReasoning: false });
    const t1 = performance.now();
    expect(record.report.claims).toHaveLength(1);
    // At most the batch already under way when the check came in.
    expect(passageCalls.filter((t) => t > t0 && t < t1).length).toBeLessThanOrEqual(1);
    // And it carries on afterwards.
    await until(checker, (s) => job(s, corpus)?.state === 'done');
  });
});
