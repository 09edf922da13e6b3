// `npm run eval`: converts the evaluation sets (scripts/convert-eval.ts) and
// runs `claimlens eval` on each, printing accuracy, macro-F1, per-label
// scores and the confusion matrix. Figures go to test-results/eval.json too.
// Then semantic search: retrieval quality on Check-COVID dev (is the gold
// abstract in the top k?) for BM25, dense and hybrid (RRF and weighted), and
// the verifiers (features, NLI, combined) on its oracle evidence, with the
// models in public/models (the test models when the real ones are absent:
// then those rows are a smoke test only).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main, type EvalOutput } from '../../src/cli/claimlens.ts';
import { formatRetrievalTable } from '../../src/core/eval/retrieval.ts';
import { buildFixtures } from '../../scripts/build-fixtures.ts';
import { convertAll } from '../../scripts/convert-eval.ts';
import { SHARED_EVAL } from '../../scripts/eval-data.ts';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'test-results');
mkdirSync(outDir, { recursive: true });

const sets = convertAll();
const byName = Object.fromEntries(sets.map((s) => [s.name, s]));
const runs: { title: string; args: string[] }[] = [
  ...(byName['medquad-synthetic']
    ? [
        {
          title: 'MedQuAD synthetic: verbatim sentences, altered ones (number, direction or negation), PubMedQA conclusions (retrieval from the MedQuAD pack)',
          args: ['--input', byName['medquad-synthetic'].file, '--corpus', 'medquad'],
        },
      ]
    : []),
  { title: 'Check-COVID dev, oracle evidence (held out from training)', args: ['--input', byName['checkcovid-dev'].file] },
  {
    title: 'Check-COVID dev, retrieval from its 347-abstract corpus',
    args: ['--input', byName['checkcovid-dev-noevidence'].file, '--corpus', join(SHARED_EVAL, 'check-covid/corpus.json')],
  },
  { title: 'HealthVer dev, held-out topics (a third, never trained on)', args: ['--input', byName['healthver-dev-heldout'].file] },
  { title: 'HealthVer dev, all (two thirds of its topics were used in training)', args: ['--input', byName['healthver-dev'].file] },
];

const summary: Record<string, unknown> = {};
let failed = 0;
for (const run of runs) {
  const out = join(outDir, `eval-${run.args[1].split('/').pop()!.replace('.jsonl', '')}${run.args.includes('--corpus') ? '-retrieval' : ''}.json`);
  console.log(`\n== ${run.title}`);
  const code = await main(['eval', ...run.args, '--out', out]);
  if (code !== 0) {
    failed++;
    continue;
  }
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    summary[run.title] = { n: r.n, accuracy: r.accuracy, macro_f1: r.macro_f1, claims_per_second: r.claims_per_second };
  }
}
writeFileSync(join(outDir, 'eval.json'), JSON.stringify(summary, null, 2));
console.log('\nSummary');
for (const [t, r] of Object.entries(summary) as [string, { n: number; accuracy: number; macro_f1: number; claims_per_second: number }][]) {
  console.log(`  ${t}: n=${r.n} accuracy ${(100 * r.accuracy).toFixed(1)}% macro-F1 ${(100 * r.macro_f1).toFixed(1)}% (${r.claims_per_second.toFixed(0)} claims/s)`);
}

// ── Semantic search ──────────────────────────────────────────────────────
const quiet = { out: () => {}, err: (l: string) => (l.startsWith('claimlens:') ? console.error(l) : undefined) };
const semantic: Record<string, unknown> = {};
async function evalRun(name: string, args: string[]): Promise<EvalOutput | null> {
  const out = join(outDir, `eval-semantic-${name.replace(/\W+/g, '-').toLowerCase()}.json`);
  const code = await main(['eval', ...args, '--out', out], quiet);
  if (code !== 0 || !existsSync(out)) {
    failed++;
    console.log(`  ${name}: failed (exit ${code})`);
    return null;
  }
  return JSON.parse(readFileSync(out, 'utf8')) as EvalOutput;
}

let fixturesReady = true;
try {
  // A fraction of a second; the test models stand in when the real ones are not in public/models.
  await buildFixtures();
} catch (err) {
  fixturesReady = false;
  console.log(`\nSemantic search skipped: the test models could not be built (${err instanceof Error ? err.message : String(err)}).`);
}
if (fixturesReady) {
  const cc = byName['checkcovid-dev-noevidence'].file;
  const ccCorpus = join(SHARED_EVAL, 'check-covid/corpus.json');
  const smoke = (r: EvalOutput) => (r.method?.embedder?.startsWith('fixtures/') ? 'test model: smoke figure only' : '');
  const rows: { name: string; quality: NonNullable<EvalOutput['retrieval']>; note?: string }[] = [];
  for (const [name, args] of [
    ['BM25', ['--retrieval', 'bm25']],
    ['dense', ['--retrieval', 'dense']],
    ['hybrid RRF', ['--retrieval', 'hybrid', '--fusion', 'rrf']],
    ['hybrid weighted', ['--retrieval', 'hybrid', '--fusion', 'weighted']],
  ] as const) {
    const r = await evalRun(`retrieval ${name}`, ['--input', cc, '--corpus', ccCorpus, ...args]);
    if (r?.retrieval) {
      rows.push({ name, quality: r.retrieval, note: name === 'BM25' ? '' : smoke(r) });
      semantic[`retrieval ${name}`] = { ...r.retrieval, accuracy: r.accuracy, macro_f1: r.macro_f1, embedder: r.method?.embedder };
    }
  }
  if (rows.length) {
    console.log(`\n== Check-COVID dev, retrieval from its 347-abstract corpus: is the gold abstract in the top k? (${rows[0].quality.n} claims, ${rows[0].quality.depth} chunks searched)`);
    console.log(formatRetrievalTable(rows));
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  const verdictRows: string[] = [];
  for (const verifier of ['features', 'nli', 'combined'] as const) {
    const r = await evalRun(`verifier ${verifier}`, ['--input', byName['checkcovid-dev'].file, '--verifier', verifier]);
    if (!r) continue;
    const model = r.method?.nli?.startsWith('fixtures/') ? '  test model: smoke figure only' : '';
    verdictRows.push(`  ${verifier.padEnd(9)}  ${pct(r.accuracy)}  ${pct(r.macro_f1)}  ${r.claims_per_second.toFixed(0).padStart(6)}${model}`);
    semantic[`verifier ${verifier}`] = { accuracy: r.accuracy, macro_f1: r.macro_f1, claims_per_second: r.claims_per_second, nli: r.method?.nli };
  }
  if (verdictRows.length) {
    console.log('\n== Check-COVID dev, oracle evidence: verifiers');
    console.log(`  verifier   accuracy  macro-F1  claims/s\n${verdictRows.join('\n')}`);
  }
  writeFileSync(join(outDir, 'eval-semantic.json'), JSON.stringify(semantic, null, 2));
}
process.exitCode = failed ? 1 : 0;
