// Downloaded local models: list them with their size, find incomplete
// downloads, delete one, clear all. web-llm (with the default Cache API
// backend, which we use) keeps model files in three Cache Storage caches,
// keyed by URL:
//   webllm/model   tensor-cache.json (the shard manifest), params_shard_N.bin, tokenizer.json
//   webllm/config  mlc-chat-config.json
//   webllm/wasm    the compiled model library (model_lib URL)
// Weights live under the record's model URL + "resolve/main/" (cleanModelUrl
// in web-llm). Several records can share weights (4k and 1k-context builds),
// so downloads are grouped by weights URL.
//
// We read the caches directly instead of calling web-llm's hasModelInCache /
// deleteModelAllInfoInCache: those need web-llm's 6 MB module on the UI
// thread, report only yes/no, and deleteModelInCache fetches the manifest
// from the network when it is missing — not what an offline delete should do.
import type { AppConfig } from '@mlc-ai/web-llm';

/**
 * web-llm's Cache Storage names (its `CacheScope` type in lib/cache_util.d.ts,
 * 0.2.86). web-llm does not export them as values, so they are written here
 * once; tests/unit/engine/model-cache.test.ts checks that each still appears
 * in the installed web-llm bundle, so a rename in a web-llm release fails a
 * test instead of making every download look absent.
 */
export const CACHE_SCOPES = { model: 'webllm/model', config: 'webllm/config', wasm: 'webllm/wasm' } as const;
/**
 * Shard manifest name (web-llm 0.2.86); older MLC builds call it ndarray-cache.json.
 * web-llm exports the first as TENSOR_CACHE_MANIFEST_FILENAME, but importing a
 * value from web-llm would put its 6 MB module on the UI thread; the model-cache
 * test checks that the two agree.
 */
export const MANIFESTS = ['tensor-cache.json', 'ndarray-cache.json'] as const;

export interface ModelDownload {
  /** Weights folder URL (…/resolve/main/). */
  modelUrl: string;
  /** AppConfig records that use these weights ([] when no known record does). */
  modelIds: string[];
  status: 'complete' | 'incomplete';
  /** Bytes stored for these weights, their config and their model libraries. */
  bytes: number;
  files: number;
  /** What is missing (file names, or "model library <url>"), empty when complete. */
  missing: string[];
  shards: { expected: number | undefined; present: number };
}

type CacheStorageLike = Pick<CacheStorage, 'open' | 'delete' | 'has'>;

const defaultStorage = (): CacheStorageLike => {
  if (typeof caches === 'undefined') throw new Error('Cache Storage is not available here.');
  return caches;
};

/** web-llm's cleanModelUrl: "https://hf.co/u/m" → "https://hf.co/u/m/resolve/main/". */
export function weightsUrl(model: string): string {
  let u = model.endsWith('/') ? model : model + '/';
  if (!/.+\/resolve\/.+\//.test(u)) u += 'resolve/main/';
  return new URL(u).href;
}

/** The weights folder a cached file belongs to. */
function folderOf(url: string): string {
  const m = /^(.*\/resolve\/[^/]+\/)/.exec(url);
  return m ? m[1] : url.slice(0, url.lastIndexOf('/') + 1);
}

async function entrySize(cache: Cache, req: Request | string): Promise<number> {
  const res = await cache.match(req);
  if (!res) return 0;
  const len = Number(res.headers.get('content-length'));
  if (Number.isFinite(len) && len > 0) return len;
  return (await res.blob()).size;
}

interface ShardRecord {
  dataPath: string;
  nbytes?: number;
}

async function openScopes(storage: CacheStorageLike) {
  const [model, config, wasm] = await Promise.all([
    storage.open(CACHE_SCOPES.model),
    storage.open(CACHE_SCOPES.config),
    storage.open(CACHE_SCOPES.wasm),
  ]);
  return { model, config, wasm };
}

/** Every model download in the caches, complete or not. */
export async function listModelDownloads(
  appConfig: AppConfig,
  storage: CacheStorageLike = defaultStorage(),
): Promise<ModelDownload[]> {
  const caches3 = await openScopes(storage);
  const [modelKeys, configKeys, wasmKeys] = await Promise.all([
    caches3.model.keys(),
    caches3.config.keys(),
    caches3.wasm.keys(),
  ]);
  const wasmUrls = new Set(wasmKeys.map((r) => r.url));

  // Group cached files by weights folder.
  const folders = new Map<string, { model: Request[]; config: Request[] }>();
  const group = (url: string) => {
    const f = folderOf(url);
    let g = folders.get(f);
    if (!g) folders.set(f, (g = { model: [], config: [] }));
    return g;
  };
  for (const r of modelKeys) group(r.url).model.push(r);
  for (const r of configKeys) group(r.url).config.push(r);

  const recordsByFolder = new Map<string, AppConfig['model_list']>();
  for (const rec of appConfig.model_list) {
    const f = weightsUrl(rec.model);
    recordsByFolder.set(f, [...(recordsByFolder.get(f) ?? []), rec]);
  }

  const out: ModelDownload[] = [];
  for (const [folder, g] of folders) {
    const records = recordsByFolder.get(folder) ?? [];
    const names = new Set(g.model.map((r) => r.url.slice(folder.length)));
    const missing: string[] = [];

    // Shards from the manifest.
    let expected: number | undefined;
    let present = 0;
    const manifestName = MANIFESTS.find((m) => names.has(m));
    if (manifestName) {
      try {
        const res = await caches3.model.match(folder + manifestName);
        const manifest = (await res!.json()) as { records?: ShardRecord[] };
        const shards = manifest.records ?? [];
        expected = shards.length;
        for (const s of shards) {
          if (names.has(s.dataPath)) present++;
          else missing.push(s.dataPath);
        }
      } catch {
        missing.push(`${manifestName} (unreadable)`);
      }
    } else {
      missing.push(MANIFESTS[0]);
      present = [...names].filter((n) => /\.bin$/.test(n)).length;
    }
    if (!g.config.some((r) => r.url === folder + 'mlc-chat-config.json')) missing.push('mlc-chat-config.json');
    if (!names.has('tokenizer.json') && !names.has('tokenizer.model')) missing.push('tokenizer.json');
    // At least one library of a record using these weights must be there.
    const libs = records.map((r) => r.model_lib);
    const libsPresent = libs.filter((l) => wasmUrls.has(l));
    if (libs.length > 0 && libsPresent.length === 0) missing.push(`model library ${libs[0]}`);

    let bytes = 0;
    for (const r of g.model) bytes += await entrySize(caches3.model, r);
    for (const r of g.config) bytes += await entrySize(caches3.config, r);
    for (const l of libsPresent) bytes += await entrySize(caches3.wasm, l);

    out.push({
      modelUrl: folder,
      modelIds: records.map((r) => r.model_id),
      status: missing.length === 0 ? 'complete' : 'incomplete',
      bytes,
      files: g.model.length + g.config.length + libsPresent.length,
      missing,
      shards: { expected, present },
    });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}

/** The download a model id uses, or undefined when nothing of it is cached. */
export async function modelDownloadStatus(
  modelId: string,
  appConfig: AppConfig,
  storage: CacheStorageLike = defaultStorage(),
): Promise<ModelDownload | undefined> {
  const rec = appConfig.model_list.find((r) => r.model_id === modelId);
  if (!rec) return undefined;
  const folder = weightsUrl(rec.model);
  return (await listModelDownloads(appConfig, storage)).find((d) => d.modelUrl === folder);
}

/** Ids whose download is complete (for the fit check's `cached`). */
export function completeModelIds(downloads: readonly ModelDownload[]): Set<string> {
  return new Set(downloads.filter((d) => d.status === 'complete').flatMap((d) => d.modelIds));
}

/**
 * Deletes one download (weights folder, its config, and the model libraries
 * of the records using it). `target` is a model id or a weights URL.
 * Returns the number of cache entries removed.
 */
export async function deleteModelDownload(
  target: string,
  appConfig: AppConfig,
  storage: CacheStorageLike = defaultStorage(),
): Promise<number> {
  const rec = appConfig.model_list.find((r) => r.model_id === target);
  const folder = rec ? weightsUrl(rec.model) : target;
  const caches3 = await openScopes(storage);
  let removed = 0;
  for (const cache of [caches3.model, caches3.config]) {
    for (const r of await cache.keys()) {
      if (r.url.startsWith(folder) && (await cache.delete(r))) removed++;
    }
  }
  const libs = appConfig.model_list.filter((r) => weightsUrl(r.model) === folder).map((r) => r.model_lib);
  for (const l of new Set(libs)) if (await caches3.wasm.delete(l)) removed++;
  return removed;
}

/** Deletes every downloaded model. */
export async function clearModelCaches(storage: CacheStorageLike = defaultStorage()): Promise<void> {
  for (const scope of Object.values(CACHE_SCOPES)) await storage.delete(scope);
}
