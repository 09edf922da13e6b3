// The `claimlens` command line: check answers and evaluate the checker.
//   claimlens check --text "…" | --input answers.jsonl [--corpus medquad|DIR|FILE] [--out report.json]
//   claimlens eval --input claims.jsonl [--corpus …] [--out report.json]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ClaimResult, Report, Verdict } from '../core/types.ts';

import { checkAnswer, MemoryVerdictCache, verifyClaims, type CheckDeps } from '../core/pipeline.ts';
import { createFeatureVerifier } from '../core/verify/feature-verifier.ts';
import type { Verifier } from '../core/verify/types.ts';
import type { Retriever } from '../core/retrieval/types.ts';
import { computeMetrics, formatMetrics, type Metrics } from '../core/eval/metrics.ts';
import { ClaimLensError, MalformedFileError } from '../core/errors.ts';
import { givenEvidence, loadCorpus, type LoadedCorpus } from './corpus.ts';

const USAGE = `Usage:
  claimlens check --text "answer" | --input answers.jsonl [--corpus medquad|DIR|FILE] [--out report.json] [--reasoning] [--json]
  claimlens eval --input claims.jsonl [--corpus medquad|DIR|FILE] [--out report.json]

answers.jsonl lines: {"id", "text", "evidence"?: string[]}  (evidence given → those passages are the corpus)
claims.jsonl lines:  {"id", "claim", "label": "supported"|"contradicted"|"unverifiable", "evidence"?: string[]}`;

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

function corpusDeps(corpus: LoadedCorpus | undefined, verifier: Verifier, retriever?: Retriever): CheckDeps {
  if (retriever) return { retriever, verifier, corpora: { given: 'given' } };
  if (!corpus) throw new UsageError('No corpus: pass --corpus, or give evidence with each record.');
  return { retriever: corpus.retriever, verifier, corpora: { [corpus.meta.id]: corpus.meta.version }, cache: new MemoryVerdictCache() };
}

function verdictLine(c: ClaimResult): string {
  const mark = { supported: '✔', contradicted: '✘', unverifiable: '?' }[c.verdict];
  const ev = c.evidence[0];
  const src = ev ? `\n      evidence: "${ev.sentence}" — ${ev.title}${ev.url ? ` <${ev.url}>` : ''}` : '';
  return `  ${mark} ${c.verdict.padEnd(12)} ${(c.confidence * 100).toFixed(0).padStart(3)}%  ${c.text}${src}`;
}

function summaryLine(r: Report): string {
  const s = r.stats;
  return `${s.claims} claims: ${s.supported} supported, ${s.contradicted} contradicted, ${s.unverifiable} unverifiable; hallucination rate ${(100 * s.hallucination_rate).toFixed(1)}%; ${s.ms} ms`;
}

async function runCheck(values: Record<string, string | boolean | undefined>, io: Io): Promise<void> {
  const text = values.text as string | undefined;
  const input = values.input as string | undefined;
  if (!text && !input) throw new UsageError('check needs --text or --input.');
  const verifier = createFeatureVerifier();
  const needCorpus = text !== undefined || !!values.corpus;
  const corpus = needCorpus ? loadCorpus((values.corpus as string) ?? 'medquad', (m) => io.err(`warning: ${m}`)) : undefined;
  const opts = { checkReasoning: !!values.reasoning };
  if (text !== undefined) {
    const report = await checkAnswer(text, corpusDeps(corpus, verifier), opts);
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
      const given = Array.isArray(row.evidence) && row.evidence.length ? givenEvidence(row.evidence.map(String)) : undefined;
      const report = await checkAnswer(row.text, corpusDeps(corpus, verifier, given), opts);
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
  claims_per_second: number;
  seconds: number;
  mode: 'oracle' | 'retrieval' | 'mixed';
  corpus?: string;
  predictions: { id: string; gold: Verdict; predicted: Verdict; confidence: number }[];
}

export async function evaluate(
  rows: { id?: string; claim?: string; evidence?: string[]; label?: string }[],
  corpus: LoadedCorpus | undefined,
  verifier: Verifier = createFeatureVerifier(),
): Promise<EvalOutput> {
  const t0 = performance.now();
  const gold: Verdict[] = [];
  const predicted: Verdict[] = [];
  const predictions: EvalOutput['predictions'] = [];
  let oracle = 0;
  for (const [i, row] of rows.entries()) {
    const id = String(row.id ?? i + 1);
    const label = LABELS[String(row.label ?? '').toLowerCase().replace(/[^a-z]/g, '')];
    if (typeof row.claim !== 'string' || !row.claim.trim()) throw new MalformedFileError(`record ${id} has no "claim".`);
    if (!label) throw new MalformedFileError(`record ${id} has label "${row.label}"; use supported, contradicted or unverifiable.`);
    const given = Array.isArray(row.evidence) && row.evidence.length ? givenEvidence(row.evidence.map(String)) : undefined;
    if (given) oracle++;
    const [result] = await verifyClaims([{ text: row.claim }], corpusDeps(corpus, verifier, given));
    gold.push(label);
    predicted.push(result.verdict);
    predictions.push({ id, gold: label, predicted: result.verdict, confidence: result.confidence });
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    ...computeMetrics(gold, predicted),
    claims_per_second: rows.length / Math.max(seconds, 1e-6),
    seconds,
    mode: oracle === rows.length ? 'oracle' : oracle === 0 ? 'retrieval' : 'mixed',
    corpus: corpus?.meta.id,
    predictions,
  };
}

async function runEval(values: Record<string, string | boolean | undefined>, io: Io): Promise<void> {
  const input = values.input as string | undefined;
  if (!input) throw new UsageError('eval needs --input claims.jsonl.');
  const rows = readJsonl<{ id?: string; claim?: string; evidence?: string[]; label?: string }>(input);
  const needCorpus = !!values.corpus || rows.some((r) => !r.evidence?.length);
  const corpus = needCorpus ? loadCorpus((values.corpus as string) ?? 'medquad', (m) => io.err(`warning: ${m}`)) : undefined;
  const result = await evaluate(rows, corpus);
  io.out(
    formatMetrics(
      input,
      result,
      `${result.mode}${result.corpus ? ` (${result.corpus})` : ''}, ${result.claims_per_second.toFixed(0)} claims/s`,
    ),
  );
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

