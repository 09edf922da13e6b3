// The `claimlens` command line: check answers and evaluate the checker.
//   claimlens check --text "…" | --input answers.jsonl [--corpus medquad|DIR|FILE] [--out report.json]
//   claimlens eval --input claims.jsonl [--corpus …] [--out report.json]
// Both take --retrieval bm25|dense|hybrid, --fusion rrf|weighted,
// --verifier features|nli|combined and --models DIR (src/cli/semantic.ts),
// or --verifier llm --server URL --model NAME (a model judge, src/cli/judge.ts).
//   claimlens calibrate --verifier features|nli|llm --input labelled.jsonl [--out FILE]
//   claimlens ask --server URL --model NAME --question "…" (src/cli/ask.ts)
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
import { ClaimLensError, EmptyInputError, MalformedFileError, UsageError } from '../core/errors.ts';
import { givenEvidence, loadCorpus, type LoadedCorpus } from './corpus.ts';
import { checkMethod, semanticRetriever, semanticVerifier, type RetrievalMode, type VerifierMode } from '../core/semantic.ts';
import type { FusionMethod } from '../core/retrieval/hybrid.ts';
import { goldRank, retrievalQuality, formatRetrievalTable, type RetrievalQuality } from '../core/eval/retrieval.ts';
import { loadCliSemantic, type CliSemantic } from './semantic.ts';
import { connectJudge, readCalibration, type CliJudge, type JudgeCliOptions } from './judge.ts';
import { calibrationTag, recalibrate, type CalibratedVerifier, type CalibrationFile } from '../core/verify/calibrate.ts';
import { runCalibrate } from './calibrate.ts';
import { groupStats, type BatchResult } from '../core/batch/stats.ts';
import { renderHtmlReport } from '../core/batch/html-report.ts';
import { readResultsFile, resultsFile } from '../core/report-format.ts';
import { AnswerLineSchema, ClaimLineSchema, readJsonl, type ClaimLine } from './input.ts';
import { toResults } from '../core/batch/rows.ts';
import type { BatchAnswer } from '../core/batch/types.ts';
import { runAsk } from './ask.ts';

const USAGE = `Usage:
  claimlens check --text "answer" | --input answers.jsonl [--corpus medquad|DIR|FILE] [--out report.json] [--reasoning] [--json]
  claimlens eval --input claims.jsonl [--corpus medquad|DIR|FILE] [--out report.json]
  claimlens report --input results.json --out report.html [--by model|TAG] [--title T]
      a self-contained HTML report (per-model shares with 95 % intervals, score and confidence
      charts with their tables, every claim) of what check --input … --out results.json wrote,
      or of a run exported as JSON from the app's Batch view
  claimlens calibrate --verifier features|nli|llm --input claims.jsonl [--corpus …] [--out FILE]
      fits the thresholds (and a temperature for features/nli) on labelled claims, prints the
      metrics before and after, and saves .claimlens/calibration-<verifier>.json (or --out)
  claimlens ask --server URL --model NAME --question "question" [--system PROMPT] [--thinking on|off]
                [--claims rules|model] [--reasoning] [--corpus …] [--json] [--api-key K]
      asks a model on an OpenAI-compatible server, streams its answer to stdout, then checks its
      claims (found by the rule-based splitter, or listed by the same model with --claims model)
      and prints them as check does; --json prints the answer, its reasoning and the report

Semantic search (both commands):
  --retrieval bm25|dense|hybrid    evidence retrieval (default bm25)
  --fusion rrf|weighted            how hybrid fuses BM25 and dense rankings (default rrf)
  --verifier features|nli|combined verdicts from lexical features, an NLI model, or both (default features)
  --models DIR                     model folder (default public/models; the test models in fixtures/ when the real ones are absent)
  --embedder ID  --nli ID          model ids from the catalog (default: the catalog's defaults)
  --calibration FILE               a calibration from claimlens calibrate (default: .claimlens/calibration-<verifier>.json when present)

Model judge (--verifier llm; an OpenAI-compatible server: vLLM, SGLang, Ollama, llama.cpp):
  --server URL --model NAME [--api-key K]
  --concurrency N (requests at once, default 4)  --claims-per-prompt N (default 1)
  --context TOKENS (default 8192)  --timeout SECONDS (per request, default 120)  --thinking on|off
  --thinking-tokens N (output allowed for a think block per request, default 1024)
  A claim the judge fails on (bad JSON, refusal, timeout, dropped stream) is decided by the
  offline feature verifier, marked as a fallback and counted.

answers.jsonl lines: {"id", "text" (or "answer"), "question"?, "model"?, "evidence"?: string[], any other column kept as a tag}
  (evidence given → those passages are the corpus; results keep question, model, tags and the answer text;
   a results file imports into the app's Batch view as a finished run, docs/batch.md)
claims.jsonl lines:  {"id", "claim", "label": "supported"|"contradicted"|"unverifiable", "evidence"?: string[], "doc"?: gold document id}
  (with --corpus and "doc", eval also reports retrieval quality: recall@1/5/10 and MRR of the gold document)`;


interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Writes without a line end (ask streams its answer through it). */
  write?: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  write: (s) => process.stdout.write(s),
};

const LABELS: Record<string, Verdict> = {
  supported: 'supported', support: 'supported', supports: 'supported', entailment: 'supported',
  contradicted: 'contradicted', refuted: 'contradicted', refute: 'contradicted', refutes: 'contradicted', contradiction: 'contradicted',
  unverifiable: 'unverifiable', neutral: 'unverifiable', notenoughinfo: 'unverifiable', nei: 'unverifiable',
};

/** How a run retrieves and verifies (semantic options of check and eval). */
interface Method {
  retrieval: RetrievalMode;
  fusion: FusionMethod;
  verifier: VerifierMode | 'llm';
  semantic: CliSemantic | null;
  /** The model judge (--verifier llm). */
  judge?: CliJudge;
  /** A user calibration applied to the verifier. */
  calibration?: { file: CalibrationFile; path: string };
}

const BM25_FEATURES: Method = { retrieval: 'bm25', fusion: 'rrf', verifier: 'features', semantic: null };

async function corpusDeps(corpus: LoadedCorpus | undefined, features: Verifier, method: Method = BM25_FEATURES, retriever?: Retriever): Promise<CheckDeps> {
  const verifier = methodVerifier(features, method);
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

/** The verifier of a run: the judge, or features / NLI / both, under the user's calibration when there is one. */
function methodVerifier(features: Verifier, method: Method): Verifier {
  if (method.judge) return method.judge.verifier;
  const mode = method.verifier === 'llm' ? 'features' : method.verifier;
  const v = semanticVerifier(features, method.semantic?.nli, mode).verifier;
  return method.calibration ? recalibrate(v, method.calibration.file) : v;
}

function reportMethod(method: Method, corpus: LoadedCorpus | undefined): Report['method'] {
  if (method.judge) {
    const m = checkMethod({ retrieval: corpus ? method.retrieval : 'bm25', verifier: 'features', fusion: method.fusion, embedder: method.semantic?.embedder?.id, denseCorpora: corpus && method.retrieval !== 'bm25' ? [corpus.meta.id] : undefined });
    m.verifier = 'llm';
    m.judge = `${method.judge.model} @ ${method.judge.server}`;
    if (method.calibration) m.calibration = `${method.calibration.path} (${calibrationTag(method.calibration.file)})`;
    return m;
  }
  const m = reportMethodOf(method, corpus);
  if (method.calibration) m.calibration = `${method.calibration.path} (${calibrationTag(method.calibration.file)})`;
  return m;
}

function reportMethodOf(method: Method, corpus: LoadedCorpus | undefined): NonNullable<Report['method']> {
  return checkMethod({
    retrieval: corpus ? method.retrieval : 'bm25',
    verifier: method.verifier === 'llm' ? 'features' : method.verifier,
    fusion: method.fusion,
    embedder: method.semantic?.embedder?.id,
    denseCorpora: corpus && method.retrieval !== 'bm25' ? [corpus.meta.id] : undefined,
    nli: method.semantic?.nli?.id,
  });
}

const RETRIEVALS: RetrievalMode[] = ['bm25', 'dense', 'hybrid'];
const VERIFIERS: (VerifierMode | 'llm')[] = ['features', 'nli', 'combined', 'llm'];
const FUSIONS: FusionMethod[] = ['rrf', 'weighted'];

function choice<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${String(value)}").`);
  return value as T;
}

const judgeOptions = (values: Record<string, string | boolean | undefined>): JudgeCliOptions => ({
  server: values.server as string | undefined,
  model: values.model as string | undefined,
  apiKey: (values['api-key'] as string | undefined) ?? process.env.CLAIMLENS_API_KEY,
  concurrency: values.concurrency as string | undefined,
  claimsPerPrompt: values['claims-per-prompt'] as string | undefined,
  context: values.context as string | undefined,
  timeout: values.timeout as string | undefined,
  thinking: values.thinking as string | undefined,
  thinkingTokens: values['thinking-tokens'] as string | undefined,
});

/** The user calibration for a verifier mode (combined has none of its own). */
function calibrationFor(mode: VerifierMode | 'llm', values: Record<string, string | boolean | undefined>, io: Io): Method['calibration'] {
  if (mode === 'combined') {
    if (values.calibration) throw new UsageError('--calibration applies to --verifier features, nli or llm, not combined.');
    return undefined;
  }
  const found = readCalibration(mode as CalibratedVerifier, values.calibration as string | undefined);
  if (!found) return undefined;
  io.err(`calibration: ${found.path} (${calibrationTag(found.calibration)}, fitted on ${found.calibration.fittedOn.n} claims)`);
  return { file: found.calibration, path: found.path };
}

/** Reads the semantic options and loads the models they need; connects the judge for --verifier llm. */
async function methodFrom(values: Record<string, string | boolean | undefined>, io: Io, useCalibration = true): Promise<Method> {
  const method = await semanticMethodFrom(values, io);
  try {
    await finishMethod(method, values, io, useCalibration);
  } catch (e) {
    await method.semantic?.dispose(); // the models loaded for this run
    throw e;
  }
  return method;
}

async function finishMethod(method: Method, values: Record<string, string | boolean | undefined>, io: Io, useCalibration: boolean): Promise<void> {
  if (useCalibration) method.calibration = calibrationFor(method.verifier, values, io);
  const nliId = method.semantic?.nli?.id;
  if (method.verifier === 'nli' && method.calibration?.file.model && nliId && method.calibration.file.model !== nliId) {
    throw new UsageError(`${method.calibration.path} was fitted for the NLI model ${method.calibration.file.model}, not ${nliId}. Run claimlens calibrate --verifier nli with this model, or pass another --calibration.`);
  }
  if (method.verifier === 'llm') {
    // The judge's fallback: the feature verifier, under its own user calibration when there is one.
    const features = useCalibration ? readCalibration('features') : undefined;
    const fallback = features ? recalibrate(createFeatureVerifier(), features.calibration) : createFeatureVerifier();
    method.judge = await connectJudge(judgeOptions(values), fallback, method.calibration?.file);
  }
}

async function semanticMethodFrom(values: Record<string, string | boolean | undefined>, io: Io): Promise<Method> {
  const retrieval = choice('retrieval', values.retrieval, RETRIEVALS, 'bm25');
  const verifier = choice('verifier', values.verifier, VERIFIERS, 'features');
  const fusion = choice('fusion', values.fusion, FUSIONS, 'rrf');
  if (retrieval === 'bm25' && (verifier === 'features' || verifier === 'llm')) return { retrieval, verifier, fusion, semantic: null };
  const semantic = await loadCliSemantic({
    retrieval,
    fusion,
    verifier: verifier === 'llm' ? 'features' : verifier,
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
  const judge = s.judgeFallbacks !== undefined ? `; judge fallbacks ${s.judgeFallbacks}` : '';
  return `${s.claims} claims: ${s.supported} supported, ${s.contradicted} contradicted, ${s.unverifiable} unverifiable (${shares}); ${score}${judge}; ${s.ms} ms`;
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
    await checkWith({ values, io, text, input, verifier, getCorpus, corpusNow: () => corpus, opts, method });
  } finally {
    await method.semantic?.dispose();
  }
}

/** What `check` runs with: the parsed options, the answer (--text) or the answers file (--input), and how to check. */
interface CheckRun {
  values: Record<string, string | boolean | undefined>;
  io: Io;
  text: string | undefined;
  input: string | undefined;
  verifier: Verifier;
  /** The corpus, loaded on first use. */
  getCorpus: () => LoadedCorpus;
  /** The corpus if it is loaded already. */
  corpusNow: () => LoadedCorpus | undefined;
  opts: { checkReasoning: boolean };
  method: Method;
}

async function checkWith({ values, io, text, input, verifier, getCorpus, corpusNow, opts, method }: CheckRun): Promise<void> {
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
  const rows = readJsonl(input!, AnswerLineSchema);
  const results: BatchResult[] = [];
  for (const [i, row] of rows.entries()) {
    const id = String(row.id ?? i + 1);
    const { question, model, tags } = batchFields(row);
    try {
      const text = row.text ?? row.answer ?? '';
      if (!text.trim()) throw new EmptyInputError('record has no text to check');
      const given = row.evidence?.length ? givenEvidence(row.evidence) : undefined;
      const corpus = given ? undefined : getCorpus();
      const report = await checkAnswer(text, await corpusDeps(corpus, verifier, method, given), opts);
      report.method = reportMethod(method, corpus);
      results.push({ id, ...(question ? { question } : {}), ...(model ? { model } : {}), ...(tags ? { tags } : {}), answer: text, report });
      if (!values.json) io.out(`${id}: ${summaryLine(report)}`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      results.push({ id, ...(question ? { question } : {}), ...(model ? { model } : {}), ...(tags ? { tags } : {}), error: msg });
      io.err(`${id}: ${msg}`);
    }
  }
  const json = JSON.stringify(resultsFile(results), null, 2);
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
  /** Model judge: how it went (fallbacks to the offline verifier, requests, tokens). */
  judge?: EvalJudgeStats;
  predictions: {
    id: string;
    gold: Verdict;
    predicted: Verdict;
    confidence: number;
    goldRank?: number | null;
    /** The verifier's probabilities and whether evidence was found (for claimlens calibrate). */
    probabilities?: ClaimResult['probabilities'];
    evidence?: number;
    /** Model judge: fell back to the offline verifier on this claim. */
    fallback?: boolean;
    /** Model judge: the verdict the model stated (before calibration). */
    stated?: Verdict;
  }[];
}

export interface EvalJudgeStats {
  model: string;
  server: string;
  judged: number;
  fallbacks: number;
  fallback_kinds: Record<string, number>;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** Mean request time per claim judged (ms), with the requests' overlap not subtracted. */
  ms_per_request: number;
}

/** Chunks searched per claim when ranking the gold document. */
const RETRIEVAL_DEPTH = 50;

export async function evaluate(
  rows: ClaimLine[],
  corpus: LoadedCorpus | undefined,
  verifier: Verifier = createFeatureVerifier(),
  method: Method = BM25_FEATURES,
): Promise<EvalOutput> {
  const t0 = performance.now();
  const labels: Verdict[] = rows.map((row, i) => {
    const id = String(row.id ?? i + 1);
    const label = LABELS[String(row.label ?? '').toLowerCase().replace(/[^a-z]/g, '')];
    if (!row.claim.trim()) throw new MalformedFileError(`record ${id} has an empty "claim".`);
    if (!label) throw new MalformedFileError(`record ${id} has label "${row.label}"; use supported, contradicted or unverifiable.`);
    return label;
  });
  let oracle = 0;
  const judged: EvalOutput['predictions'] = new Array(rows.length);
  const one = async (i: number) => {
    const row = rows[i];
    const claim = row.claim;
    const given = row.evidence?.length ? givenEvidence(row.evidence) : undefined;
    if (given) oracle++;
    const deps = await corpusDeps(corpus, verifier, method, given);
    const [result] = await verifyClaims([{ text: claim }], deps);
    const prediction: EvalOutput['predictions'][number] = {
      id: String(row.id ?? i + 1),
      gold: labels[i],
      predicted: result.verdict,
      confidence: result.confidence,
      probabilities: result.probabilities,
      evidence: result.evidence.length,
    };
    if (result.fallback !== undefined) prediction.fallback = result.fallback;
    if (result.judge) prediction.stated = result.judge.verdict;
    if (!given && typeof row.doc === 'string' && row.doc) {
      prediction.goldRank = goldRank(await deps.retriever.search(claim, RETRIEVAL_DEPTH), row.doc);
    }
    judged[i] = prediction;
  };
  // A model judge takes claims several at a time (its own limit caps the requests to the server).
  const parallel = method.judge ? 64 : 1;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, rows.length) }, async () => {
      while (next < rows.length) await one(next++);
    }),
  );
  const predictions = judged;
  const gold = predictions.map((p) => p.gold);
  const predicted = predictions.map((p) => p.predicted);
  const confidences = predictions.map((p) => p.confidence);
  const ranks = predictions.filter((p) => p.goldRank !== undefined).map((p) => p.goldRank as number | null);
  const seconds = (performance.now() - t0) / 1000;
  let judge: EvalJudgeStats | undefined;
  if (method.judge) {
    const st = method.judge.verifier.stats;
    judge = {
      model: method.judge.model,
      server: method.judge.server,
      judged: predictions.filter((p) => p.fallback === false).length,
      fallbacks: predictions.filter((p) => p.fallback).length,
      fallback_kinds: { ...st.fallbackKinds },
      requests: st.requests,
      prompt_tokens: st.promptTokens,
      completion_tokens: st.completionTokens,
      ms_per_request: st.requests ? st.requestMs / st.requests : 0,
    };
  }
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
    ...(judge ? { judge } : {}),
    predictions,
  };
}

/** The model judge's line under the metrics block: fallbacks first. */
export function judgeLine(j: EvalJudgeStats): string {
  const kinds = Object.entries(j.fallback_kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const n = j.judged + j.fallbacks;
  const tokens = n ? `, ${Math.round(j.prompt_tokens / n)} prompt + ${Math.round(j.completion_tokens / n)} completion tokens per claim` : '';
  return `  model judge ${j.model} at ${j.server}: ${j.judged} judged, fallbacks ${j.fallbacks}${kinds ? ` (${kinds})` : ''} to the offline verifier; ${j.requests} requests, ${Math.round(j.ms_per_request)} ms per request${tokens}`;
}

async function runEval(values: Record<string, string | boolean | undefined>, io: Io): Promise<void> {
  const input = values.input as string | undefined;
  if (!input) throw new UsageError('eval needs --input claims.jsonl.');
  const rows = readJsonl(input, ClaimLineSchema);
  const needCorpus = !!values.corpus || rows.some((r) => !r.evidence?.length);
  const corpus = needCorpus ? loadCorpus((values.corpus as string) ?? 'medquad', (m) => io.err(`warning: ${m}`)) : undefined;
  const method = await methodFrom(values, io);
  let result: EvalOutput;
  try {
    result = await evaluate(rows, corpus, createFeatureVerifier(), method);
  } finally {
    await method.semantic?.dispose();
  }
  const how = `${method.retrieval}${method.retrieval === 'hybrid' ? `/${method.fusion}` : ''} + ${method.judge ? `llm judge ${method.judge.model}` : method.verifier}${method.calibration ? ' (calibrated)' : ''}`;
  io.out(
    formatMetrics(
      input,
      result,
      `${result.mode}${result.corpus ? ` (${result.corpus})` : ''}, ${how}, ${result.claims_per_second.toFixed(0)} claims/s`,
    ),
  );
  io.out(formatQuality(result.shown, result.calibration));
  if (result.judge) io.out(judgeLine(result.judge));
  if (result.retrieval) {
    io.out(`  gold document in the top k (${result.retrieval.depth} chunks searched per claim):`);
    io.out(formatRetrievalTable([{ name: how.split(' + ')[0], quality: result.retrieval }]));
  }
  if (values.out) writeFileSync(values.out as string, JSON.stringify(result, null, 2));
}

/** The row's question, model and any other columns (kept as tags, as strings). */
function batchFields(row: Record<string, unknown>): { question?: string; model?: string; tags?: Record<string, string> } {
  const known = new Set(['id', 'text', 'answer', 'evidence', 'question', 'model']);
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    if (known.has(k) || v === null || v === undefined || typeof v === 'object') continue;
    tags[k] = String(v);
  }
  return {
    question: typeof row.question === 'string' ? row.question : undefined,
    model: typeof row.model === 'string' || typeof row.model === 'number' ? String(row.model) : undefined,
    tags: Object.keys(tags).length ? tags : undefined,
  };
}

/** `claimlens report --input results.json --out report.html`: the HTML report of a `check --input` run. */
async function runReport(values: Record<string, string | boolean | undefined>, io: Io): Promise<void> {
  const input = values.input as string | undefined;
  if (!input) throw new UsageError('report needs --input results.json (what check --input … --out wrote).');
  if (!values.out) throw new UsageError('report needs --out report.html.');
  if (!existsSync(input)) throw new UsageError(`Input file not found: ${input}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(input, 'utf8'));
  } catch (e) {
    throw new MalformedFileError(`${input} is not JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  // Any version (report-format.ts): older files are read in the current format. A run
  // exported as JSON from the app's Batch view ({format: "claimlens-batch", answers}) reports the same way.
  const exported = parsed as { format?: unknown; answers?: unknown };
  const results = exported.format === 'claimlens-batch' && Array.isArray(exported.answers) ? toResults(exported.answers as BatchAnswer[]) : readResultsFile(parsed, input);
  const html = renderHtmlReport(results, { by: (values.by as string | undefined) ?? 'model', title: values.title as string | undefined });
  writeFileSync(values.out as string, html);
  const stats = groupStats(results, (values.by as string | undefined) ?? 'model');
  for (const g of stats) {
    io.out(`${g.group}: ${g.answers} answers, ${g.claims} claims; supported ${(100 * g.shares.supported.share).toFixed(1)}%, contradicted ${(100 * g.shares.contradicted.share).toFixed(1)}%, unverifiable ${(100 * g.shares.unverifiable.share).toFixed(1)}%; mean hallucination score ${g.meanScore === null ? 'n/a' : (100 * g.meanScore).toFixed(1) + '%'}`);
  }
  io.out(`wrote ${values.out}`);
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
        server: { type: 'string' },
        model: { type: 'string' },
        'api-key': { type: 'string' },
        concurrency: { type: 'string' },
        'claims-per-prompt': { type: 'string' },
        context: { type: 'string' },
        timeout: { type: 'string' },
        thinking: { type: 'string' },
        'thinking-tokens': { type: 'string' },
        calibration: { type: 'string' },
        by: { type: 'string' },
        title: { type: 'string' },
        question: { type: 'string' },
        system: { type: 'string' },
        claims: { type: 'string' },
      },
      strict: true,
    });
    if (command === 'check') await runCheck(values, io);
    else if (command === 'eval') await runEval(values, io);
    else if (command === 'report') await runReport(values, io);
    else if (command === 'ask') {
      await runAsk<Method>(values, io, {
        methodFrom,
        checkWith: async (text, corpus, method, opts) => {
          const report = await checkAnswer(text, await corpusDeps(corpus, createFeatureVerifier(), method), opts);
          report.method = reportMethod(method, corpus);
          return report;
        },
        loadCorpus: (c) => loadCorpus(c, (m) => io.err(`warning: ${m}`)),
        summaryLine,
        verdictLine,
      });
    }
    else if (command === 'calibrate') await runCalibrate<Method>(values, io, { methodFrom, evaluate, judgeLine, loadCorpus: (c) => loadCorpus(c, (m) => io.err(`warning: ${m}`)) });
    else throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // One line: the reason, nothing else.
    io.err(`claimlens: ${msg.split('\n')[0]}`);
    return e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

