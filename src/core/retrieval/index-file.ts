// The search index of an evidence pack, built with the pack (`npm run
// evidence`) and shipped next to it (`<id>.index.bin.gz`, listed in the
// manifest), so that the app deserialises it on first start instead of
// building it (issue 11). Binary, gzip'd:
//
//   "CLIX"  u32 header length  header (UTF-8 JSON)  zero padding to 8
//   then each typed array at an 8-byte-aligned offset of the data section
//
// The header holds the format, the corpus id and version the index belongs
// to, the BM25 parameters, the vocabulary and the focus names, a fingerprint
// of the tokenizer that made it, and where each array lies. Chunk ids are not
// written: the index covers the pack's chunks in pack order, so they come
// from the pack. Postings' document numbers are written as gaps (ascending
// within a term) and as variable-length integers, so they gzip well.
//
// Little-endian only (every browser platform); a reader on anything else, a
// different tokenizer, or a damaged file gets an error, and its caller builds
// the index from the chunks instead.
import { gunzipSync, gzipSync } from 'fflate';
import * as v from 'valibot';
import { BM25Index, BM25_FORMAT_VERSION, retrievalTerms, type SerializedBM25 } from './bm25.ts';
import { phraseKey } from '../evidence/synonyms.ts';
import { IndexFileError } from '../errors.ts';
import { checkWith } from '../validate.ts';

export const INDEX_FILE_FORMAT = 'claimlens-index';
export const INDEX_FILE_VERSION = 1;
const MAGIC = [0x43, 0x4c, 0x49, 0x58]; // "CLIX"

/** The manifest's description of a pack's index file. */
export interface IndexFileEntry {
  file: string;
  /** Size of the gzip'd file. */
  bytes: number;
  /** Hex SHA-256 of the file. */
  sha256: string;
  /** Size once gunzipped. */
  rawBytes: number;
  format: typeof INDEX_FILE_FORMAT;
  formatVersion: number;
  /** BM25_FORMAT_VERSION of the index inside. */
  bm25FormatVersion: number;
  /** indexFingerprint() of the builder. */
  fingerprint: string;
}

type ArrayKind = 'u8' | 'u16' | 'u32' | 'i32' | 'varint';
interface ArraySlot {
  kind: ArrayKind;
  /** Byte offset in the data section. */
  offset: number;
  /** Bytes in the file. */
  bytes: number;
  /** Elements once decoded. */
  length: number;
}

interface Header {
  format: typeof INDEX_FILE_FORMAT;
  formatVersion: number;
  bm25FormatVersion: number;
  fingerprint: string;
  corpus: string;
  version: string;
  params: SerializedBM25['params'];
  count: number;
  vocab: string[];
  focus?: { names: string[]; aliasKeys: string[] };
  arrays: Record<string, ArraySlot>;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const HeaderSchema = v.object({
  format: v.literal(INDEX_FILE_FORMAT),
  formatVersion: v.number(),
  bm25FormatVersion: v.number(),
  fingerprint: v.string(),
  corpus: v.string(),
  version: v.string(),
  params: v.object({ k1: v.number(), b: v.number() }),
  count,
  vocab: v.array(v.string()),
  focus: v.optional(v.object({ names: v.array(v.string()), aliasKeys: v.array(v.string()) })),
  arrays: v.record(v.string(), v.object({ kind: v.picklist(['u8', 'u16', 'u32', 'i32', 'varint']), offset: count, bytes: count, length: count })),
}) satisfies v.GenericSchema<unknown, Header>;

const PROBE =
  "Glaucoma can't damage the optic nerves; children's vaccines aren't causing autism. Type-2 diabetes — HbA1c ≥ 6.5 % — 糖尿病 HIGH blood-pressure (hypertension) is treated.";

/**
 * What the tokenizer and the name keys make of a fixed text, hashed: an index
 * made by a builder whose tokenizer differs from the app's must not be used
 * (its terms would not match the queries).
 */
export function indexFingerprint(): string {
  const text = `${BM25_FORMAT_VERSION}|${retrievalTerms(PROBE).join(' ')}|${phraseKey('High Blood Pressures')}|${phraseKey(PROBE)}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function deltaVarint(docs: Uint32Array, offsets: Uint32Array): Uint8Array {
  const out = new Uint8Array(docs.length * 5);
  let at = 0;
  for (let t = 0; t + 1 < offsets.length; t++) {
    let prev = 0;
    for (let p = offsets[t]; p < offsets[t + 1]; p++) {
      let v = docs[p] - prev;
      prev = docs[p];
      while (v >= 0x80) {
        out[at++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      out[at++] = v;
    }
  }
  return out.slice(0, at);
}

function undeltaVarint(bytes: Uint8Array, offsets: Uint32Array, length: number): Uint32Array {
  const docs = new Uint32Array(length);
  let at = 0;
  let p = 0;
  for (let t = 0; t + 1 < offsets.length; t++) {
    let prev = 0;
    const end = offsets[t + 1];
    for (; p < end; p++) {
      let v = 0;
      let shift = 0;
      let b: number;
      do {
        if (at >= bytes.length) throw new IndexFileError('postings are truncated');
        b = bytes[at++];
        v |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      prev += v >>> 0;
      docs[p] = prev;
    }
  }
  if (at !== bytes.length) throw new IndexFileError('postings have trailing bytes');
  return docs;
}

/** The index file's bytes (not yet gzip'd). */
export function encodeIndexFile(index: BM25Index, corpus: { id: string; version: string }): Uint8Array {
  const s = index.serialize();
  const blobs: [string, ArrayKind, Uint8Array, number][] = [
    ['docLen', 'u32', new Uint8Array(s.docLen.buffer, s.docLen.byteOffset, s.docLen.byteLength), s.docLen.length],
    ['offsets', 'u32', new Uint8Array(s.offsets.buffer, s.offsets.byteOffset, s.offsets.byteLength), s.offsets.length],
    ['docs', 'varint', deltaVarint(s.docs, s.offsets), s.docs.length],
    ['tfs', 'u16', new Uint8Array(s.tfs.buffer, s.tfs.byteOffset, s.tfs.byteLength), s.tfs.length],
  ];
  if (s.focus) {
    const f = s.focus;
    blobs.push(
      ['chunkEntity', 'i32', new Uint8Array(f.chunkEntity.buffer, f.chunkEntity.byteOffset, f.chunkEntity.byteLength), f.chunkEntity.length],
      ['chunkKind', 'u8', new Uint8Array(f.chunkKind.buffer, f.chunkKind.byteOffset, f.chunkKind.byteLength), f.chunkKind.length],
      ['aliasEntity', 'u32', new Uint8Array(f.aliasEntity.buffer, f.aliasEntity.byteOffset, f.aliasEntity.byteLength), f.aliasEntity.length],
    );
  }
  const arrays: Record<string, ArraySlot> = {};
  let offset = 0;
  for (const [name, kind, bytes, length] of blobs) {
    arrays[name] = { kind, offset, bytes: bytes.byteLength, length };
    offset += Math.ceil(bytes.byteLength / 8) * 8;
  }
  const header: Header = {
    format: INDEX_FILE_FORMAT,
    formatVersion: INDEX_FILE_VERSION,
    bm25FormatVersion: BM25_FORMAT_VERSION,
    fingerprint: indexFingerprint(),
    corpus: corpus.id,
    version: corpus.version,
    params: s.params,
    count: s.ids.length,
    vocab: s.vocab,
    ...(s.focus ? { focus: { names: s.focus.names, aliasKeys: s.focus.aliasKeys } } : {}),
    arrays,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((8 + json.byteLength) / 8) * 8;
  const out = new Uint8Array(start + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  for (const [name, , bytes] of blobs) out.set(bytes, start + arrays[name].offset);
  return out;
}

/** gzip'd index file (mtime zeroed: equal indexes give equal bytes). */
export function encodeIndexFileGz(index: BM25Index, corpus: { id: string; version: string }): Uint8Array {
  return gzipSync(encodeIndexFile(index, corpus), { level: 9, mtime: 0 });
}

/**
 * Reads an index file (gunzipped bytes) for the chunks `ids` (pack order) of
 * corpus `corpus`. Throws IndexFileError when it cannot be used.
 */
export function decodeIndexFile(bytes: Uint8Array, ids: string[], corpus: { id: string; version: string }): BM25Index {
  if (!littleEndian) throw new IndexFileError('this platform is big-endian');
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new IndexFileError('not an index file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new IndexFileError('the header is truncated');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new IndexFileError('the header is not JSON');
  }
  const checked = checkWith(HeaderSchema, json);
  if (!checked.ok) throw new IndexFileError(`the header is not in the expected form (${checked.message})`);
  const header: Header = checked.value;
  if (header.formatVersion !== INDEX_FILE_VERSION) throw new IndexFileError('unknown index file format');
  if (header.bm25FormatVersion !== BM25_FORMAT_VERSION) throw new IndexFileError('made for another index format');
  if (header.fingerprint !== indexFingerprint()) throw new IndexFileError('made by another tokenizer');
  if (header.corpus !== corpus.id || header.version !== corpus.version) throw new IndexFileError('made for another corpus version');
  if (header.count !== ids.length) throw new IndexFileError(`made for ${header.count} chunks, the pack has ${ids.length}`);
  const start = Math.ceil((8 + headerLength) / 8) * 8;
  // Aligned views need an aligned base: copy the whole file only when it is not.
  const base = (bytes.byteOffset + start) % 8 === 0 ? bytes : bytes.slice();
  const baseStart = base === bytes ? bytes.byteOffset + start : start;
  const get = (name: string, kind: ArrayKind) => {
    const slot = header.arrays[name];
    if (!slot || slot.kind !== kind) throw new IndexFileError(`array ${name} is missing`);
    if (start + slot.offset + slot.bytes > bytes.length) throw new IndexFileError(`array ${name} is truncated`);
    const at = baseStart + slot.offset;
    // Copies (slice), not views: a view keeps the whole file's buffer alive,
    // and storing the index (structured clone) would write that buffer once
    // per array.
    switch (kind) {
      case 'u8':
        return new Uint8Array(base.buffer, at, slot.length).slice();
      case 'u16':
        return new Uint16Array(base.buffer, at, slot.length).slice();
      case 'u32':
        return new Uint32Array(base.buffer, at, slot.length).slice();
      case 'i32':
        return new Int32Array(base.buffer, at, slot.length).slice();
      case 'varint':
        return new Uint8Array(base.buffer, at, slot.bytes);
    }
  };
  const n = ids.length;
  const docLen = get('docLen', 'u32') as Uint32Array;
  const offsets = get('offsets', 'u32') as Uint32Array;
  if (docLen.length !== n || offsets.length !== header.vocab.length + 1) throw new IndexFileError('array sizes do not match');
  const total = offsets[offsets.length - 1];
  const docs = undeltaVarint(get('docs', 'varint') as Uint8Array, offsets, header.arrays.docs.length);
  const tfs = get('tfs', 'u16') as Uint16Array;
  if (docs.length !== total || tfs.length !== total) throw new IndexFileError('postings do not match');
  for (let t = 0; t < docs.length; t++) if (docs[t] >= n) throw new IndexFileError('a posting points past the last chunk');
  const s: SerializedBM25 = {
    kind: 'bm25',
    formatVersion: BM25_FORMAT_VERSION,
    params: header.params,
    ids,
    vocab: header.vocab,
    docLen,
    offsets,
    docs,
    tfs,
  };
  if (header.focus) {
    const chunkEntity = get('chunkEntity', 'i32') as Int32Array;
    const chunkKind = get('chunkKind', 'u8') as Uint8Array;
    const aliasEntity = get('aliasEntity', 'u32') as Uint32Array;
    const names = header.focus.names.length;
    if (chunkEntity.length !== n || chunkKind.length !== n || aliasEntity.length !== header.focus.aliasKeys.length) {
      throw new IndexFileError('focus arrays do not match');
    }
    for (let d = 0; d < n; d++) if (chunkEntity[d] >= names) throw new IndexFileError('a chunk points past the last entity');
    for (let i = 0; i < aliasEntity.length; i++) if (aliasEntity[i] >= names) throw new IndexFileError('an alias points past the last entity');
    s.focus = { names: header.focus.names, chunkEntity, chunkKind, aliasKeys: header.focus.aliasKeys, aliasEntity };
  }
  return BM25Index.deserialize(s);
}

/** decodeIndexFile of gzip'd bytes (Node, tests; the app streams through DecompressionStream). */
export function decodeIndexFileGz(gz: Uint8Array, ids: string[], corpus: { id: string; version: string }): BM25Index {
  let raw: Uint8Array;
  try {
    raw = gunzipSync(gz);
  } catch {
    throw new IndexFileError('the gzip data is damaged');
  }
  return decodeIndexFile(raw, ids, corpus);
}
