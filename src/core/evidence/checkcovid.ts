// Check-COVID corpus.json importer (the same form as SciFact's corpus.jsonl):
// one JSON object a line, {cord_id | doc_id, title, abstract: string[]}, or
// one JSON array of such objects. The abstract's sentences are given, so
// chunks group them whole; `offset` indexes into `abstract.join(' ')`.
import type { ImportResult } from '../types.ts';
import { chunkSentences, normalizeWhitespace, type ChunkOptions } from './chunk.ts';
import { jsonRecords, recordImport, type RecordImport } from './jsonl.ts';
import { baseName, fileStem } from './util.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a parsed record has the abstract-as-sentences shape. */
export function isAbstractRecord(v: unknown): boolean {
  return isObject(v) && Array.isArray(v.abstract);
}

function addAbstract(rec: unknown, where: string, fallbackId: string, into: RecordImport): void {
  const { file, corpusId, ids, result, opts } = into;
  if (!isObject(rec)) {
    result.issues.push({ file, message: `${where}: expected a JSON object.` });
    return;
  }
  const abstract = rec.abstract;
  if (!Array.isArray(abstract) || !abstract.every((s) => typeof s === 'string')) {
    result.issues.push({ file, message: `${where}: "abstract" must be a list of sentences (strings).` });
    return;
  }
  const cord = typeof rec.cord_id === 'string' ? rec.cord_id : undefined;
  const raw = cord ?? (typeof rec.doc_id === 'string' || typeof rec.doc_id === 'number' ? String(rec.doc_id) : undefined) ??
    (typeof rec.id === 'string' || typeof rec.id === 'number' ? String(rec.id) : undefined);
  const [doc, renamed] = ids.claim(raw?.trim() || fallbackId);
  if (renamed) result.issues.push({ file, message: `${where}: id "${raw}" was already used; kept as "${doc}".` });
  const title = typeof rec.title === 'string' && rec.title.trim() ? normalizeWhitespace(rec.title) : doc;
  const source = typeof rec.source === 'string' && rec.source.trim() ? rec.source.trim() : cord ? 'CORD-19' : baseName(file);
  const url = typeof rec.url === 'string' && rec.url.trim() ? rec.url.trim() : undefined;
  const chunks = chunkSentences(abstract as string[], { idPrefix: doc, corpus: corpusId, doc, title, source, ...(url ? { url } : {}) }, opts);
  if (chunks.length === 0) {
    result.skippedEmpty++;
    return;
  }
  result.documents++;
  for (const c of chunks) result.chunks.push(c);
}

/**
 * Imports a Check-COVID `corpus.json` (JSON lines, or a JSON array). A
 * malformed line or record is reported with its line / index; the rest is
 * kept.
 */
export function importCheckCovidCorpus(text: string, file: string, corpusId: string, opts?: ChunkOptions): ImportResult {
  const into = recordImport(file, corpusId, opts);
  const { result } = into;
  const stem = fileStem(file);
  if (text.trimStart().startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(text);
    } catch (err) {
      result.issues.push({ file, message: `Not valid JSON (${(err as Error).message}).` });
      return result;
    }
    if (!Array.isArray(arr)) {
      result.issues.push({ file, message: 'Expected a JSON array of abstracts.' });
      return result;
    }
    arr.forEach((rec, i) => addAbstract(rec, `record ${i + 1}`, `${stem}:${i + 1}`, into));
    return result;
  }
  for (const [n, rec] of jsonRecords(text, file, result)) {
    addAbstract(rec, `line ${n}`, `${stem}:${n}`, into);
  }
  return result;
}
