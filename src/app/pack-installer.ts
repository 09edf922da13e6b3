// Evidence packs: the manifest of built-in packs, fetching a pack with its
// search index (or reading a pack file a reload cut short) into passages and
// an index ready to search, and which packs the user removed. Saving them is
// the corpus library's job (corpus-library.ts).
import type { Chunk } from '../core/types.ts';
import * as v from 'valibot';
import { EmptyCorpusError, InvalidDataError, NotFoundError, StorageQuotaError } from '../core/errors.ts';
import { BM25Index, buildChunkIndex } from '../core/retrieval/index.ts';
import { decodeIndexFile, decodeIndexFileGz } from '../core/retrieval/index-file.ts';
import { parseManifest, type PackManifestEntry } from '../core/evidence/index.ts';
import type { LoadProgress } from '../core/checker.ts';
import { getSetting, loadIndex, setSetting, type ClaimLensDB, type StoredCorpus, type StoredPackFile } from '../db.ts';
import { fetchGzip, gunzipAsync, isGzip, unpack, usableIndexEntry } from './pack-files.ts';

const REMOVED_PACKS = 'removedPacks';

/** A pack ready to be searched from memory, and what to save of it. */
export interface UnpackedPack {
  corpus: StoredCorpus;
  chunks: Chunk[];
  index: BM25Index;
  /** The downloaded pack file, saved first so a reload can resume from it (null: resumed from it). */
  packFile: { file: string; bytes: Uint8Array } | null;
}

/** Ids of the packs the user removed (not installed again at start). */
const RemovedPacksSchema = v.array(v.string());

export class PackInstaller {
  constructor(
    private readonly db: ClaimLensDB,
    private readonly baseUrl: string | URL,
    private readonly fetchFn: typeof fetch,
  ) {}

  async readManifest(): Promise<PackManifestEntry[]> {
    const res = await this.fetchFn(new URL('evidence/manifest.json', this.baseUrl));
    if (!res.ok) throw new NotFoundError(`The evidence pack list could not be read (HTTP ${res.status}).`);
    const where = 'The evidence pack list (evidence/manifest.json)';
    let json: unknown;
    try {
      json = JSON.parse(await res.text());
    } catch (err) {
      throw new InvalidDataError(`${where} is not valid JSON (${(err as Error).message}). Reload the page to fetch it again.`, { cause: err });
    }
    return parseManifest(json, where).packs;
  }

  /**
   * Fetches a pack and its search index (when the manifest lists one this
   * build can read) at the same time, decompressing as the bytes arrive, and
   * unpacks it, ready to be searched from memory. Without a usable index file
   * the index is built here, from the chunks.
   */
  async download(pack: PackManifestEntry, onProgress?: (p: LoadProgress) => void): Promise<UnpackedPack> {
    const name = pack.meta.name;
    const label = `The evidence pack ${name}`;
    const indexEntry = usableIndexEntry(pack);
    const steps: LoadProgress['steps'] = indexEntry ? { download: 0.7, unpack: 0.25, index: 0.05 } : { download: 0.15, unpack: 0.1, index: 0.75 };
    const report = (phase: LoadProgress['phase'], done: number, total: number) =>
      onProgress?.({ phase, corpus: pack.id, name, done, total, steps });
    // Both files together, counted in bytes of the files as listed: a server
    // that sends them with Content-Encoding: gzip hands over the gunzipped
    // bytes, which count against the gunzipped size the manifest gives.
    const files = [pack, ...(indexEntry ? [indexEntry] : [])];
    const total = files.reduce((n, f) => n + f.bytes, 0);
    const share = files.map(() => 0);
    const downloaded = () => report('download', Math.round(files.reduce((n, f, i) => n + f.bytes * share[i], 0)), total);
    const track = (i: number) => (done: number, size: number) => {
      share[i] = size > 0 ? Math.min(1, done / size) : 0;
      downloaded();
    };
    downloaded();
    const packFile = fetchGzip(this.fetchFn, new URL(`evidence/${pack.file}`, this.baseUrl), pack, label, track(0));
    // A missing or damaged index file is no error: the index is then built here.
    const indexFile = indexEntry
      ? fetchGzip(this.fetchFn, new URL(`evidence/${indexEntry.file}`, this.baseUrl), indexEntry, `The search index of ${name}`, track(1)).catch(
          () => null,
        )
      : Promise.resolve(null);
    const [packGot, indexGot] = await Promise.all([packFile, indexFile]);
    report('unpack', 0, pack.meta.chunks);
    const decoded = await unpack(packGot.out, label, (done, total) => report('unpack', done, total));
    const corpus: StoredCorpus = { ...decoded.meta, origin: 'pack', file: pack.file };
    let index: BM25Index | null = null;
    if (indexGot) {
      try {
        const ids = decoded.chunks.map((c) => c.id);
        index = isGzip(indexGot.out) ? decodeIndexFileGz(indexGot.out, ids, corpus) : decodeIndexFile(indexGot.out, ids, corpus);
        report('index', decoded.chunks.length, decoded.chunks.length);
      } catch {
        index = null; // made for another corpus version or damaged: built below from the chunks
      }
    }
    index ??= buildIndex(corpus, decoded.chunks, onProgress ? (p) => onProgress({ ...p, steps }) : undefined);
    return { corpus, chunks: decoded.chunks, index, packFile: { file: pack.file, bytes: packGot.file } };
  }

  /**
   * A pack whose saving a reload cut short: read again from the pack file
   * saved first (no download), with the index saved with it.
   */
  async resume(file: StoredPackFile, onProgress?: (p: LoadProgress) => void): Promise<UnpackedPack> {
    const corpus = file.corpus;
    const label = `The evidence pack ${corpus.name}`;
    const steps: LoadProgress['steps'] = { unpack: 0.9, index: 0.1 };
    const report = (phase: LoadProgress['phase'], done: number, total: number) =>
      onProgress?.({ phase, corpus: corpus.id, name: corpus.name, done, total, steps });
    report('unpack', 0, corpus.chunks);
    const bytes = isGzip(file.bytes) ? await gunzipAsync(file.bytes, label) : file.bytes;
    const decoded = await unpack(bytes, label, (done, total) => report('unpack', done, total));
    let index: BM25Index | null = null;
    const serialized = await loadIndex(this.db, corpus.id, corpus.version);
    if (serialized) {
      try {
        index = BM25Index.deserialize(serialized);
        report('index', decoded.chunks.length, decoded.chunks.length);
      } catch {
        index = null; // stored by an older index format: built below from the chunks
      }
    }
    index ??= buildIndex(corpus, decoded.chunks, onProgress ? (p) => onProgress({ ...p, steps }) : undefined);
    return { corpus, chunks: decoded.chunks, index, packFile: null };
  }

  /** Packs the user removed (not installed again at start). */
  async removed(): Promise<Set<string>> {
    return new Set((await getSetting(this.db, REMOVED_PACKS, RemovedPacksSchema)) ?? []);
  }

  /**
   * Remembers a pack as removed or not. Storage full is handled: the delete
   * or install itself is done, only the choice is not remembered (a removed
   * pack comes back on the next start, where it can be deleted again).
   */
  async setRemoved(packId: string, removed: boolean): Promise<void> {
    const ids = await this.removed();
    if (removed) ids.add(packId);
    else ids.delete(packId);
    try {
      await setSetting(this.db, REMOVED_PACKS, [...ids]);
    } catch (err) {
      if (!(err instanceof StorageQuotaError)) throw err;
    }
  }
}

export function buildIndex(corpus: { id: string; name: string }, chunks: readonly Chunk[], onProgress?: (p: LoadProgress) => void): BM25Index {
  if (chunks.length === 0) throw new EmptyCorpusError(`The corpus ${corpus.name} has no passages to search.`);
  const total = chunks.length;
  onProgress?.({ phase: 'index', corpus: corpus.id, name: corpus.name, done: 0, total });
  return buildChunkIndex(chunks, (done) =>
    onProgress?.({ phase: 'index', corpus: corpus.id, name: corpus.name, done, total }),
  );
}
