// From an import to a corpus: metadata (counts, size, content version) and
// chunks with corpus-unique ids.
import type { Chunk, CorpusMeta, ImportResult } from '../types.ts';
import { EmptyCorpusError } from '../errors.ts';
import { utf8Length } from './util.ts';

/** What the caller says about a corpus; the rest is computed. */
export interface CorpusInfo {
  id: string;
  name: string;
  license: string;
  attribution?: string;
  description?: string;
}

/**
 * A fast 64-bit content hash (two 32-bit multiplicative lanes, not
 * cryptographic), hex. Covers every field of every chunk that can change a
 * verdict or what the user sees: id, document fields, text, sentence spans.
 */
export function corpusVersion(chunks: readonly Chunk[]): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // A separator so that "ab"+"c" and "a"+"bc" differ.
    h1 = Math.imul(h1 ^ 0xffff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xffff, 0x5bd1e995);
  };
  for (const c of chunks) {
    feed(c.id);
    feed(c.corpus);
    feed(c.doc);
    feed(c.title);
    feed(c.source);
    feed(c.url ?? '');
    feed(c.focus ?? '');
    feed(c.question ?? '');
    feed(c.text);
    feed(c.sentences.map((s) => `${s[0]},${s[1]}`).join(';'));
    feed(String(c.offset));
  }
  // Final avalanche of both lanes.
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  h2 = Math.imul(h2, 0x27d4eb2d);
  h2 ^= h2 >>> 15;
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2);
}

/**
 * Makes document ids unique across files imported together: when a
 * document id comes back in a later run of chunks (two files both called
 * notes.md, two JSONL files with id "1"), that run is renamed "~2", "~3".
 * Chunks of one document are contiguous in an import result; one file's
 * chunks never repeat an id.
 */
export function uniqueDocuments(chunks: readonly Chunk[]): Chunk[] {
  const seen = new Map<string, number>();
  const taken = new Set<string>(chunks.map((c) => c.doc));
  const out: Chunk[] = [];
  let runDoc: string | undefined;
  let runIds = new Set<string>();
  let rename: string | undefined;
  for (const c of chunks) {
    // A new run starts where the document changes, or where the same
    // document name starts over (two files of one name, one after the other).
    if (c.doc !== runDoc || runIds.has(c.id)) {
      runDoc = c.doc;
      runIds = new Set();
      const n = seen.get(c.doc);
      if (n === undefined) {
        seen.set(c.doc, 1);
        rename = undefined;
      } else {
        let k = n + 1;
        while (taken.has(`${c.doc}~${k}`)) k++;
        seen.set(c.doc, k);
        rename = `${c.doc}~${k}`;
        taken.add(rename);
      }
    }
    runIds.add(c.id);
    if (rename === undefined) out.push(c);
    else {
      const suffix = c.id.startsWith(c.doc) ? c.id.slice(c.doc.length) : `#${c.id}`;
      out.push({ ...c, doc: rename, id: rename + suffix });
    }
  }
  return out;
}

/**
 * Turns an import into a corpus. Throws EmptyCorpusError when nothing was
 * imported (every document empty, or every file unusable).
 */
export function corpusFromImport(
  result: ImportResult,
  info: CorpusInfo,
  now: Date = new Date(),
): { meta: CorpusMeta; chunks: Chunk[] } {
  if (result.chunks.length === 0) {
    const why: string[] = [];
    if (result.skippedEmpty) why.push(`${result.skippedEmpty} empty document${result.skippedEmpty === 1 ? '' : 's'}`);
    if (result.issues.length) why.push(`${result.issues.length} problem${result.issues.length === 1 ? '' : 's'} (first: ${result.issues[0].file}: ${result.issues[0].message})`);
    throw new EmptyCorpusError(`Nothing to add to corpus "${info.name}": no text was found${why.length ? ` (${why.join('; ')})` : ''}.`);
  }
  let chunks = result.chunks.map((c) => (c.corpus === info.id ? c : { ...c, corpus: info.id }));
  chunks = uniqueDocuments(chunks);
  let bytes = 0;
  for (const c of chunks) bytes += utf8Length(c.text);
  const meta: CorpusMeta = {
    id: info.id,
    name: info.name,
    version: corpusVersion(chunks),
    license: info.license,
    ...(info.attribution ? { attribution: info.attribution } : {}),
    chunks: chunks.length,
    bytes,
    createdAt: now.toISOString(),
    ...(info.description ? { description: info.description } : {}),
  };
  return { meta, chunks };
}
