// JSONL importer: one document a line, {"id", "title", "text", "url"}
// (optional "source"). Bad lines are reported with their line numbers; the
// other lines are kept.
import * as v from 'valibot';
import type { ImportResult } from '../types.ts';
import { checkWith, record } from '../validate.ts';
import { chunkDocument, normalizeWhitespace, type ChunkOptions } from './chunk.ts';
import { DocIds, baseName, emptyResult, fileStem } from './util.ts';
import { MalformedFileError } from '../errors.ts';

/** One record of a JSONL (or JSON array) document file. */
export interface TextRecord {
  id?: string | number;
  title?: string;
  text?: string;
  url?: string;
  source?: string;
}

/** A TextRecord as read: null stands for an absent field; other fields are ignored. */
export const TextRecordSchema = record(v.object({
  id: v.nullish(v.union([v.string(), v.number()])),
  title: v.nullish(v.string()),
  text: v.string(),
  url: v.nullish(v.string()),
  source: v.nullish(v.string()),
})) satisfies v.GenericSchema<unknown, { [K in keyof TextRecord]: TextRecord[K] | null }>;

/** One file being imported: where its records go. */
export interface RecordImport {
  file: string;
  corpusId: string;
  /** Document ids given so far (a repeated id is renamed). */
  ids: DocIds;
  result: ImportResult;
  opts?: ChunkOptions;
}

/** The RecordImport of a new import of `file`. */
export function recordImport(file: string, corpusId: string, opts?: ChunkOptions): RecordImport {
  return { file, corpusId, ids: new DocIds(), result: emptyResult(), opts };
}

/**
 * Adds one record to the import. `where` names it in messages ("line 7");
 * `fallbackId` is its document id when it has none. Returns false (and records
 * an issue) when the record is unusable.
 */
export function addTextRecord(rec: unknown, where: string, fallbackId: string, into: RecordImport): boolean {
  const { file, corpusId, ids, result, opts } = into;
  const checked = checkWith(TextRecordSchema, rec);
  if (!checked.ok) {
    result.issues.push({ file, message: `${where}: ${checked.message}.` });
    return false;
  }
  const r = checked.value;
  const rawId = r.id === null || r.id === undefined ? '' : String(r.id).trim();
  const [doc, renamed] = ids.claim(rawId || fallbackId);
  if (renamed) result.issues.push({ file, message: `${where}: id "${rawId || fallbackId}" was already used; kept as "${doc}".` });
  const title = r.title?.trim() ? normalizeWhitespace(r.title) : doc;
  const url = r.url?.trim() || undefined;
  const source = r.source?.trim() || baseName(file);
  const chunks = chunkDocument(
    r.text,
    { idPrefix: doc, corpus: corpusId, doc, title, source, ...(url ? { url } : {}) },
    opts,
  );
  if (chunks.length === 0) {
    result.skippedEmpty++;
    return true;
  }
  result.documents++;
  for (const c of chunks) result.chunks.push(c);
  return true;
}

/** Iterates the lines of a text with 1-based line numbers. */
export function* lines(text: string): Generator<[number, string]> {
  let start = 0;
  let n = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    yield [n, text.slice(start, end).replace(/\r$/, '')];
    start = end + 1;
    n++;
  }
}

/** One non-blank line of a JSON-lines text: its 1-based number and its value, or why it is not JSON. */
export type JsonLine = { line: number; value: unknown; error?: undefined } | { line: number; error: string };

/**
 * The JSON-lines reader (evidence importers, the CLI, the evaluation
 * scripts): each non-blank line parsed on its own, so one bad line does not
 * hide the others. CRLF line ends are fine.
 */
export function* jsonLines(text: string): Generator<JsonLine> {
  for (const [n, line] of lines(text)) {
    if (!line.trim()) continue;
    let parsed: JsonLine;
    try {
      parsed = { line: n, value: JSON.parse(line) };
    } catch (err) {
      parsed = { line: n, error: (err as Error).message };
    }
    yield parsed;
  }
}

/**
 * Every record of a JSON-lines text, for inputs where a bad line is an error:
 * throws MalformedFileError "FILE:LINE is not valid JSON." at the first one.
 */
export function parseJsonl(text: string, file: string): unknown[] {
  const out: unknown[] = [];
  for (const l of jsonLines(text)) {
    if (l.error !== undefined) throw new MalformedFileError(`${file}:${l.line} is not valid JSON.`);
    out.push(l.value);
  }
  return out;
}

/**
 * Iterates the parsed records of a JSON-lines text with their line numbers;
 * blank lines are skipped and each line that is not valid JSON becomes an
 * issue of `result`, the others go on.
 */
export function* jsonRecords(text: string, file: string, result: ImportResult): Generator<[number, unknown]> {
  for (const l of jsonLines(text)) {
    if (l.error !== undefined) result.issues.push({ file, message: `line ${l.line}: not valid JSON (${l.error}).` });
    else yield [l.line, l.value];
  }
}

/** Imports a JSONL file of {id, title, text, url} records. */
export function importJsonl(text: string, file: string, corpusId: string, opts?: ChunkOptions): ImportResult {
  const into = recordImport(file, corpusId, opts);
  const stem = fileStem(file);
  for (const [n, rec] of jsonRecords(text, file, into.result)) {
    addTextRecord(rec, `line ${n}`, `${stem}:${n}`, into);
  }
  return into.result;
}
