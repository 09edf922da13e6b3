// The model catalog: which models the app knows, the files each needs, and
// which precision to load on which device. Data in catalog.json; this module
// checks its shape and answers questions about it.
import catalogJson from './catalog.json' with { type: 'json' };
import { ModelCatalogError, NotFoundError } from '../errors.ts';
import type { ModelDevice, ModelDtype, ModelPlacement, RuntimeCapabilities } from './types.ts';

export type ModelTask = 'feature-extraction' | 'nli';

export interface CatalogFile {
  /** Path inside the model folder, e.g. "onnx/model_quantized.onnx". */
  path: string;
  /** For weight files: the precision it holds. Files without a dtype are always needed. */
  dtype?: ModelDtype;
  /** Exact size in bytes, checked by the mirror when known. */
  size?: number;
  /** Hex sha256, checked by the mirror when known. */
  sha256?: string;
  /** Rough size for the UI when the exact one is not recorded. */
  approxBytes?: number;
}

export interface CatalogEntry {
  id: string;
  name: string;
  task: ModelTask;
  /** 'hub': downloaded from the model hub; 'fixture': built by scripts/build-fixtures.ts. */
  source: 'hub' | 'fixture';
  revision?: string;
  license?: string;
  languages?: string[];
  /** Embedders: vector length. */
  dim?: number;
  pooling?: 'mean' | 'cls';
  normalize?: boolean;
  /** Longest input in tokens that the model was trained on (longer input is truncated). */
  maxTokens?: number;
  /** Text put before queries and passages (e5: "query: ", "passage: "). */
  prefixes?: { query: string; passage: string };
  /** Precisions to try on each device, best first. */
  dtypes: Partial<Record<ModelDevice, ModelDtype[]>>;
  files: CatalogFile[];
}

export interface Catalog {
  format: 'claimlens-model-catalog';
  formatVersion: 1;
  hub: string;
  models: CatalogEntry[];
  defaults: { embedder: string; multilingualEmbedder: string; nli: string };
}

const DEVICES: readonly ModelDevice[] = ['webgpu', 'wasm', 'cpu'];
const DTYPES: readonly ModelDtype[] = ['fp32', 'fp16', 'q8'];

function fail(msg: string): never {
  throw new ModelCatalogError(`Model catalog: ${msg}`);
}

/** Checks the shape of a catalog object; throws ModelCatalogError naming the first problem. */
export function parseCatalog(raw: unknown): Catalog {
  if (!raw || typeof raw !== 'object') fail('not an object');
  const c = raw as Record<string, unknown>;
  if (c.format !== 'claimlens-model-catalog' || c.formatVersion !== 1) fail('unknown format or formatVersion');
  if (typeof c.hub !== 'string' || !/^https?:\/\//.test(c.hub)) fail('"hub" must be an http(s) URL');
  if (!Array.isArray(c.models)) fail('"models" must be a list');
  const ids = new Set<string>();
  for (const m of c.models as Record<string, unknown>[]) {
    const where = typeof m?.id === 'string' ? `model ${m.id}` : 'a model without an id';
    if (typeof m?.id !== 'string' || !m.id) fail(`${where}: "id" missing`);
    if (ids.has(m.id)) fail(`${where}: listed twice`);
    ids.add(m.id);
    if (m.task !== 'feature-extraction' && m.task !== 'nli') fail(`${where}: unknown task ${String(m.task)}`);
    if (m.source !== 'hub' && m.source !== 'fixture') fail(`${where}: unknown source ${String(m.source)}`);
    if (m.task === 'feature-extraction' && !(typeof m.dim === 'number' && m.dim > 0)) fail(`${where}: embedders need "dim"`);
    if (!m.dtypes || typeof m.dtypes !== 'object') fail(`${where}: "dtypes" missing`);
    for (const [device, list] of Object.entries(m.dtypes as object)) {
      if (!DEVICES.includes(device as ModelDevice)) fail(`${where}: unknown device ${device}`);
      if (!Array.isArray(list) || !list.every((d) => DTYPES.includes(d))) fail(`${where}: bad dtype list for ${device}`);
    }
    if (!Array.isArray(m.files) || m.files.length === 0) fail(`${where}: "files" missing`);
    for (const f of m.files as CatalogFile[]) {
      if (typeof f?.path !== 'string' || !f.path || f.path.startsWith('/') || f.path.split('/').includes('..')) {
        fail(`${where}: bad file path ${JSON.stringify(f?.path)}`);
      }
      if (f.dtype !== undefined && !DTYPES.includes(f.dtype)) fail(`${where}: ${f.path} has unknown dtype ${f.dtype}`);
      if (f.size !== undefined && !(Number.isInteger(f.size) && f.size > 0)) fail(`${where}: ${f.path} has a bad size`);
      if (f.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(f.sha256)) fail(`${where}: ${f.path} has a bad sha256`);
    }
    for (const list of Object.values(m.dtypes as Record<string, ModelDtype[]>)) {
      for (const d of list) {
        if (!(m.files as CatalogFile[]).some((f) => f.dtype === d)) fail(`${where}: no file for dtype ${d}`);
      }
    }
  }
  const defaults = c.defaults as Record<string, unknown> | undefined;
  for (const key of ['embedder', 'multilingualEmbedder', 'nli']) {
    const id = defaults?.[key];
    if (typeof id !== 'string' || !ids.has(id)) fail(`default ${key} ${String(id)} is not in the catalog`);
  }
  return raw as Catalog;
}

export const CATALOG: Catalog = parseCatalog(catalogJson);

export function catalogEntry(id: string, catalog: Catalog = CATALOG): CatalogEntry {
  const e = catalog.models.find((m) => m.id === id);
  if (!e) throw new NotFoundError(`No model "${id}" in the model catalog.`);
  return e;
}

/** The files a model needs for the given precisions (shared files + one weight file per dtype). */
export function filesFor(entry: CatalogEntry, dtypes: readonly ModelDtype[]): CatalogFile[] {
  return entry.files.filter((f) => f.dtype === undefined || dtypes.includes(f.dtype));
}

export interface PlacementPreference {
  device?: ModelDevice;
  dtype?: ModelDtype;
}

/**
 * Device/precision pairs to try, best first. Browsers: WebGPU (when there is
 * an adapter; fp16 only with shader-f16) then WASM. Node: CPU. A forced
 * device still falls back from WebGPU to WASM; a forced dtype applies to
 * every attempt.
 */
export function loadPlan(entry: CatalogEntry, caps: RuntimeCapabilities, prefer: PlacementPreference = {}): ModelPlacement[] {
  let devices: ModelDevice[];
  // Node has no wasm device in transformers.js: its CPU backend is the equivalent.
  if (prefer.device === 'wasm' && caps.runtime === 'node') prefer = { ...prefer, device: 'cpu' };
  if (prefer.device) devices = prefer.device === 'webgpu' && caps.runtime === 'browser' ? ['webgpu', 'wasm'] : [prefer.device];
  else if (caps.runtime === 'node') devices = ['cpu'];
  else devices = caps.webgpu ? ['webgpu', 'wasm'] : ['wasm'];
  const plan: ModelPlacement[] = [];
  for (const device of devices) {
    if (device === 'webgpu' && caps.runtime === 'browser' && !caps.webgpu) continue;
    let dtypes = prefer.dtype ? [prefer.dtype] : (entry.dtypes[device] ?? ['fp32']);
    if (device === 'webgpu' && !caps.shaderF16) dtypes = dtypes.filter((d) => d !== 'fp16');
    for (const dtype of dtypes) {
      if (!plan.some((p) => p.device === device && p.dtype === dtype)) plan.push({ device, dtype });
    }
  }
  if (plan.length === 0) {
    // e.g. forced webgpu without an adapter: WASM with the model's WASM precision.
    const dtype = prefer.dtype ?? entry.dtypes.wasm?.[0] ?? 'fp32';
    plan.push({ device: caps.runtime === 'node' ? 'cpu' : 'wasm', dtype });
  }
  return plan;
}

/** What the user weighs when choosing a model: licence, download size at the smallest precision, context. */
export function modelFacts(entry: CatalogEntry): { license: string; bytes: number | undefined; dtype: ModelDtype | undefined; maxTokens: number | undefined } {
  const order: ModelDtype[] = ['q8', 'fp16', 'fp32'];
  const dtype = order.find((d) => entry.files.some((f) => f.dtype === d));
  const files = dtype ? filesFor(entry, [dtype]) : entry.files;
  const weights = files.filter((f) => f.dtype !== undefined);
  const bytes = weights.length && weights.every((f) => f.size ?? f.approxBytes) ? weights.reduce((n, f) => n + (f.size ?? f.approxBytes ?? 0), 0) : undefined;
  return { license: entry.license ?? 'licence not recorded', bytes, dtype, maxTokens: entry.maxTokens };
}
