// One entry point for user files: picks the importer by extension and by
// sniffing the content. Per-file problems inside a usable file are returned
// in `issues`; a file that is unusable as a whole throws BinaryFileError or
// MalformedFileError with a message the UI / CLI can show as is.
import type { ImportResult } from '../types.ts';
import { MalformedFileError } from '../errors.ts';
import type { ChunkOptions } from './chunk.ts';
import { importCheckCovidCorpus, isAbstractRecord } from './checkcovid.ts';
import { addTextRecord, importJsonl, lines, recordImport } from './jsonl.ts';
import { importMedQuADXml, importMedQuADZip } from './medquad.ts';
import { importText } from './text.ts';
import { decodeText, emptyResult, extension, fileStem } from './util.ts';

export const SUPPORTED_EXTENSIONS = ['xml', 'zip', 'jsonl', 'ndjson', 'json', 'txt', 'text', 'md', 'markdown'] as const;

const SUPPORTED_TEXT = 'MedQuAD XML or ZIP, JSONL ({id, title, text, url} a line), Check-COVID corpus.json, plain text or Markdown';

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Throws when nothing at all in the file could be used. */
function requireSomething(result: ImportResult, name: string, what: string): ImportResult {
  if (result.documents + result.skippedEmpty > 0) return result;
  const shown = result.issues.slice(0, 3).map((i) => i.message);
  const more = result.issues.length > 3 ? ` (and ${result.issues.length - 3} more problems)` : '';
  throw new MalformedFileError(`${name} could not be read as ${what}: ${shown.join(' ') || 'no records found.'}${more}`);
}

function firstLine(text: string): string {
  for (const [, line] of lines(text)) if (line.trim()) return line;
  return '';
}

/** JSON lines: Check-COVID abstracts or {id,title,text,url} records, by the first record. */
function importJsonLines(text: string, name: string, corpusId: string, opts?: ChunkOptions): ImportResult {
  let first: unknown;
  try {
    first = JSON.parse(firstLine(text));
  } catch {
    first = undefined;
  }
  return isAbstractRecord(first)
    ? requireSomething(importCheckCovidCorpus(text, name, corpusId, opts), name, 'a Check-COVID corpus (one {cord_id, title, abstract} object a line)')
    : requireSomething(importJsonl(text, name, corpusId, opts), name, 'JSONL ({id, title, text, url} a line)');
}

/** A .json file: an array of records, one record, or (like corpus.json) JSON lines. */
function importJson(text: string, name: string, corpusId: string, opts?: ChunkOptions): ImportResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Not one JSON value: several JSON values a line (Check-COVID's corpus.json).
    if (/^\s*\{/.test(text)) return importJsonLines(text, name, corpusId, opts);
    throw new MalformedFileError(`${name} is not valid JSON (${(err as Error).message}).`, { cause: err });
  }
  const records = Array.isArray(value) ? value : [value];
  if (records.length > 0 && isAbstractRecord(records[0])) {
    return requireSomething(importCheckCovidCorpus(Array.isArray(value) ? text : `[${text}]`, name, corpusId, opts), name, 'Check-COVID abstracts');
  }
  const into = recordImport(name, corpusId, opts);
  const stem = fileStem(name);
  records.forEach((rec, i) => addTextRecord(rec, `record ${i + 1}`, `${stem}:${i + 1}`, into));
  return requireSomething(into.result, name, 'evidence records ({id, title, text, url})');
}

/**
 * Imports one user file. `.zip` → MedQuAD archive, `.xml` → MedQuAD XML,
 * `.jsonl`/`.ndjson` → JSONL records or Check-COVID abstracts (by the first
 * line), `.json` → array / object / JSON lines, `.txt`/`.md` → text. Other
 * names are sniffed (XML, JSON) or refused.
 *
 * Throws BinaryFileError (NUL bytes, not UTF-8) and MalformedFileError (not
 * a zip, not XML/JSON, nothing usable); an empty file imports as one
 * skipped empty document.
 */
export function importFile(
  name: string,
  bytes: Uint8Array,
  corpusId: string,
  { onProgress, chunking: opts }: { onProgress?: (done: number, total: number) => void; chunking?: ChunkOptions } = {},
): ImportResult {
  const ext = extension(name);
  if (ext === 'zip' || isZip(bytes)) return importMedQuADZip(bytes, corpusId, onProgress, opts);
  const text = decodeText(bytes, name);
  let result: ImportResult;
  if (!text.trim()) {
    result = { ...emptyResult(), skippedEmpty: 1 };
  } else {
    const start = text.trimStart();
    const kind =
      ext === 'xml' ? 'xml'
      : ext === 'jsonl' || ext === 'ndjson' ? 'jsonl'
      : ext === 'json' ? 'json'
      : ext === 'txt' || ext === 'text' || ext === 'md' || ext === 'markdown' || ext === '' ? 'text'
      : start.startsWith('<') ? 'xml'
      : start.startsWith('{') || start.startsWith('[') ? 'json'
      : undefined;
    if (kind === undefined) {
      throw new MalformedFileError(`${name}: .${ext} files are not supported. Import ${SUPPORTED_TEXT}.`);
    }
    if (kind === 'xml') {
      result = importMedQuADXml(text, name, corpusId, opts);
      if (result.documents + result.skippedEmpty === 0 && result.issues.length > 0) {
        throw new MalformedFileError(`${name}: ${result.issues[0].message}`);
      }
    } else if (kind === 'jsonl') result = importJsonLines(text, name, corpusId, opts);
    else if (kind === 'json') result = importJson(text, name, corpusId, opts);
    else result = importText(text, name, corpusId, opts);
  }
  onProgress?.(1, 1);
  return result;
}
