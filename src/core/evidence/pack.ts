// Evidence packs: a corpus (meta + chunks) as gzip'd JSON, the form in which
// the app ships and fetches its default corpus.
//
// In memory a pack is `EvidencePack` {format, formatVersion, meta, chunks}.
// On the wire the chunks are grouped by document so that the fields every
// chunk of a document shares (title, source, url, focus, question) are
// written once, and ids of the form `${doc}#${n}` are not written at all:
//
//   {"format":"claimlens-pack","formatVersion":1,"meta":{…},
//    "docs":[{"doc":"GARD/0000004-1","title":"…","source":"…","url":"…",
//             "chunks":[[offset,"text",[s0,e0,s1,e1,…]], …]}, …]}
//
// A chunk whose id does not follow that pattern carries it as a fourth
// element; a document whose corpus differs from meta.id carries "corpus".
// decodePack also reads the plain form with "chunks": Chunk[].
import { gunzipSync, gzipSync, strToU8 } from 'fflate';
import type { Chunk, CorpusMeta, Span } from '../types.ts';
import { MalformedFileError } from '../errors.ts';

export const PACK_FORMAT = 'claimlens-pack';
export const PACK_FORMAT_VERSION = 1;

export interface EvidencePack {
  format: typeof PACK_FORMAT;
  formatVersion: typeof PACK_FORMAT_VERSION;
  meta: CorpusMeta;
  chunks: Chunk[];
}

/** One row of `public/evidence/manifest.json`. */
export interface PackManifestEntry {
  id: string;
  /** File name relative to the manifest. */
  file: string;
  /** Size of the gzip'd pack. */
  bytes: number;
  /** Hex SHA-256 of the pack file. */
  sha256: string;
  /**
   * Size of the pack once gunzipped: what a browser reads when the server
   * sends the file with Content-Encoding: gzip (e.g. `vite preview`).
   */
  rawBytes?: number;
  meta: CorpusMeta;
  /**
   * The pack's search index, built with it (src/core/retrieval/index-file.ts).
   * Absent in packs built before it existed: the app then builds the index.
   */
  index?: PackIndexEntry;
}

/** One pack's index file, as the manifest lists it (see IndexFileEntry in src/core/retrieval/index-file.ts). */
export interface PackIndexEntry {
  file: string;
  bytes: number;
  sha256: string;
  /** Size once gunzipped (see PackManifestEntry.rawBytes). */
  rawBytes?: number;
  format: string;
  formatVersion: number;
  bm25FormatVersion: number;
  fingerprint: string;
}

export interface PackManifest {
  packs: PackManifestEntry[];
}

type WireChunk = [number, string, number[]] | [number, string, number[], string];

interface WireDoc {
  doc: string;
  corpus?: string;
  title: string;
  source: string;
  url?: string;
  focus?: string;
  question?: string;
  chunks: WireChunk[];
}

interface WirePack {
  format: string;
  formatVersion: number;
  meta: CorpusMeta;
  docs: WireDoc[];
}

export function makePack(meta: CorpusMeta, chunks: Chunk[]): EvidencePack {
  return { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, meta, chunks };
}

function sameDoc(a: Chunk, b: Chunk): boolean {
  return (
    a.doc === b.doc &&
    a.corpus === b.corpus &&
    a.title === b.title &&
    a.source === b.source &&
    a.url === b.url &&
    a.focus === b.focus &&
    a.question === b.question
  );
}

/** The compact wire object (see the top of this file). Lossless. */
export function packToWire(pack: EvidencePack): WirePack {
  const docs: WireDoc[] = [];
  let cur: WireDoc | undefined;
  let first: Chunk | undefined;
  for (const c of pack.chunks) {
    if (!cur || !first || !sameDoc(first, c)) {
      first = c;
      cur = { doc: c.doc, title: c.title, source: c.source, chunks: [] };
      if (c.corpus !== pack.meta.id) cur.corpus = c.corpus;
      if (c.url !== undefined) cur.url = c.url;
      if (c.focus !== undefined) cur.focus = c.focus;
      if (c.question !== undefined) cur.question = c.question;
      docs.push(cur);
    }
    const flat: number[] = [];
    for (const [s, e] of c.sentences) flat.push(s, e);
    const row: WireChunk = [c.offset, c.text, flat];
    if (c.id !== `${c.doc}#${cur.chunks.length}`) row.push(c.id);
    cur.chunks.push(row);
  }
  return { format: pack.format, formatVersion: pack.formatVersion, meta: pack.meta, docs };
}

/** Serialises a pack to its compact JSON text. */
export function packToJson(pack: EvidencePack): string {
  return JSON.stringify(packToWire(pack));
}

/** gzip'd compact JSON. `mtime` is zeroed so that equal packs give equal bytes. */
export function encodePack(pack: EvidencePack, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 9): Uint8Array {
  return gzipSync(strToU8(packToJson(pack)), { level, mtime: 0 });
}

function damaged(label: string, why: string, cause?: unknown): MalformedFileError {
  return new MalformedFileError(`${label} is damaged or not an evidence pack: ${why}. Rebuild it (npm run evidence) or download it again.`, cause === undefined ? undefined : { cause });
}

let crcTable: Int32Array | undefined;
function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Gunzips with the trailer checked (fflate does not check the CRC). */
function gunzipChecked(bytes: Uint8Array, label: string): Uint8Array {
  if (bytes.length < 18) throw damaged(label, 'the gzip data is truncated');
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (err) {
    throw damaged(label, `the gzip data cannot be decompressed (${(err as Error).message})`, err);
  }
  const t = bytes.length - 8;
  const crc = (bytes[t] | (bytes[t + 1] << 8) | (bytes[t + 2] << 16) | (bytes[t + 3] << 24)) >>> 0;
  const size = (bytes[t + 4] | (bytes[t + 5] << 8) | (bytes[t + 6] << 16) | (bytes[t + 7] << 24)) >>> 0;
  if (size !== out.length >>> 0 || crc !== crc32(out)) throw damaged(label, 'the gzip checksum does not match (truncated or corrupted download)');
  return out;
}

/**
 * Reads a pack from its file bytes: gzip'd JSON (checked against the gzip
 * checksum) or plain JSON. Throws MalformedFileError with a clear message for
 * anything else.
 */
export function decodePack(bytes: Uint8Array, label = 'The evidence pack'): EvidencePack {
  if (bytes.length === 0) throw damaged(label, 'the file is empty');
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) raw = gunzipChecked(bytes, label);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch (err) {
    throw damaged(label, 'the content is not UTF-8 JSON', err);
  }
  return parsePack(text, label);
}

/**
 * Like decodePack, but gunzips with the platform's DecompressionStream where
 * there is one (browsers, workers, Node ≥ 18): about twice as fast as the
 * JavaScript inflater on the MedQuAD pack. The stream checks the gzip CRC.
 */
export async function decodePackAsync(bytes: Uint8Array, label = 'The evidence pack'): Promise<EvidencePack> {
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gzip || typeof DecompressionStream === 'undefined') return decodePack(bytes, label);
  let text: string;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    text = await new Response(stream).text();
  } catch (err) {
    throw damaged(label, `the gzip data cannot be decompressed (${(err as Error).message})`, err);
  }
  return parsePack(text, label);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkMeta(m: unknown, label: string): CorpusMeta {
  if (!isObject(m)) throw damaged(label, '"meta" is missing');
  for (const k of ['id', 'name', 'version', 'license', 'createdAt'] as const) {
    if (typeof m[k] !== 'string' || !(m[k] as string)) throw damaged(label, `meta.${k} is missing`);
  }
  for (const k of ['chunks', 'bytes'] as const) {
    if (typeof m[k] !== 'number' || !Number.isInteger(m[k]) || (m[k] as number) < 0) throw damaged(label, `meta.${k} is not a count`);
  }
  return m as unknown as CorpusMeta;
}

function optString(v: unknown, what: string, label: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw damaged(label, `${what} is not a string`);
  return v;
}

function checkSpans(flat: unknown, textLength: number, where: string, label: string): Span[] {
  const arr = Array.isArray(flat) && flat.length > 0 && Array.isArray(flat[0]) ? (flat as unknown[]).flat() : flat;
  if (!Array.isArray(arr) || arr.length % 2 !== 0) throw damaged(label, `${where}: bad sentence spans`);
  const spans: Span[] = [];
  for (let i = 0; i < arr.length; i += 2) {
    const s = arr[i];
    const e = arr[i + 1];
    if (typeof s !== 'number' || typeof e !== 'number' || !(s >= 0 && s <= e && e <= textLength)) {
      throw damaged(label, `${where}: sentence span [${String(s)}, ${String(e)}] lies outside the text`);
    }
    spans.push([s, e]);
  }
  return spans;
}

/**
 * Validates and rehydrates a parsed pack (or its JSON text): the compact
 * "docs" form or the plain "chunks" form.
 */
export function parsePack(
  json: string | unknown,
  label = 'The evidence pack',
  onProgress?: (done: number, total: number) => void,
): EvidencePack {
  let obj: unknown = json;
  if (typeof json === 'string') {
    try {
      obj = JSON.parse(json);
    } catch (err) {
      throw damaged(label, `the JSON is invalid or truncated (${(err as Error).message})`, err);
    }
  }
  if (!isObject(obj) || obj.format !== PACK_FORMAT) throw damaged(label, `it has no "format": "${PACK_FORMAT}" field`);
  if (typeof obj.formatVersion !== 'number') throw damaged(label, '"formatVersion" is missing');
  if (obj.formatVersion > PACK_FORMAT_VERSION) {
    throw new MalformedFileError(
      `${label} uses pack format version ${obj.formatVersion}, but this version of ClaimLens reads version ${PACK_FORMAT_VERSION}. Update ClaimLens.`,
    );
  }
  if (obj.formatVersion !== PACK_FORMAT_VERSION) throw damaged(label, `unknown formatVersion ${String(obj.formatVersion)}`);
  const meta = checkMeta(obj.meta, label);
  const chunks: Chunk[] = [];
  if (Array.isArray(obj.docs)) {
    obj.docs.forEach((d: unknown, di: number) => {
      if (onProgress && di % 1000 === 0) onProgress(chunks.length, meta.chunks);
      const where = `document ${di + 1}`;
      if (!isObject(d) || typeof d.doc !== 'string' || typeof d.title !== 'string' || typeof d.source !== 'string' || !Array.isArray(d.chunks)) {
        throw damaged(label, `${where} is incomplete`);
      }
      const base: Omit<Chunk, 'id' | 'text' | 'sentences' | 'offset'> = {
        corpus: optString(d.corpus, `${where} corpus`, label) ?? meta.id,
        doc: d.doc,
        title: d.title,
        source: d.source,
      };
      const url = optString(d.url, `${where} url`, label);
      const focus = optString(d.focus, `${where} focus`, label);
      const question = optString(d.question, `${where} question`, label);
      if (url !== undefined) base.url = url;
      if (focus !== undefined) base.focus = focus;
      if (question !== undefined) base.question = question;
      d.chunks.forEach((row: unknown, ci: number) => {
        const w = `${where}, chunk ${ci + 1}`;
        if (!Array.isArray(row) || typeof row[0] !== 'number' || typeof row[1] !== 'string') throw damaged(label, `${w} is incomplete`);
        const id = row.length > 3 ? row[3] : `${d.doc}#${ci}`;
        if (typeof id !== 'string') throw damaged(label, `${w} has a bad id`);
        chunks.push({ ...base, id, text: row[1], sentences: checkSpans(row[2], row[1].length, w, label), offset: row[0] });
      });
    });
  } else if (Array.isArray(obj.chunks)) {
    obj.chunks.forEach((c: unknown, ci: number) => {
      const w = `chunk ${ci + 1}`;
      if (
        !isObject(c) ||
        typeof c.id !== 'string' ||
        typeof c.doc !== 'string' ||
        typeof c.text !== 'string' ||
        typeof c.title !== 'string' ||
        typeof c.source !== 'string' ||
        typeof c.offset !== 'number'
      ) {
        throw damaged(label, `${w} is incomplete`);
      }
      const chunk: Chunk = {
        id: c.id,
        corpus: optString(c.corpus, `${w} corpus`, label) ?? meta.id,
        doc: c.doc,
        title: c.title,
        source: c.source,
        text: c.text,
        sentences: checkSpans(c.sentences, c.text.length, w, label),
        offset: c.offset,
      };
      const url = optString(c.url, `${w} url`, label);
      const focus = optString(c.focus, `${w} focus`, label);
      const question = optString(c.question, `${w} question`, label);
      if (url !== undefined) chunk.url = url;
      if (focus !== undefined) chunk.focus = focus;
      if (question !== undefined) chunk.question = question;
      chunks.push(chunk);
    });
  } else {
    throw damaged(label, 'it holds neither "docs" nor "chunks"');
  }
  onProgress?.(chunks.length, meta.chunks);
  if (chunks.length !== meta.chunks) throw damaged(label, `meta says ${meta.chunks} chunks but the pack holds ${chunks.length}`);
  const ids = new Set<string>();
  for (const c of chunks) {
    if (ids.has(c.id)) throw damaged(label, `chunk id "${c.id}" appears twice`);
    ids.add(c.id);
  }
  return makePack(meta, chunks);
}
