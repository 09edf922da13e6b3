// Reading evidence pack files: fetching a gzip'd pack or index file with
// progress while it decompresses, checking it against the manifest
// (SHA-256, gzip CRC), and unpacking a pack's passages. Used by
// CheckerService's pack installs; no state of its own.
import { MalformedFileError, NotFoundError } from '../core/errors.ts';
import { BM25_FORMAT_VERSION } from '../core/retrieval/bm25.ts';
import { indexFingerprint, INDEX_FILE_FORMAT, INDEX_FILE_VERSION } from '../core/retrieval/index-file.ts';
import { decodePack, parsePack, type PackManifestEntry } from '../core/evidence/index.ts';

/** The pack's index file, when the manifest lists one this build can read. */
export function usableIndexEntry(pack: PackManifestEntry): PackManifestEntry['index'] {
  const i = pack.index;
  if (!i || i.format !== INDEX_FILE_FORMAT || i.formatVersion !== INDEX_FILE_VERSION) return undefined;
  if (i.bm25FormatVersion !== BM25_FORMAT_VERSION || i.fingerprint !== indexFingerprint()) return undefined;
  return i;
}

/**
 * Fetches a gzip'd file, decompressing it (DecompressionStream, which checks
 * the gzip CRC) as the bytes arrive and checking their SHA-256 against the
 * manifest. Progress: (bytes read, their expected total); when the server
 * sent the file with Content-Encoding (the browser gunzips it), the bytes are
 * the gunzipped ones and the total the manifest's `rawBytes` (0: unknown).
 * Returns the gunzipped bytes, or the bytes as served when they are not gzip
 * (the caller sees no gzip header) or when there is no DecompressionStream
 * (the caller gunzips them).
 */
export async function fetchGzip(
  fetchFn: typeof fetch,
  url: URL,
  file: { bytes: number; rawBytes?: number; sha256?: string },
  label: string,
  onBytes: (done: number, total: number) => void,
): Promise<{ out: Uint8Array; file: Uint8Array }> {
  const res = await fetchFn(url);
  if (!res.ok || !res.body) throw new NotFoundError(`${label} could not be downloaded (HTTP ${res.status}).`);
  const encoded = !!res.headers.get('content-encoding');
  const total = encoded ? (file.rawBytes ?? 0) : Number(res.headers.get('content-length')) || file.bytes;
  const parts: Uint8Array[] = [];
  let done = 0;
  onBytes(0, total);
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        parts.push(chunk);
        done += chunk.byteLength;
        onBytes(done, total);
        controller.enqueue(chunk);
      },
    }),
  );
  const [sniff, rest] = counted.tee();
  const reader = sniff.getReader();
  const first = await reader.read();
  void reader.cancel();
  const gzip = !first.done && isGzip(first.value);
  let out: Uint8Array;
  let fetched: Uint8Array | undefined;
  if (gzip && typeof DecompressionStream !== 'undefined') {
    try {
      out = new Uint8Array(await new Response(rest.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)).arrayBuffer());
    } catch (err) {
      throw new MalformedFileError(`${label} is damaged (${(err as Error).message}). Reload the page to fetch it again.`, { cause: err });
    }
  } else {
    await new Response(rest).arrayBuffer();
    out = fetched = concat(parts, done);
  }
  onBytes(total || done, total || done);
  fetched ??= concat(parts, done);
  // Check the file against the manifest (unless the server already undid the
  // gzip with Content-Encoding, in which case the browser checked the gzip CRC).
  if (gzip && file.sha256 && (await sha256Hex(fetched)) !== file.sha256.toLowerCase()) {
    throw new MalformedFileError(`${label} is damaged (checksum mismatch). Reload the page to fetch it again.`);
  }
  return { out, file: fetched };
}

/** A pack's passages from its bytes: gunzipped JSON, or gzip'd (no DecompressionStream: gunzipped and checked here). */
export async function unpack(bytes: Uint8Array, label: string, onProgress: (done: number, total: number) => void) {
  return isGzip(bytes) ? decodePack(bytes, label) : parsePack(decodeUtf8(bytes, label), label, onProgress);
}

/** Gunzips with DecompressionStream where there is one (it checks the CRC); else decodePack's checked gunzip is used later. */
export async function gunzipAsync(bytes: Uint8Array, label: string): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new MalformedFileError(`${label} is damaged (${(err as Error).message}).`, { cause: err });
  }
}

function decodeUtf8(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new MalformedFileError(`${label} is damaged or not an evidence pack: the content is not UTF-8 JSON.`, { cause: err });
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
