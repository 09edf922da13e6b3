// `npm run eval`: converts the evaluation sets (scripts/convert-eval.ts) and
// runs `claimlens eval` on each, printing accuracy, macro-F1, per-label
// scores, the confusion matrix, the precision and coverage of the shown
// verdicts and the calibration (ECE, reliability table). The sets: Check-COVID
// dev and HealthVer held-out topics with their oracle evidence, and the
// hand-written MedQuAD claims (tests/eval/data) with retrieval from the
// MedQuAD pack, dev and test topics apart and together. Then the answer level:
// answers composed from labelled claims (src/core/eval/answers.ts), checked
// with `claimlens check`, and the AUROC of their hallucination score.
// Figures go to test-results/eval.json and eval-answers.json too.
// Then semantic search: retrieval quality on Check-COVID dev (is the gold
// abstract in the top k?) for BM25, dense and hybrid (RRF and weighted), and
// the verifiers (features, NLI, combined) on its oracle evidence, with the
// models in public/models (the test models when the real ones are absent:
// then those rows are a smoke test only).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main, type EvalOutput } from '../../src/cli/claimlens.ts';
import { formatRetrievalTable } from '../../src/core/eval/retrieval.ts';
import { auroc } from '../../src/core/eval/metrics.ts';
import { composeAnswers, seededRandom, type ComposedAnswer, type LabelledClaim } from '../../src/core/eval/answers.ts';
import type { Report } from '../../src/core/types.ts';
import { buildFixtures } from '../../scripts/build-fixtures.ts';
import { convertAll, readMedquadClaims } from '../../scripts/convert-eval.ts';
import { loadCheckCovid, loadCheckCovidCorpus, SHARED_EVAL } from '../../scripts/eval-data.ts';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'test-results');
mkdirSync(outDir, { recursive: true });

const sets = convertAll();
const byName = Object.fromEntries(sets.map((s) => [s.name, s]));
const runs: { title: string; short: string; args: string[] }[] = [
  ...(byName['medquad-synthetic']
    ? [
        {
          title: 'MedQuAD synthetic: verbatim sentences, altered ones (number, direction or negation), PubMedQA conclusions (retrieval from the MedQuAD pack)',
          short: 'MedQuAD synthetic (retrieval)',
          args: ['--input', byName['medquad-synthetic'].file, '--corpus', 'medquad'],
        },
      ]
    : []),
  { title: 'Check-COVID dev, oracle evidence (held out from training)', short: 'Check-COVID dev (oracle)', args: ['--input', byName['checkcovid-dev'].file] },
  {
    title: 'Check-COVID dev, retrieval from its 347-abstract corpus',
    short: 'Check-COVID dev (retrieval)',
    args: ['--input', byName['checkcovid-dev-noevidence'].file, '--corpus', join(SHARED_EVAL, 'check-covid/corpus.json')],
  },
  { title: 'HealthVer dev, held-out topics (a third, never trained on)', short: 'HealthVer held-out (oracle)', args: ['--input', byName['healthver-dev-heldout'].file] },
  { title: 'HealthVer dev, all (two thirds of its topics were used in training)', short: 'HealthVer all (oracle)', args: ['--input', byName['healthver-dev'].file] },
  ...(['dev', 'test', 'all'] as const).map((part) => ({
    title: `MedQuAD hand-written claims, ${part === 'all' ? 'dev and test topics' : `${part} topics`} (retrieval from the MedQuAD pack)`,
    short: `MedQuAD hand-written ${part} (retr.)`,
    args: ['--input', byName[`medquad-claims-${part}`].file, '--corpus', 'medquad'],
  })),
];

type Row = Pick<EvalOutput, 'n' | 'accuracy' | 'macro_f1' | 'per_label' | 'shown' | 'calibration' | 'claims_per_second'>;
const summary: Record<string, Row> = {};
const shortOf: Record<string, string> = {};
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
    const r = JSON.parse(readFileSync(out, 'utf8')) as EvalOutput;
    summary[run.title] = { n: r.n, accuracy: r.accuracy, macro_f1: r.macro_f1, per_label: r.per_label, shown: r.shown, calibration: r.calibration, claims_per_second: r.claims_per_second };
    shortOf[run.title] = run.short;
  }
}
writeFileSync(join(outDir, 'eval.json'), JSON.stringify(summary, null, 2));
const pc = (x: number | null | undefined, w = 6) => (x === null || x === undefined ? 'n/a' : (100 * x).toFixed(1)).padStart(w);
const width = Math.max(...Object.keys(shortOf).map((t) => shortOf[t].length));
console.log('\nSummary (%; P/R = precision/recall of supported S, contradicted C, unverifiable U; shown P = precision of the shown verdicts S, C and their mean; cover = share of claims shown S or C)');
console.log(`  ${'set'.padEnd(width)}     n    acc  mac-F1   P(S)   R(S)   P(C)   R(C)   P(U)   R(U)  shnP(S) shnP(C) shnP(M)  cover    ECE  claims/s`);
for (const [t, r] of Object.entries(summary)) {
  const l = r.per_label;
  console.log(
    `  ${shortOf[t].padEnd(width)} ${String(r.n).padStart(5)} ${pc(r.accuracy)} ${pc(r.macro_f1, 7)} ${pc(l.supported.precision)} ${pc(l.supported.recall)} ${pc(l.contradicted.precision)} ${pc(l.contradicted.recall)} ${pc(l.unverifiable.precision)} ${pc(l.unverifiable.recall)} ${pc(r.shown.supported_precision, 8)} ${pc(r.shown.contradicted_precision, 7)} ${pc(r.shown.mean_precision, 7)} ${pc(r.shown.coverage)} ${r.calibration.ece.toFixed(3).padStart(6)} ${r.claims_per_second.toFixed(0).padStart(9)}`,
  );
}

// ── Answer level: does the hallucination score rank hallucinated answers first? ──
// Answers are composed in matched pairs (same group, same length; the
// hallucinated one has one supported claim swapped for a contradicted one)
// and checked with `claimlens check`, as a user's answer would be.
const quiet = { out: () => {}, err: (l: string) => (l.startsWith('claimlens:') ? console.error(l) : undefined) };
const ANSWERS = 150;
const SEED = 20261207;
interface AnswerSet {
  name: string;
  answers: ComposedAnswer[];
  /** Evidence passages per answer (oracle) or none (retrieval from --corpus). */
  evidence?: (a: ComposedAnswer) => string[];
  corpus?: string;
  /** Subsets to report apart (name → answer filter). */
  parts?: Record<string, (a: ComposedAnswer) => boolean>;
}
const hand = readMedquadClaims();
const splitOfTopic = new Map(hand.map((r) => [r.topic, r.split]));
const ccCorpusDocs = loadCheckCovidCorpus();
const answerSets: AnswerSet[] = [
  {
    name: 'MedQuAD hand-written claims by topic (retrieval from the MedQuAD pack)',
    answers: composeAnswers(
      hand.map((r): LabelledClaim => ({ id: r.id, claim: r.claim, label: r.label, group: r.topic })),
      { n: ANSWERS, minClaims: 2, maxClaims: 4, rnd: seededRandom(SEED) },
    ),
    corpus: 'medquad',
    parts: { 'dev topics': (a) => splitOfTopic.get(a.group) === 'dev', 'test topics': (a) => splitOfTopic.get(a.group) === 'test' },
  },
  {
    name: "Check-COVID dev by abstract (evidence: the abstract's sentences)",
    answers: composeAnswers(
      loadCheckCovid('dev').map((r): LabelledClaim => ({ id: r.id, claim: r.claim, label: r.label as LabelledClaim['label'], group: r.group })),
      { n: ANSWERS, minClaims: 1, maxClaims: 3, rnd: seededRandom(SEED) },
    ),
    evidence: (a) => ccCorpusDocs.get(a.group.replace(/^cc:/, ''))?.abstract ?? [],
  },
];
const answerSummary: Record<string, unknown> = {};
console.log('\n== Answer level: AUROC of the hallucination score (hallucinated = has a contradicted claim, faithful = all supported; matched pairs of the same length)');
for (const set of answerSets) {
  const input = join(outDir, `answers-${set.corpus ? 'medquad' : 'checkcovid'}.jsonl`);
  writeFileSync(input, set.answers.map((a) => JSON.stringify({ id: a.id, text: a.text, ...(set.evidence ? { evidence: set.evidence(a) } : {}) })).join('\n') + '\n');
  const out = input.replace(/\.jsonl$/, '-report.json');
  const code = await main(['check', '--input', input, ...(set.corpus ? ['--corpus', set.corpus] : []), '--out', out], quiet);
  if (code !== 0 || !existsSync(out)) {
    failed++;
    console.log(`  ${set.name}: failed (exit ${code})`);
    continue;
  }
  const reports = new Map((JSON.parse(readFileSync(out, 'utf8')) as { results: { id: string; report?: Report }[] }).results.map((r) => [r.id, r.report]));
  const scoreRows: Record<string, unknown> = {};
  console.log(`  ${set.name}`);
  const parts: Record<string, (a: ComposedAnswer) => boolean> = { all: () => true, ...(set.parts ?? {}) };
  for (const [part, keep] of Object.entries(parts)) {
    const answers = set.answers.filter((a) => keep(a) && reports.get(a.id));
    const stats = answers.map((a) => reports.get(a.id)!.stats);
    const positive = answers.map((a) => a.hallucinated);
    const na = stats.filter((s) => s.hallucinationScore === null || s.hallucinationScore === undefined).length;
    // n/a (nothing could be checked) ranks as 0: no sign of a hallucination.
    const score = auroc(stats.map((s) => s.hallucinationScore ?? 0), positive);
    const share = auroc(stats.map((s) => s.contradictedShare ?? 0), positive);
    const claimsPer = answers.reduce((t, a) => t + a.claims.length, 0) / Math.max(1, answers.length);
    scoreRows[part] = { n: answers.length, hallucinated: positive.filter(Boolean).length, auroc_score: score, auroc_contradicted_share: share, score_na: na, claims_per_answer: claimsPer };
    console.log(
      `    ${part.padEnd(12)} n=${String(answers.length).padStart(3)} (${positive.filter(Boolean).length} hallucinated, ${claimsPer.toFixed(1)} claims each)  AUROC hallucination score ${score === null ? 'n/a' : score.toFixed(3)}  (contradicted share: ${share === null ? 'n/a' : share.toFixed(3)})${na ? `  score n/a for ${na} (ranked as 0)` : ''}`,
    );
  }
  answerSummary[set.name] = { seed: SEED, ...scoreRows };
}
writeFileSync(join(outDir, 'eval-answers.json'), JSON.stringify(answerSummary, null, 2));

// ── Semantic search ──────────────────────────────────────────────────────
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
