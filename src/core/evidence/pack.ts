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
import * as v from 'valibot';
import type { Chunk, CorpusMeta, Span } from '../types.ts';
import { MalformedFileError } from '../errors.ts';
import { checkWith, parseWith, record } from '../validate.ts';

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

const text = v.pipe(v.string(), v.minLength(1, 'empty'));
const count = v.pipe(v.number(), v.integer('not a whole number'), v.minValue(0, 'negative'));
const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{64}$/, 'not a hex SHA-256'));
/** A file name next to the manifest: no folders above it, no absolute path. */
const fileName = v.pipe(
  text,
  v.check((f) => !f.startsWith('/') && !f.split('/').includes('..') && !/^[a-z]+:/i.test(f), 'not a file name next to the manifest'),
);

/** A corpus's metadata as packs and the manifest carry it. */
export const CorpusMetaSchema = v.object({
  id: text,
  name: text,
  version: text,
  license: text,
  attribution: v.optional(v.string()),
  chunks: count,
  bytes: count,
  createdAt: text,
  description: v.optional(v.string()),
}) satisfies v.GenericSchema<unknown, CorpusMeta>;

export const PackIndexEntrySchema = v.object({
  file: fileName,
  bytes: count,
  sha256,
  rawBytes: v.optional(count),
  format: v.string(),
  formatVersion: v.number(),
  bm25FormatVersion: v.number(),
  fingerprint: v.string(),
}) satisfies v.GenericSchema<unknown, PackIndexEntry>;

export const PackManifestEntrySchema = v.object({
  id: text,
  file: fileName,
  bytes: count,
  sha256,
  rawBytes: v.optional(count),
  meta: CorpusMetaSchema,
  index: v.optional(PackIndexEntrySchema),
}) satisfies v.GenericSchema<unknown, PackManifestEntry>;

/** `public/evidence/manifest.json`. A pack whose meta.id differs from its id is refused. */
export const PackManifestSchema = record(
  v.object({
    packs: v.pipe(
      v.array(PackManifestEntrySchema),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        dataset.value.forEach((p, i) => {
          if (p.meta.id !== p.id) {
            addIssue({
              message: `meta.id "${p.meta.id}" differs from the pack id "${p.id}"`,
              path: [{ type: 'array', origin: 'value', input: dataset.value, key: i, value: p }],
            });
          }
        });
      }),
    ),
  }),
) satisfies v.GenericSchema<unknown, PackManifest>;

/** Checks a parsed manifest.json; throws InvalidDataError naming the path of each problem. */
export function parseManifest(json: unknown, where = 'The evidence pack list (evidence/manifest.json)'): PackManifest {
  return parseWith(PackManifestSchema, json, where);
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

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Sentence spans: flat [s0, e0, s1, e1, …] or pairs [[s0, e0], …]. */
const SpansSchema = v.array(v.union([v.number(), v.tuple([v.number(), v.number()])]));

/** [offset, text, spans, id?] (see the top of this file). */
const WireChunkSchema = v.tuple([v.number(), v.string(), SpansSchema, v.optional(v.string())]);

const WireDocSchema = v.object({
  doc: v.string(),
  corpus: v.optional(v.string()),
  title: v.string(),
  source: v.string(),
  url: v.optional(v.string()),
  focus: v.optional(v.string()),
  question: v.optional(v.string()),
  chunks: v.array(WireChunkSchema),
});

const PlainChunkSchema = v.object({
  id: v.string(),
  corpus: v.optional(v.string()),
  doc: v.string(),
  title: v.string(),
  source: v.string(),
  url: v.optional(v.string()),
  focus: v.optional(v.string()),
  question: v.optional(v.string()),
  text: v.string(),
  sentences: SpansSchema,
  offset: v.number(),
});

/** Spans as pairs, each inside the text. */
function checkSpans(spans: v.InferOutput<typeof SpansSchema>, textLength: number, where: string, label: string): Span[] {
  const flat = spans.flat();
  if (flat.length % 2 !== 0) throw damaged(label, `${where}: an odd number of sentence span bounds`);
  const out: Span[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const s = flat[i];
    const e = flat[i + 1];
    if (!(s >= 0 && s <= e && e <= textLength)) throw damaged(label, `${where}: sentence span [${s}, ${e}] lies outside the text`);
    out.push([s, e]);
  }
  return out;
}

/** The optional document fields that are set. */
function docFields(d: { url?: string; focus?: string; question?: string }): Pick<Chunk, 'url' | 'focus' | 'question'> {
  const out: Pick<Chunk, 'url' | 'focus' | 'question'> = {};
  if (d.url !== undefined) out.url = d.url;
  if (d.focus !== undefined) out.focus = d.focus;
  if (d.question !== undefined) out.question = d.question;
  return out;
}

/**
 * Validates and rehydrates a parsed pack (or its JSON text): the compact
 * "docs" form or the plain "chunks" form. Problems are named by their JSON
 * path (`docs[12].chunks[3][1]: expected string, got 5`).
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
  const fail = (problems: string) => damaged(label, problems);
  const m = checkWith(CorpusMetaSchema, obj.meta, 'meta');
  if (!m.ok) throw fail(m.message);
  const meta: CorpusMeta = m.value;
  const chunks: Chunk[] = [];
  if (Array.isArray(obj.docs)) {
    const docs: unknown[] = obj.docs;
    docs.forEach((raw, di) => {
      if (onProgress && di % 1000 === 0) onProgress(chunks.length, meta.chunks);
      const r = checkWith(WireDocSchema, raw, `docs[${di}]`);
      if (!r.ok) throw fail(r.message);
      const d = r.value;
      const base: Omit<Chunk, 'id' | 'text' | 'sentences' | 'offset'> = { corpus: d.corpus ?? meta.id, doc: d.doc, title: d.title, source: d.source, ...docFields(d) };
      d.chunks.forEach(([offset, text, spans, id], ci) => {
        const where = `docs[${di}].chunks[${ci}]`;
        chunks.push({ ...base, id: id ?? `${d.doc}#${ci}`, text, sentences: checkSpans(spans, text.length, `${where}[2]`, label), offset });
      });
    });
  } else if (Array.isArray(obj.chunks)) {
    const rows: unknown[] = obj.chunks;
    rows.forEach((raw, ci) => {
      const r = checkWith(PlainChunkSchema, raw, `chunks[${ci}]`);
      if (!r.ok) throw fail(r.message);
      const c = r.value;
      chunks.push({
        id: c.id,
        corpus: c.corpus ?? meta.id,
        doc: c.doc,
        title: c.title,
        source: c.source,
        ...docFields(c),
        text: c.text,
        sentences: checkSpans(c.sentences, c.text.length, `chunks[${ci}].sentences`, label),
        offset: c.offset,
      });
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
