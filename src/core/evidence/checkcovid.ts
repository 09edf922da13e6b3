// Check-COVID corpus.json importer (the same form as SciFact's corpus.jsonl):
// one JSON object a line, {cord_id | doc_id, title, abstract: string[]}, or
// one JSON array of such objects. The abstract's sentences are given, so
// chunks group them whole; `offset` indexes into `abstract.join(' ')`.
import * as v from 'valibot';
import type { ImportResult } from '../types.ts';
import { checkWith, record } from '../validate.ts';
import { chunkSentences, normalizeWhitespace, type ChunkOptions } from './chunk.ts';
import { jsonRecords, recordImport, type RecordImport } from './jsonl.ts';
import { baseName, fileStem } from './util.ts';

const Id = v.nullish(v.union([v.string(), v.number()]));

/** One abstract: its id (cord_id, doc_id or id), title and sentences; null stands for an absent field. */
const AbstractRecordSchema = record(v.object({
  cord_id: v.nullish(v.string()),
  doc_id: Id,
  id: Id,
  title: v.nullish(v.string()),
  source: v.nullish(v.string()),
  url: v.nullish(v.string()),
  abstract: v.array(v.string()),
}));

/** Enough to tell an abstract record from a {id, title, text} one. */
const LooksLikeAbstract = v.object({ abstract: v.array(v.unknown()) });

/** True when a parsed record has the abstract-as-sentences shape. */
export function isAbstractRecord(value: unknown): boolean {
  return v.is(LooksLikeAbstract, value);
}

function addAbstract(rec: unknown, where: string, fallbackId: string, into: RecordImport): void {
  const { file, corpusId, ids, result, opts } = into;
  const checked = checkWith(AbstractRecordSchema, rec);
  if (!checked.ok) {
    result.issues.push({ file, message: `${where}: ${checked.message}.` });
    return;
  }
  const r = checked.value;
  const cord = r.cord_id ?? undefined;
  const other = r.doc_id ?? r.id;
  const raw = cord ?? (other === null || other === undefined ? undefined : String(other));
  const [doc, renamed] = ids.claim(raw?.trim() || fallbackId);
  if (renamed) result.issues.push({ file, message: `${where}: id "${raw}" was already used; kept as "${doc}".` });
  const title = r.title?.trim() ? normalizeWhitespace(r.title) : doc;
  const source = r.source?.trim() || (cord ? 'CORD-19' : baseName(file));
  const url = r.url?.trim() || undefined;
  const chunks = chunkSentences(r.abstract, { idPrefix: doc, corpus: corpusId, doc, title, source, ...(url ? { url } : {}) }, opts);
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
