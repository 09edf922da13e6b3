// Model files that transformers.js keeps in Cache Storage ("transformers-cache",
// keyed by URL): list them per model with their size and whether the model is
// complete, find whether a model can load without downloading, delete one.
// Works in the page and in workers (only `caches` is used).
//
// Keys look like <app>/models/<id>/<file> (the app's mirror) or
// <hub>/<id>/resolve/<revision>/<file> (the hub). transformers.js stores a file
// only after it arrived whole, so a broken download leaves whole files or none:
// a model with a file missing is listed as incomplete and never loads from
// the cache alone.
import { NotFoundError } from '../errors.ts';
import { CATALOG, filesFor, type CatalogEntry } from './catalog.ts';
import type { ModelDtype } from './types.ts';

export const TRANSFORMERS_CACHE = 'transformers-cache';

// The parts of Cache Storage used here, typed structurally so that core needs no
// DOM types: the browser's `caches` and the tests' in-memory storage both fit.
interface CachedResponse {
  headers: { get(name: string): string | null };
  blob(): Promise<{ size: number }>;
}
interface CacheLike {
  keys(): Promise<readonly { url: string }[]>;
  match(url: string): Promise<CachedResponse | undefined>;
  delete(url: string): Promise<boolean>;
}
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  delete(name: string): Promise<boolean>;
  has(name: string): Promise<boolean>;
}

const defaultStorage = (): CacheStorageLike => {
  const storage = (globalThis as { caches?: CacheStorageLike }).caches;
  if (!storage) throw new NotFoundError('Cache Storage is not available here.');
  return storage;
};

/** Where model files come from: absolute URL of the app's model folder, and the hub. */
export interface ModelLocations {
  /** e.g. "http://127.0.0.1:4173/models/" */
  mirrorBase: string;
  /** e.g. "https://huggingface.co/" */
  hubUrl: string;
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}

/** The URL transformers.js fetches (and caches) a model file under. */
export function modelFileUrl(entry: CatalogEntry, file: string, source: 'mirror' | 'hub', loc: ModelLocations): string {
  return source === 'mirror'
    ? new URL(`${entry.id}/${file}`, withSlash(loc.mirrorBase)).href
    : new URL(`${entry.id}/resolve/${entry.revision ?? 'main'}/${file}`, withSlash(loc.hubUrl)).href;
}

export interface CachedModel {
  id: string;
  /** Catalog name, or the id for a model the catalog does not know. */
  name: string;
  source: 'mirror' | 'hub';
  /** Where the files came from (the app's folder or the hub URL). */
  origin: string;
  files: { path: string; bytes: number }[];
  bytes: number;
  /** Every shared file and at least one weight file are there. */
  complete: boolean;
  /** Shared files not cached (and "weights" when no weight file is). */
  missing: string[];
  /** Precisions whose weight file is cached. */
  dtypes: ModelDtype[];
}

export interface CacheListing {
  models: CachedModel[];
  /** ONNX Runtime files transformers.js caches next to the models. */
  runtimeBytes: number;
}

async function entryBytes(cache: CacheLike, req: { url: string }): Promise<number> {
  const res = await cache.match(req.url);
  if (!res) return 0;
  const len = Number(res.headers.get('content-length'));
  if (Number.isFinite(len) && len > 0) return len;
  return (await res.blob()).size;
}

/** Which model and file a cached URL belongs to (null: not a model file). */
export function parseModelUrl(url: string, loc: ModelLocations): { id: string; file: string; source: 'mirror' | 'hub'; origin: string } | null {
  const mirror = withSlash(loc.mirrorBase);
  if (url.startsWith(mirror)) {
    const rest = decodeURIComponent(url.slice(mirror.length));
    // Longest catalog id first, so fixtures/x-full is not taken for fixtures/x.
    const known = [...CATALOG.models].sort((a, b) => b.id.length - a.id.length).find((m) => rest.startsWith(`${m.id}/`));
    if (known) return { id: known.id, file: rest.slice(known.id.length + 1), source: 'mirror', origin: mirror };
    const parts = rest.split('/');
    if (parts.length < 3) return null;
    return { id: parts.slice(0, 2).join('/'), file: parts.slice(2).join('/'), source: 'mirror', origin: mirror };
  }
  const m = /^(https?:\/\/.+?\/)((?:[^/]+\/)?[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url);
  if (m) return { id: decodeURIComponent(m[2]), file: decodeURIComponent(m[3]), source: 'hub', origin: m[1] };
  return null;
}

function completeness(id: string, files: Set<string>): { complete: boolean; missing: string[]; dtypes: ModelDtype[] } {
  const entry = CATALOG.models.find((m) => m.id === id);
  if (!entry) {
    const hasWeights = [...files].some((f) => f.endsWith('.onnx'));
    return { complete: files.has('config.json') && hasWeights, missing: hasWeights ? [] : ['weights'], dtypes: [] };
  }
  const missing = entry.files.filter((f) => f.dtype === undefined && !files.has(f.path)).map((f) => f.path);
  const dtypes = entry.files.filter((f) => f.dtype && files.has(f.path)).map((f) => f.dtype!) as ModelDtype[];
  if (dtypes.length === 0) missing.push('weights');
  return { complete: missing.length === 0, missing, dtypes };
}

/** Every model with files in the cache, largest first. */
export async function listCachedModels(loc: ModelLocations, storage: CacheStorageLike = defaultStorage()): Promise<CacheListing> {
  if (!(await storage.has(TRANSFORMERS_CACHE))) return { models: [], runtimeBytes: 0 };
  const cache = await storage.open(TRANSFORMERS_CACHE);
  const groups = new Map<string, { id: string; source: 'mirror' | 'hub'; origin: string; files: { path: string; bytes: number }[] }>();
  let runtimeBytes = 0;
  for (const req of await cache.keys()) {
    const bytes = await entryBytes(cache, req);
    const where = parseModelUrl(req.url, loc);
    if (!where) {
      runtimeBytes += bytes;
      continue;
    }
    const key = `${where.source} ${where.origin} ${where.id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id: where.id, source: where.source, origin: where.origin, files: [] }));
    g.files.push({ path: where.file, bytes });
  }
  const models: CachedModel[] = [...groups.values()].map((g) => {
    const c = completeness(g.id, new Set(g.files.map((f) => f.path)));
    return {
      ...g,
      name: CATALOG.models.find((m) => m.id === g.id)?.name ?? g.id,
      files: g.files.sort((a, b) => a.path.localeCompare(b.path)),
      bytes: g.files.reduce((s, f) => s + f.bytes, 0),
      ...c,
    };
  });
  return { models: models.sort((a, b) => b.bytes - a.bytes), runtimeBytes };
}

/** Deletes a model's cached files (from one source, or both). Returns the number of files removed. */
export async function deleteCachedModel(
  id: string,
  loc: ModelLocations,
  source?: 'mirror' | 'hub',
  storage: CacheStorageLike = defaultStorage(),
): Promise<number> {
  if (!(await storage.has(TRANSFORMERS_CACHE))) return 0;
  const cache = await storage.open(TRANSFORMERS_CACHE);
  let removed = 0;
  for (const req of await cache.keys()) {
    const where = parseModelUrl(req.url, loc);
    if (where && where.id === id && (!source || where.source === source) && (await cache.delete(req.url))) removed++;
  }
  return removed;
}

/** True when every file a load with this precision needs is cached, so loading downloads nothing. */
export async function isModelCached(
  entry: CatalogEntry,
  dtype: ModelDtype,
  source: 'mirror' | 'hub',
  loc: ModelLocations,
  storage: CacheStorageLike = defaultStorage(),
): Promise<boolean> {
  if (!(await storage.has(TRANSFORMERS_CACHE))) return false;
  const cache = await storage.open(TRANSFORMERS_CACHE);
  for (const f of filesFor(entry, [dtype])) {
    if (!(await cache.match(modelFileUrl(entry, f.path, source, loc)))) return false;
  }
  return true;
}

export type ModelReach = { reachable: true; cached: boolean } | { reachable: false; why: 'not-in-folder' | 'hub-unreachable' };

/**
 * Whether a model's files can be had from a source before any load is tried:
 * its config.json is in this browser's cache already, or the source answers
 * it as JSON (a web server that has no such file answers 404, or its
 * index.html: neither counts). Settings offers the download only then.
 */
export async function modelReach(
  entry: CatalogEntry,
  source: 'mirror' | 'hub',
  loc: ModelLocations,
  fetchFn: typeof fetch = fetch,
  storage: CacheStorageLike | null = (globalThis as { caches?: CacheStorageLike }).caches ?? null,
): Promise<ModelReach> {
  const url = modelFileUrl(entry, 'config.json', source, loc);
  if (storage && (await storage.has(TRANSFORMERS_CACHE))) {
    if (await (await storage.open(TRANSFORMERS_CACHE)).match(url)) return { reachable: true, cached: true };
  }
  const why = source === 'mirror' ? 'not-in-folder' : 'hub-unreachable';
  try {
    const res = await fetchFn(url, { cache: 'no-store' });
    if (!res.ok) return { reachable: false, why };
    const config: unknown = JSON.parse(await res.text());
    return config && typeof config === 'object' ? { reachable: true, cached: false } : { reachable: false, why };
  } catch {
    return { reachable: false, why };
  }
}
