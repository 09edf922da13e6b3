// JSONL importer: one document a line, {"id", "title", "text", "url"}
// (optional "source"). Bad lines are reported with their line numbers; the
// other lines are kept.
import type { ImportResult } from '../types.ts';
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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
  if (!isObject(rec)) {
    result.issues.push({ file, message: `${where}: expected a JSON object, found ${Array.isArray(rec) ? 'an array' : typeof rec}.` });
    return false;
  }
  if (typeof rec.text !== 'string') {
    result.issues.push({ file, message: `${where}: no "text" string field.` });
    return false;
  }
  const rawId = typeof rec.id === 'string' || typeof rec.id === 'number' ? String(rec.id).trim() : '';
  const [doc, renamed] = ids.claim(rawId || fallbackId);
  if (renamed) result.issues.push({ file, message: `${where}: id "${rawId || fallbackId}" was already used; kept as "${doc}".` });
  const title = typeof rec.title === 'string' && rec.title.trim() ? normalizeWhitespace(rec.title) : doc;
  const url = typeof rec.url === 'string' && rec.url.trim() ? rec.url.trim() : undefined;
  const source = typeof rec.source === 'string' && rec.source.trim() ? rec.source.trim() : baseName(file);
  const chunks = chunkDocument(
    rec.text,
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
