// Reading a file of answers for a batch run: JSONL or CSV rows with `answer`
// (or `text`) and optionally `id`, `question`, `model`, `evidence` and any
// other column (kept as a tag), or a results file that `claimlens check
// --input … --out results.json` wrote (imported as a finished run). Each row
// is checked with a schema (valibot); rows that cannot be read are listed with
// their line numbers and the others kept. Formats: docs/batch.md.
import { upgradeReport, type AnyVersionReport } from '../report-format.ts';
import * as v from 'valibot';
import Papa from 'papaparse';
import { jsonLines } from '../evidence/jsonl.ts';
import { BinaryFileError, EmptyInputError, InputTooLargeError, MalformedFileError } from '../errors.ts';
import {
  MAX_BATCH_ANSWERS,
  MAX_BATCH_FILE_BYTES,
  type BatchAnswer,
  type BatchFileResult,
  type BatchImportIssue,
  type BatchInputRow,
} from './types.ts';

/** Columns with a meaning; every other column is a tag. */
const KNOWN = new Set(['id', 'text', 'answer', 'evidence', 'question', 'model']);

const text = v.pipe(v.string(), v.trim());
const idValue = v.union([v.string(), v.pipe(v.number(), v.transform(String))]);
const evidenceValue = v.union([v.array(v.pipe(v.union([v.string(), v.number()]), v.transform(String))), v.string()]);

/** One input row (after JSON parsing, or a CSV record as strings). */
const RowSchema = v.looseObject({
  id: v.optional(v.nullable(idValue)),
  answer: v.optional(v.nullable(v.string('"answer" must be text'))),
  text: v.optional(v.nullable(v.string('"text" must be text'))),
  question: v.optional(v.nullable(text)),
  model: v.optional(v.nullable(idValue)),
  evidence: v.optional(v.nullable(evidenceValue)),
});

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;

/** Refuses a file over the limit before anything of it is read. */
export function checkBatchFileSize(name: string, size: number): void {
  if (size > MAX_BATCH_FILE_BYTES) {
    throw new InputTooLargeError(
      `${name} is ${mb(size)}; a batch file can be at most ${mb(MAX_BATCH_FILE_BYTES)}. Split it into smaller files (at most ${MAX_BATCH_ANSWERS.toLocaleString('en-US')} answers each).`,
    );
  }
  if (size === 0) throw new EmptyInputError(`${name} is empty.`);
}

/** Reads a File (or any Blob with a name): its size is checked first, so a huge file is never read. */
export async function readBatchFile(file: Blob & { name: string }): Promise<BatchFileResult> {
  checkBatchFileSize(file.name, file.size);
  return parseBatchFile(file.name, new Uint8Array(await file.arrayBuffer()));
}

/** Parses a batch file's bytes: answers (JSONL / CSV) or a CLI results file. */
export function parseBatchFile(name: string, bytes: Uint8Array): BatchFileResult {
  checkBatchFileSize(name, bytes.byteLength);
  let content: string;
  try {
    // The BOM (if any) is dropped by the decoder.
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BinaryFileError(
      `${name} is not UTF-8 text (it may be a spreadsheet file or use another encoding). Save it as CSV UTF-8 or JSONL and try again.`,
    );
  }
  if (!content.trim()) throw new EmptyInputError(`${name} has no rows.`);
  const lower = name.toLowerCase();
  const first = content.trimStart()[0];
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || (first !== '{' && first !== '[')) return parseCsv(name, content);
  const results = resultsFile(content);
  if (results) return parseResults(name, results);
  if (first === '[') return parseJsonArray(name, content);
  return parseJsonl(name, content);
}

interface Raw {
  line: number;
  value: unknown;
}

/** The file as a whole is a JSON object with a `results` list (a CLI results file), or null. */
function resultsFile(content: string): unknown[] | null {
  const t = content.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return null; // JSONL has several objects: not one JSON document
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const doc = parsed as { results?: unknown; format?: unknown; answers?: unknown };
  // A run exported as JSON from the Batch view (exports.ts): its answers, errors as text.
  if (doc.format === 'claimlens-batch' && Array.isArray(doc.answers)) {
    return doc.answers.map((a: unknown) => {
      if (!a || typeof a !== 'object') return a;
      const { error, ...rest } = a as { error?: { message?: unknown } };
      return error ? { ...rest, error: String(error.message ?? 'not checked') } : rest;
    });
  }
  return Array.isArray(doc.results) ? doc.results : null;
}

function parseJsonl(name: string, content: string): BatchFileResult {
  const raws: Raw[] = [];
  const issues: BatchImportIssue[] = [];
  for (const l of jsonLines(content)) {
    if (l.error === undefined) raws.push({ line: l.line, value: l.value });
    else issues.push({ line: l.line, kind: 'skipped', message: `line ${l.line} is not valid JSON` });
  }
  return finish(name, raws, issues, 'jsonl');
}

function parseJsonArray(name: string, content: string): BatchFileResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (e) {
    throw new MalformedFileError(`${name} is not valid JSON (${e instanceof Error ? e.message : String(e)}). Write one JSON object per line (JSONL), or a CSV file.`);
  }
  const list = parsed as unknown[];
  return finish(name, list.map((value, i) => ({ line: i + 1, value })), [], 'jsonl');
}

/** CSV (or tab-separated): a header row, then one record per row; quoted cells may hold newlines. */
function parseCsv(name: string, content: string): BatchFileResult {
  const body = content.replace(/^\uFEFF/, '');
  const records: { line: number; cells: string[]; error?: string; quotes?: boolean }[] = [];
  // The line each record starts on: newlines before its first character (its
  // start is where the previous record ended, past the line breaks).
  let counted = 0;
  let line = 1;
  let cursor = 0;
  Papa.parse<string[]>(body, {
    header: false,
    skipEmptyLines: false,
    step: (res) => {
      let start = cursor;
      while (body[start] === '\r' || body[start] === '\n') start++;
      for (; counted < start; counted++) if (body.charCodeAt(counted) === 10) line++;
      const error = res.errors.find((e) => e.type !== 'Delimiter');
      const message = error?.type === 'Quotes' ? 'a quoted cell is not closed (a missing "), so the rest of the file was read as one cell' : error?.message;
      records.push({ line, cells: res.data, ...(message ? { error: message, quotes: error?.type === 'Quotes' } : {}) });
      cursor = Math.max(cursor, res.meta.cursor);
    },
  });
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) throw new EmptyInputError(`${name} has no rows.`);
  const [head, ...rows] = nonEmpty;
  const columns = head.cells.map((c) => c.trim());
  const lowered = columns.map((c) => c.toLowerCase());
  if (!lowered.includes('answer') && !lowered.includes('text')) {
    throw new MalformedFileError(
      `${name} has no "answer" (or "text") column. Its first row should name the columns, e.g. id,question,model,answer; found: ${columns.filter(Boolean).slice(0, 12).join(', ') || '(nothing)'}.`,
    );
  }
  if (rows.length === 0) throw new EmptyInputError(`${name} has a header row but no answers.`);
  const issues: BatchImportIssue[] = [];
  const raws: Raw[] = [];
  for (const r of rows) {
    if (r.quotes) {
      issues.push({ line: r.line, kind: 'skipped', message: `line ${r.line}: ${r.error}` });
      continue;
    }
    if (r.error && r.cells.length !== columns.length) {
      issues.push({ line: r.line, kind: 'skipped', message: `line ${r.line}: ${r.error} (${r.cells.length} cells, the header has ${columns.length})` });
      continue;
    }
    const obj: Record<string, unknown> = {};
    columns.forEach((col, i) => {
      const cell = r.cells[i];
      if (cell === undefined || cell.trim() === '' || !col) return;
      const key = KNOWN.has(col.toLowerCase()) ? col.toLowerCase() : col;
      obj[key] = key === 'evidence' ? csvEvidence(cell) : cell;
    });
    if (r.cells.length > columns.length && r.cells.slice(columns.length).some((c) => c.trim())) {
      issues.push({ line: r.line, kind: 'skipped', message: `line ${r.line} has ${r.cells.length} cells but the header names ${columns.length} columns (an unquoted comma?)` });
      continue;
    }
    raws.push({ line: r.line, value: obj });
  }
  return finish(name, raws, issues, 'csv');
}

/** A CSV evidence cell: a JSON array of passages, or passages separated by "|". */
function csvEvidence(cell: string): string[] | string {
  const t = cell.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: split below
    }
  }
  return t.split('|');
}

/** Validates rows, names ids, renames duplicates and applies the row limit. */
function finish(name: string, raws: Raw[], issues: BatchImportIssue[], format: 'jsonl' | 'csv'): BatchFileResult {
  const rows: BatchInputRow[] = [];
  const seen = new Map<string, number>();
  let answerColumn = false;
  let over = 0;
  let firstOver = 0;
  for (const [i, raw] of raws.entries()) {
    const { line, value } = raw;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ line, kind: 'skipped', message: `line ${line} is not an object with an "answer"` });
      continue;
    }
    if ('answer' in value || 'text' in value) answerColumn = true;
    const parsed = v.safeParse(RowSchema, value);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const field = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      issues.push({ line, kind: 'skipped', message: `line ${line}: ${field ? `"${field}" ` : ''}${issue.message}` });
      continue;
    }
    const row = parsed.output;
    const answer = row.answer ?? row.text;
    if (typeof answer !== 'string') {
      issues.push({ line, kind: 'skipped', message: `line ${line} has no "answer" (or "text")` });
      continue;
    }
    if (!answer.trim()) {
      issues.push({ line, kind: 'skipped', message: `line ${line} has an empty answer` });
      continue;
    }
    if (rows.length >= MAX_BATCH_ANSWERS) {
      over++;
      firstOver ||= line;
      continue;
    }
    let id = row.id === undefined || row.id === null || row.id === '' ? String(i + 1) : String(row.id);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) {
      let renamed = `${id}#${n}`;
      for (let k = n + 1; seen.has(renamed); k++) renamed = `${id}#${k}`;
      seen.set(renamed, 1);
      issues.push({ line, kind: 'renamed', message: `line ${line}: the id "${id}" is used before; this answer is kept as "${renamed}"` });
      id = renamed;
    }
    const evidence = row.evidence === undefined || row.evidence === null ? undefined : (Array.isArray(row.evidence) ? row.evidence : [row.evidence]).map((p) => p.trim()).filter(Boolean);
    const tags: Record<string, string> = {};
    for (const [k, val] of Object.entries(value)) {
      if (KNOWN.has(k) || val === null || val === undefined || typeof val === 'object') continue;
      const s = String(val);
      if (s.trim() !== '') tags[k] = s;
    }
    rows.push({
      id,
      line,
      answer,
      ...(row.question ? { question: row.question } : {}),
      ...(row.model !== undefined && row.model !== null && row.model !== '' ? { model: String(row.model) } : {}),
      ...(evidence?.length ? { evidence } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
    });
  }
  if (over) {
    issues.push({
      line: firstOver,
      kind: 'truncated',
      message: `${name} has ${(rows.length + over).toLocaleString('en-US')} answers; a run takes at most ${MAX_BATCH_ANSWERS.toLocaleString('en-US')}: the first ${MAX_BATCH_ANSWERS.toLocaleString('en-US')} are kept and ${over.toLocaleString('en-US')} from line ${firstOver} on are left out.`,
    });
  }
  if (rows.length === 0) {
    if (!answerColumn && raws.length) {
      throw new MalformedFileError(`${name} has no "answer" (or "text") field in any row. Each line needs one, e.g. {"id": "q1", "answer": "…"}.`);
    }
    throw new MalformedFileError(`No answer in ${name} could be read: ${summarizeIssues(issues)}`);
  }
  issues.sort((a, b) => a.line - b.line);
  return { kind: 'answers', rows, issues, format };
}

function summarizeIssues(issues: BatchImportIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => i.message).join('; ');
  return issues.length > 3 ? `${shown}; and ${issues.length - 3} more.` : `${shown || 'no rows'}.`;
}

/** A report as the CLI writes it: only what the statistics and the claim table read is checked. */
const ReportSchema = v.looseObject({
  claims: v.array(
    v.looseObject({
      text: v.string(),
      start: v.number(),
      end: v.number(),
      verdict: v.picklist(['supported', 'contradicted', 'unverifiable']),
      confidence: v.number(),
      probabilities: v.looseObject({ supported: v.number(), contradicted: v.number(), unverifiable: v.number() }),
      evidence: v.array(v.looseObject({ title: v.string(), sentence: v.string() })),
    }),
  ),
  stats: v.looseObject({ claims: v.number() }),
  corpora: v.record(v.string(), v.string()),
  verifier: v.string(),
});

const ResultSchema = v.looseObject({
  id: idValue,
  answer: v.optional(v.string()),
  question: v.optional(v.string()),
  model: v.optional(idValue),
  tags: v.optional(v.record(v.string(), v.pipe(v.union([v.string(), v.number(), v.boolean()]), v.transform(String)))),
  report: v.optional(ReportSchema),
  error: v.optional(v.string()),
});

/** A `claimlens check --input` results file: each result becomes a finished answer. */
function parseResults(name: string, list: unknown[]): BatchFileResult {
  const issues: BatchImportIssue[] = [];
  const results: Omit<BatchAnswer, 'runId' | 'row'>[] = [];
  const seen = new Map<string, number>();
  let over = 0;
  for (const [i, value] of list.entries()) {
    const n = i + 1;
    const parsed = v.safeParse(ResultSchema, value);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const field = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      issues.push({ line: n, kind: 'skipped', message: `result ${n}: ${field ? `"${field}" ` : ''}${issue.message}` });
      continue;
    }
    const r = parsed.output;
    if (!r.report && r.error === undefined) {
      issues.push({ line: n, kind: 'skipped', message: `result ${n} has neither a report nor an error (not checked yet)` });
      continue;
    }
    if (results.length >= MAX_BATCH_ANSWERS) {
      over++;
      continue;
    }
    let id = String(r.id);
    const k = (seen.get(id) ?? 0) + 1;
    seen.set(id, k);
    if (k > 1) {
      const renamed = `${id}#${k}`;
      issues.push({ line: n, kind: 'renamed', message: `result ${n}: the id "${id}" is used before; kept as "${renamed}"` });
      id = renamed;
    }
    results.push({
      id,
      line: n,
      answer: r.answer ?? '',
      ...(r.question ? { question: r.question } : {}),
      ...(r.model !== undefined && r.model !== '' ? { model: String(r.model) } : {}),
      ...(r.tags && Object.keys(r.tags).length ? { tags: r.tags } : {}),
      // The schema checked the fields read here; the rest is the CLI's own report,
      // read in the current report format whatever version wrote it (report-format.ts).
      ...(r.report ? { status: 'done' as const, report: upgradeReport((value as { report: AnyVersionReport }).report, `${name} result ${n}`) } : { status: 'failed' as const, error: { name: 'ClaimLensError', message: r.error ?? 'not checked' } }),
    });
  }
  if (over) issues.push({ line: MAX_BATCH_ANSWERS + 1, kind: 'truncated', message: `${name} has more than ${MAX_BATCH_ANSWERS.toLocaleString('en-US')} results; ${over.toLocaleString('en-US')} were left out.` });
  if (results.length === 0) throw new MalformedFileError(`No result in ${name} could be read: ${summarizeIssues(issues)}`);
  return { kind: 'results', results, issues, format: 'results' };
}
