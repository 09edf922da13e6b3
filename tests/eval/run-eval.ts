// `npm run eval`: converts the evaluation sets (scripts/convert-eval.ts) and
// runs `claimlens eval` on each, printing accuracy, macro-F1, per-label
// scores and the confusion matrix. Figures go to test-results/eval.json too.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/claimlens.ts';
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
process.exitCode = failed ? 1 : 0;
