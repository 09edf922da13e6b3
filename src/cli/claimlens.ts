// The `claimlens` command line: check answers and evaluate the checker.
//   claimlens check --text "…" | --input answers.jsonl [--corpus medquad|DIR|FILE] [--out report.json]
//   claimlens eval --input claims.jsonl [--corpus …] [--out report.json]
// Both take --retrieval bm25|dense|hybrid, --fusion rrf|weighted,
// --verifier features|nli|combined and --models DIR (src/cli/semantic.ts).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ClaimResult, Report, Verdict } from '../core/types.ts';

import { checkAnswer, MemoryVerdictCache, verifyClaims, type CheckDeps } from '../core/pipeline.ts';
import { createFeatureVerifier } from '../core/verify/feature-verifier.ts';
import type { Verifier } from '../core/verify/types.ts';
import type { Retriever } from '../core/retrieval/types.ts';
import {
  calibration,
  computeMetrics,
  formatMetrics,
  formatQuality,
  shownVerdicts,
  type Calibration,
  type Metrics,
  type ShownVerdicts,
} from '../core/eval/metrics.ts';
import { ClaimLensError, EmptyInputError, MalformedFileError } from '../core/errors.ts';
import { givenEvidence, loadCorpus, type LoadedCorpus } from './corpus.ts';
import { checkMethod, semanticRetriever, semanticVerifier, type RetrievalMode, type VerifierMode } from '../core/semantic.ts';
import type { FusionMethod } from '../core/retrieval/hybrid.ts';
import { goldRank, retrievalQuality, formatRetrievalTable, type RetrievalQuality } from '../core/eval/retrieval.ts';
import { loadCliSemantic, type CliSemantic } from './semantic.ts';

const USAGE = `Usage:
  claimlens check --text "answer" | --input answers.jsonl [--corpus medquad|DIR|FILE] [--out report.json] [--reasoning] [--json]
  claimlens eval --input claims.jsonl [--corpus medquad|DIR|FILE] [--out report.json]

Semantic search (both commands):
  --retrieval bm25|dense|hybrid    evidence retrieval (default bm25)
  --fusion rrf|weighted            how hybrid fuses BM25 and dense rankings (default rrf)
  --verifier features|nli|combined verdicts from lexical features, an NLI model, or both (default features)
  --models DIR                     model folder (default public/models; the test models in fixtures/ when the real ones are absent)
  --embedder ID  --nli ID          model ids from the catalog (default: the catalog's defaults)

answers.jsonl lines: {"id", "text", "evidence"?: string[]}  (evidence given → those passages are the corpus)
claims.jsonl lines:  {"id", "claim", "label": "supported"|"contradicted"|"unverifiable", "evidence"?: string[], "doc"?: gold document id}
  (with --corpus and "doc", eval also reports retrieval quality: recall@1/5/10 and MRR of the gold document)`;

class UsageError extends ClaimLensError {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
};

function readJsonl<T>(path: string): T[] {
  if (!existsSync(path)) throw new UsageError(`Input file not found: ${path}`);
  const text = readFileSync(path, 'utf8');
  const rows: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch {
      throw new MalformedFileError(`${path}:${i + 1} is not valid JSON.`);
    }
  });
  if (rows.length === 0) throw new MalformedFileError(`${path} has no records.`);
  return rows;
}

const LABELS: Record<string, Verdict> = {
  supported: 'supported', support: 'supported', supports: 'supported', entailment: 'supported',
  contradicted: 'contradicted', refuted: 'contradicted', refute: 'contradicted', refutes: 'contradicted', contradiction: 'contradicted',
  unverifiable: 'unverifiable', neutral: 'unverifiable', notenoughinfo: 'unverifiable', nei: 'unverifiable',
};

/** How a run retrieves and verifies (semantic options of check and eval). */
interface Method {
  retrieval: RetrievalMode;
  fusion: FusionMethod;
  verifier: VerifierMode;
  semantic: CliSemantic | null;
}

const BM25_FEATURES: Method = { retrieval: 'bm25', fusion: 'rrf', verifier: 'features', semantic: null };

async function corpusDeps(corpus: LoadedCorpus | undefined, features: Verifier, method: Method = BM25_FEATURES, retriever?: Retriever): Promise<CheckDeps> {
  const verifier = semanticVerifier(features, method.semantic?.nli, method.verifier).verifier;
  // Evidence given with a record is the whole corpus: retrieval over it stays lexical.
  if (retriever) return { retriever, verifier, corpora: { given: 'given' } };
  if (!corpus) throw new UsageError('No corpus: pass --corpus, or give evidence with each record.');
  const dense = method.retrieval !== 'bm25' && method.semantic ? [await method.semantic.dense(corpus)] : [];
  const { retriever: r } = semanticRetriever({
    sparse: corpus.retriever,
    dense,
    embedder: method.semantic?.embedder,
    embedderVersion: method.semantic?.embedderVersion,
    mode: method.retrieval,
    fusion: method.fusion,
  });
  return { retriever: r, verifier, corpora: { [corpus.meta.id]: corpus.meta.version }, cache: new MemoryVerdictCache() };
}

function reportMethod(method: Method, corpus: LoadedCorpus | undefined): Report['method'] {
  return checkMethod({
    retrieval: corpus ? method.retrieval : 'bm25',
    verifier: method.verifier,
    fusion: method.fusion,
    embedder: method.semantic?.embedder?.id,
    denseCorpora: corpus && method.retrieval !== 'bm25' ? [corpus.meta.id] : undefined,
    nli: method.semantic?.nli?.id,
  });
}

const RETRIEVALS: RetrievalMode[] = ['bm25', 'dense', 'hybrid'];
const VERIFIERS: VerifierMode[] = ['features', 'nli', 'combined'];
const FUSIONS: FusionMethod[] = ['rrf', 'weighted'];

function choice<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${String(value)}").`);
  return value as T;
}

/** Reads the semantic options and loads the models they need. */
async function methodFrom(values: Record<string, string | boolean | undefined>, io: Io): Promise<Method> {
  const retrieval = choice('retrieval', values.retrieval, RETRIEVALS, 'bm25');
  const verifier = choice('verifier', values.verifier, VERIFIERS, 'features');
  const fusion = choice('fusion', values.fusion, FUSIONS, 'rrf');
  if (retrieval === 'bm25' && verifier === 'features') return { retrieval, verifier, fusion, semantic: null };
  const semantic = await loadCliSemantic({
    retrieval,
    fusion,
    verifier,
    modelsDir: values.models as string | undefined,
    embedder: values.embedder as string | undefined,
    nli: values.nli as string | undefined,
    log: (l) => io.err(l),
  });
  if (semantic.fixtures.length) {
    io.err(`note: ${semantic.fixtures.join(' and ')} ${semantic.fixtures.length === 1 ? 'is a test model' : 'are test models'} (random weights): figures are a smoke test, not a measurement. Put the real models in the model folder (npm run models:mirror).`);
  }
  return { retrieval, verifier, fusion, semantic };
}

function verdictLine(c: ClaimResult): string {
  const mark = { supported: '✔', contradicted: '✘', unverifiable: '?' }[c.verdict];
  const ev = c.evidence[c.decidingEvidence ?? 0];
  const src = ev ? `\n      evidence: "${ev.sentence}" — ${ev.title}${ev.url ? ` <${ev.url}>` : ''}` : '';
  const why = c.reason?.trim() ? `\n      why: ${c.reason.trim()}` : '';
  const lean = c.lean ? ` (leans ${c.lean}, ${(100 * c.probabilities[c.lean]).toFixed(0)}%)` : '';
  const times = c.repeats?.length ? ` ×${c.repeats.length + 1}` : '';
  const original = c.original ? `\n      as written: "${c.original}"` : '';
  return `  ${mark} ${c.verdict.padEnd(12)} ${(c.confidence * 100).toFixed(0).padStart(3)}%  ${c.text}${times}${lean}${original}${why}${src}`;
}

const pct1 = (x: number) => `${(100 * x).toFixed(1)}%`;

export function summaryLine(r: Report): string {
  const s = r.stats;
  const share = (k: number) => (s.claims ? k / s.claims : 0);
  const shares = `supported ${pct1(s.supportedShare ?? share(s.supported))}, contradicted ${pct1(s.contradictedShare ?? share(s.contradicted))}, unchecked ${pct1(s.uncheckedShare ?? share(s.unverifiable))}`;
  const score =
    s.hallucinationScore === null || s.hallucinationScore === undefined
      ? 'hallucination score n/a (nothing could be checked)'
      : `hallucination score ${pct1(s.hallucinationScore)}`;
  return `${s.claims} claims: ${s.supported} supported, ${s.contradicted} contradicted, ${s.unverifiable} unverifiable (${shares}); ${score}; ${s.ms} ms`;
}

async function runCheck(values: Record<string, string | boolean | undefined>, io: Io): Promise<void> {
  const text = values.text as string | undefined;
  const input = values.input as string | undefined;
  // `--text ""` (or only blanks) was given: say so, not that --text is missing.
  if (text !== undefined && !text.trim()) throw new EmptyInputError('the text given with --text is empty');
  if (!text && !input) throw new UsageError('check needs --text or --input.');
  const verifier = createFeatureVerifier();
  let corpus: LoadedCorpus | undefined;
  // The corpus is loaded once, and only when some answer brings no evidence.
  const getCorpus = () => (corpus ??= loadCorpus((values.corpus as string) ?? 'medquad', (m) => io.err(`warning: ${m}`)));
  if (text !== undefined || values.corpus) getCorpus();
  const opts = { checkReasoning: !!values.reasoning };
  const method = await methodFrom(values, io);
  try {
    await checkWith(values, io, text, input, verifier, getCorpus, () => corpus, opts, method);
  } finally {
    await method.semantic?.dispose();
  }
}

async function checkWith(
  values: Record<string, string | boolean | undefined>,
  io: Io,
  text: string | undefined,
  input: string | undefined,
  verifier: Verifier,
  getCorpus: () => LoadedCorpus,
  corpusNow: () => LoadedCorpus | undefined,
  opts: { checkReasoning: boolean },
  method: Method,
): Promise<void> {
  if (text !== undefined) {
    const corpus = corpusNow();
    const report = await checkAnswer(text, await corpusDeps(corpus, verifier, method), opts);
    report.method = reportMethod(method, corpus);
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(summaryLine(report));
      for (const c of report.claims) io.out(verdictLine(c));
    }
    if (values.out) writeFileSync(values.out as string, JSON.stringify(report, null, 2));
    return;
  }
  const rows = readJsonl<{ id?: string; text?: string; evidence?: string[] }>(input!);
  const results: { id: string; report?: Report; error?: string }[] = [];
  for (const [i, row] of rows.entries()) {
    const id = String(row.id ?? i + 1);
    try {
      if (typeof row.text !== 'string') throw new MalformedFileError('record has no "text" string');
      if (!row.text.trim()) throw new EmptyInputError('record has no text to check');
      const given = Array.isArray(row.evidence) && row.evidence.length ? givenEvidence(row.evidence.map(String)) : undefined;
      const corpus = given ? undefined : getCorpus();
      const report = await checkAnswer(row.text, await corpusDeps(corpus, verifier, method, given), opts);
      report.method = reportMethod(method, corpus);
      results.push({ id, report });
      if (!values.json) io.out(`${id}: ${summaryLine(report)}`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      results.push({ id, error: msg });
      io.err(`${id}: ${msg}`);
    }
  }
  const json = JSON.stringify({ results }, null, 2);
  if (values.json) io.out(json);
  if (values.out) writeFileSync(values.out as string, json);
  if (results.every((r) => r.error)) throw new ClaimLensError('No answer could be checked.');
}

export interface EvalOutput extends Metrics {
  /** Precision and coverage of the verdicts the app shows (supported, contradicted). */
  shown: ShownVerdicts;
  /** ECE and reliability table on the confidence of the predicted label. */
  calibration: Calibration;
  claims_per_second: number;
  seconds: number;
  mode: 'oracle' | 'retrieval' | 'mixed';
  corpus?: string;
  /** Retrieval and verifier used. */
  method?: Report['method'];
  /** Where the gold document ranks (records with "doc", retrieved from the corpus). */
  retrieval?: RetrievalQuality;
  predictions: { id: string; gold: Verdict; predicted: Verdict; confidence: number; goldRank?: number | null }[];
}

/** Chunks searched per claim when ranking the gold document. */
const RETRIEVAL_DEPTH = 50;

export async function evaluate(
  rows: { id?: string; claim?: string; evidence?: string[]; label?: string; doc?: string }[],
  corpus: LoadedCorpus | undefined,
  verifier: Verifier = createFeatureVerifier(),
  method: Method = BM25_FEATURES,
): Promise<EvalOutput> {
  const t0 = performance.now();
  const gold: Verdict[] = [];
  const predicted: Verdict[] = [];
  const confidences: number[] = [];
  const predictions: EvalOutput['predictions'] = [];
  let oracle = 0;
  const ranks: (number | null)[] = [];
  for (const [i, row] of rows.entries()) {
    const id = String(row.id ?? i + 1);
    const label = LABELS[String(row.label ?? '').toLowerCase().replace(/[^a-z]/g, '')];
    if (typeof row.claim !== 'string' || !row.claim.trim()) throw new MalformedFileError(`record ${id} has no "claim".`);
    if (!label) throw new MalformedFileError(`record ${id} has label "${row.label}"; use supported, contradicted or unverifiable.`);
    const given = Array.isArray(row.evidence) && row.evidence.length ? givenEvidence(row.evidence.map(String)) : undefined;
    if (given) oracle++;
    const deps = await corpusDeps(corpus, verifier, method, given);
    const [result] = await verifyClaims([{ text: row.claim }], deps);
    gold.push(label);
    predicted.push(result.verdict);
    confidences.push(result.confidence);
    const prediction: EvalOutput['predictions'][number] = { id, gold: label, predicted: result.verdict, confidence: result.confidence };
    if (!given && typeof row.doc === 'string' && row.doc) {
      prediction.goldRank = goldRank(await deps.retriever.search(row.claim, RETRIEVAL_DEPTH), row.doc);
      ranks.push(prediction.goldRank);
    }
    predictions.push(prediction);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    ...computeMetrics(gold, predicted),
    shown: shownVerdicts(gold, predicted),
    calibration: calibration(gold, predicted, confidences),
    claims_per_second: rows.length / Math.max(seconds, 1e-6),
    seconds,
    mode: oracle === rows.length ? 'oracle' : oracle === 0 ? 'retrieval' : 'mixed',
    corpus: corpus?.meta.id,
    method: reportMethod(method, oracle === rows.length ? undefined : corpus),
    ...(ranks.length ? { retrieval: retrievalQuality(ranks, RETRIEVAL_DEPTH) } : {}),
    predictions,
  };
}

async function runEval(values: Record<string, string | boolean | undefined>, io: Io): Promise<void> {
  const input = values.input as string | undefined;
  if (!input) throw new UsageError('eval needs --input claims.jsonl.');
  const rows = readJsonl<{ id?: string; claim?: string; evidence?: string[]; label?: string; doc?: string }>(input);
  const needCorpus = !!values.corpus || rows.some((r) => !r.evidence?.length);
  const corpus = needCorpus ? loadCorpus((values.corpus as string) ?? 'medquad', (m) => io.err(`warning: ${m}`)) : undefined;
  const method = await methodFrom(values, io);
  let result: EvalOutput;
  try {
    result = await evaluate(rows, corpus, createFeatureVerifier(), method);
  } finally {
    await method.semantic?.dispose();
  }
  const how = `${method.retrieval}${method.retrieval === 'hybrid' ? `/${method.fusion}` : ''} + ${method.verifier}`;
  io.out(
    formatMetrics(
      input,
      result,
      `${result.mode}${result.corpus ? ` (${result.corpus})` : ''}, ${how}, ${result.claims_per_second.toFixed(0)} claims/s`,
    ),
  );
  io.out(formatQuality(result.shown, result.calibration));
  if (result.retrieval) {
    io.out(`  gold document in the top k (${result.retrieval.depth} chunks searched per claim):`);
    io.out(formatRetrievalTable([{ name: how.split(' + ')[0], quality: result.retrieval }]));
  }
  if (values.out) writeFileSync(values.out as string, JSON.stringify(result, null, 2));
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command ? 0 : 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        text: { type: 'string' },
        input: { type: 'string' },
        corpus: { type: 'string' },
        out: { type: 'string' },
        reasoning: { type: 'boolean' },
        json: { type: 'boolean' },
        retrieval: { type: 'string' },
        fusion: { type: 'string' },
        verifier: { type: 'string' },
        models: { type: 'string' },
        embedder: { type: 'string' },
        nli: { type: 'string' },
      },
      strict: true,
    });
    if (command === 'check') await runCheck(values, io);
    else if (command === 'eval') await runEval(values, io);
    else throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // One line: the reason, nothing else.
    io.err(`claimlens: ${msg.split('\n')[0]}`);
    return e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

