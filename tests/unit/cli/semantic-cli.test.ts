// `claimlens check` / `eval` with semantic search: --retrieval, --fusion,
// --verifier and --models, on the test models (public/models/fixtures,
// onnxruntime-node). Figures here are behaviour, not quality: the test
// models have random weights.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/claimlens.ts';
import { hasModel, pickModel } from '../../../src/cli/semantic.ts';
import { DEFAULT_MODELS_DIR } from '../../../src/cli/model-runtime.ts';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

const dir = mkdtempSync(join(tmpdir(), 'claimlens-semantic-cli-'));
const corpusFile = join(dir, 'health.jsonl');
const DOCS = [
  { id: 'glaucoma', title: 'Glaucoma', text: "Glaucoma is a group of diseases that can damage the eye's optic nerve. It can lead to blindness." },
  { id: 'cataract', title: 'Cataract', text: 'A cataract is a clouding of the lens in the eye. Most cataracts are related to aging.' },
  { id: 'aspirin', title: 'Aspirin', text: 'Low-dose aspirin lowers the risk of a second heart attack. It thins the blood.' },
  { id: 'rickets', title: 'Rickets', text: 'Vitamin D deficiency causes rickets in children. Rickets softens the bones.' },
];
writeFileSync(corpusFile, DOCS.map((o) => JSON.stringify(o)).join('\n'));

describe('claimlens with semantic search', () => {
  it('uses the test models when the real ones are not in the model folder', () => {
    expect(hasModel(DEFAULT_MODELS_DIR, 'fixtures/claimlens-fixture-minilm')).toBe(true);
    expect(pickModel(join(dir, 'empty'), 'embedder')).toBe('fixtures/claimlens-fixture-minilm');
    expect(pickModel(join(dir, 'empty'), 'nli')).toBe('fixtures/claimlens-fixture-nli');
    expect(pickModel(join(dir, 'empty'), 'embedder', 'Xenova/multilingual-e5-small')).toBe('Xenova/multilingual-e5-small');
  });

  it('check --retrieval hybrid --verifier combined: the report says what retrieved and verified', async () => {
    const out = join(dir, 'hybrid.json');
    const r = await run(['check', '--text', 'Aspirin lowers the risk of a second heart attack.', '--corpus', corpusFile, '--retrieval', 'hybrid', '--verifier', 'combined', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/test models \(random weights\)/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.method).toMatchObject({
      retrieval: 'hybrid',
      fusion: 'rrf',
      embedder: 'fixtures/claimlens-fixture-minilm',
      verifier: 'nli+features',
      nli: 'fixtures/claimlens-fixture-nli',
    });
    expect(report.retriever).toMatch(/^hybrid\(rrf/);
    expect(report.claims[0].evidence[0].title).toBe('Aspirin');
    expect(report.claims[0].verifiers.map((v: { name: string }) => v.name)).toEqual(['nli', 'features-lr']);
  });

  it('eval with gold documents reports where the gold document ranks, per retrieval mode', async () => {
    const input = join(dir, 'claims.jsonl');
    writeFileSync(
      input,
      [
        { id: '1', claim: 'Glaucoma can damage the optic nerve.', label: 'supported', doc: 'glaucoma' },
        { id: '2', claim: 'Aspirin raises the risk of a heart attack.', label: 'contradicted', doc: 'aspirin' },
        { id: '3', claim: 'Rickets comes from a lack of vitamin D.', label: 'supported', doc: 'rickets' },
        { id: '4', claim: 'Cataracts are common in older people.', label: 'supported', doc: 'nowhere' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    for (const args of [['--retrieval', 'bm25'], ['--retrieval', 'dense'], ['--retrieval', 'hybrid', '--fusion', 'weighted']]) {
      const out = join(dir, `eval-${args.join('-')}.json`);
      const r = await run(['eval', '--input', input, '--corpus', corpusFile, ...args, '--out', out]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/gold document in the top k/);
      const m = JSON.parse(readFileSync(out, 'utf8'));
      expect(m.method.retrieval).toBe(args[1]);
      expect(m.retrieval).toMatchObject({ n: 4, depth: 50 });
      // "nowhere" is not in the corpus: never found.
      expect(m.predictions[3].goldRank).toBeNull();
      expect(m.retrieval.found).toBeLessThanOrEqual(3);
      if (args[1] === 'bm25') {
        expect(m.predictions.slice(0, 3).map((p: { goldRank: number }) => p.goldRank)).toEqual([1, 1, 1]);
        expect(m.retrieval.recall[1]).toBe(0.75);
        expect(m.retrieval.mrr).toBe(0.75);
      }
    }
  });

  it('refuses unknown modes and missing models with one line', async () => {
    const bad = await run(['check', '--text', 'Aspirin thins the blood.', '--corpus', corpusFile, '--retrieval', 'semantic']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--retrieval must be one of bm25, dense, hybrid/);
    const missing = await run(['check', '--text', 'Aspirin thins the blood.', '--corpus', corpusFile, '--retrieval', 'dense', '--models', join(dir, 'empty'), '--embedder', 'Xenova/all-MiniLM-L6-v2']);
    expect(missing.code).toBe(1);
    expect(missing.err.split('\n').at(-1)).toMatch(/^claimlens: Could not load the model Xenova\/all-MiniLM-L6-v2.*models:mirror/);
  });
});
