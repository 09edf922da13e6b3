// Downloads catalog models from the hub into a local folder laid out the way
// transformers.js reads it (<out>/<model id>/<file>). Resumable: partial
// files are kept as <file>.part and continued with HTTP Range requests. Sizes
// and sha256 sums from the catalog are checked; a file that fails the check
// is deleted, never kept.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { filesFor, type CatalogEntry, type CatalogFile } from '../../src/core/models/catalog.ts';
import { ModelChecksumError, ModelDownloadError } from '../../src/core/errors.ts';
import type { ModelDtype } from '../../src/core/models/types.ts';

export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface MirrorOptions {
  /** Folder that receives <model id>/<file> (the app serves it as /models/). */
  outDir: string;
  /** Hub base URL, e.g. https://huggingface.co */
  hub: string;
  /** Precisions to fetch weights for (default ['q8']). */
  dtypes?: ModelDtype[];
  /** Fetch again even when a complete file is present. */
  force?: boolean;
  fetch?: FetchLike;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onProgress?: (file: string, loaded: number, total: number | null) => void;
}

export type FileOutcome = 'present' | 'downloaded' | 'resumed';

export interface MirroredFile {
  path: string;
  size: number;
  sha256: string;
  outcome: FileOutcome;
}

export function fileUrl(hub: string, entry: CatalogEntry, file: CatalogFile): string {
  const base = hub.replace(/\/+$/, '');
  return `${base}/${entry.id}/resolve/${encodeURIComponent(entry.revision ?? 'main')}/${file.path}`;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function describeHttp(status: number, url: string): string {
  if (status === 404) return `not found at ${url} (check the model id, revision and file name in src/core/models/catalog.json)`;
  if (status === 401 || status === 403) return `the hub refused ${url} (HTTP ${status}: the model may be gated or need a token)`;
  if (status === 429) return `the hub is rate-limiting downloads (HTTP 429); run the mirror again later, it resumes`;
  return `HTTP ${status} for ${url}`;
}

/** Checks a complete file against the catalog; throws ModelChecksumError (after deleting it) when it does not match. */
async function verify(path: string, file: CatalogFile, modelId: string): Promise<{ size: number; sha256: string }> {
  const size = statSync(path).size;
  if (file.size !== undefined && size !== file.size) {
    rmSync(path, { force: true });
    throw new ModelChecksumError(
      `${modelId}/${file.path}: got ${size} bytes, expected ${file.size}; the file was deleted. Run the mirror again; if it persists, the catalog entry is out of date.`,
    );
  }
  const sha256 = await sha256File(path);
  if (file.sha256 !== undefined && sha256 !== file.sha256) {
    rmSync(path, { force: true });
    throw new ModelChecksumError(
      `${modelId}/${file.path}: sha256 ${sha256} does not match the expected ${file.sha256}; the file was deleted. Run the mirror again; if it persists, the catalog entry is out of date.`,
    );
  }
  return { size, sha256 };
}

/** Downloads one file (resuming a .part if there is one) and checks it. */
export async function mirrorFile(entry: CatalogEntry, file: CatalogFile, opts: MirrorOptions): Promise<MirroredFile> {
  const fetchImpl: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const dest = join(opts.outDir, entry.id, file.path);
  const part = `${dest}.part`;
  if (existsSync(dest) && !opts.force) {
    // A complete file with nothing to check it against is trusted as is.
    const checked = await verify(dest, file, entry.id).catch((err: unknown) => {
      opts.log?.(`${entry.id}/${file.path}: ${(err as Error).message}`);
      return null;
    });
    if (checked) return { path: file.path, ...checked, outcome: 'present' };
  }
  mkdirSync(dirname(dest), { recursive: true });
  if (opts.force) rmSync(part, { force: true });
  const url = fileUrl(opts.hub, entry, file);
  let offset = existsSync(part) ? statSync(part).size : 0;
  if (file.size !== undefined && offset > file.size) {
    rmSync(part, { force: true });
    offset = 0;
  }
  const headers: Record<string, string> = {};
  if (offset > 0) headers.Range = `bytes=${offset}-`;
  let res: Response;
  try {
    res = await fetchImpl(url, { headers, signal: opts.signal });
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    throw new ModelDownloadError(
      `Could not reach ${url} (${cause}). The mirror needs internet access to the hub; on an offline machine, copy a mirrored public/models/ folder instead.`,
    );
  }
  let outcome: FileOutcome = 'downloaded';
  if (res.status === 416 && offset > 0) {
    // The .part already holds the whole file.
    await res.body?.cancel();
    renameSync(part, dest);
    const checked = await verify(dest, file, entry.id);
    return { path: file.path, ...checked, outcome: 'resumed' };
  }
  if (res.status === 206 && offset > 0) {
    const range = res.headers.get('content-range');
    const start = range ? Number(/bytes (\d+)-/.exec(range)?.[1]) : offset;
    if (start !== offset) {
      await res.body?.cancel();
      rmSync(part, { force: true });
      throw new ModelDownloadError(`${url}: the server resumed at byte ${start}, not ${offset}; the partial file was deleted, run the mirror again.`);
    }
    outcome = 'resumed';
  } else if (res.status === 200) {
    // The server ignored the Range (or there was none): start from scratch.
    offset = 0;
  } else {
    await res.body?.cancel();
    throw new ModelDownloadError(`${entry.id}/${file.path}: ${describeHttp(res.status, url)}.`);
  }
  if (!res.body) throw new ModelDownloadError(`${url}: empty response body.`);
  const lengthHeader = res.headers.get('content-length');
  const total = lengthHeader !== null ? offset + Number(lengthHeader) : (file.size ?? null);
  const out = createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' });
  let loaded = offset;
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
      loaded += value.length;
      opts.onProgress?.(file.path, loaded, total);
    }
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    throw new ModelDownloadError(
      `${entry.id}/${file.path}: the download stopped after ${loaded} bytes (${cause}). Run the mirror again: it resumes from there.`,
    );
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  if (total !== null && loaded < total) {
    throw new ModelDownloadError(`${entry.id}/${file.path}: got ${loaded} of ${total} bytes. Run the mirror again: it resumes from there.`);
  }
  renameSync(part, dest);
  const checked = await verify(dest, file, entry.id);
  return { path: file.path, ...checked, outcome };
}

export interface MirroredModel {
  id: string;
  files: MirroredFile[];
}

/** Mirrors every needed file of the given models; writes <id>/mirror.json listing what is there. */
export async function mirrorModels(entries: CatalogEntry[], opts: MirrorOptions): Promise<MirroredModel[]> {
  const dtypes = opts.dtypes ?? ['q8'];
  const results: MirroredModel[] = [];
  for (const entry of entries) {
    if (entry.source !== 'hub') throw new ModelDownloadError(`${entry.id} is not a hub model (${entry.source}); nothing to mirror.`);
    const files: MirroredFile[] = [];
    for (const file of filesFor(entry, dtypes)) {
      const r = await mirrorFile(entry, file, opts);
      opts.log?.(`${entry.id}/${file.path}: ${r.outcome} (${r.size.toLocaleString('en-US')} bytes, sha256 ${r.sha256.slice(0, 12)}…)`);
      files.push(r);
    }
    writeFileSync(
      join(opts.outDir, entry.id, 'mirror.json'),
      JSON.stringify(
        {
          id: entry.id,
          revision: entry.revision ?? 'main',
          dtypes,
          files: files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
        },
        null,
        2,
      ),
    );
    results.push({ id: entry.id, files });
  }
  return results;
}
