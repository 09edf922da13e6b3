// The model catalog: which models the app knows, the files each needs, and
// which precision to load on which device. Data in catalog.json; this module
// checks its shape and answers questions about it.
import * as v from 'valibot';
import catalogJson from './catalog.json' with { type: 'json' };
import { ModelCatalogError, NotFoundError } from '../errors.ts';
import { parseWith } from '../validate.ts';
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

const DEVICES = ['webgpu', 'wasm', 'cpu'] as const satisfies readonly ModelDevice[];
const DTYPES = ['fp32', 'fp16', 'q8'] as const satisfies readonly ModelDtype[];

export const ModelDtypeSchema = v.picklist(DTYPES);

const positive = v.pipe(v.number(), v.integer('not a whole number'), v.gtValue(0, 'not a positive size'));

const CatalogFileSchema = v.object({
  path: v.pipe(
    v.string(),
    v.check((p) => !!p && !p.startsWith('/') && !p.split('/').includes('..'), 'bad file path (it must lie inside the model folder)'),
  ),
  dtype: v.optional(ModelDtypeSchema),
  size: v.optional(positive),
  sha256: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'bad sha256 (64 lower-case hex digits)'))),
  approxBytes: v.optional(positive),
}) satisfies v.GenericSchema<unknown, CatalogFile>;

const CatalogEntrySchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1, 'empty')),
    name: v.string(),
    task: v.picklist(['feature-extraction', 'nli']),
    source: v.picklist(['hub', 'fixture']),
    revision: v.optional(v.string()),
    license: v.optional(v.string()),
    languages: v.optional(v.array(v.string())),
    dim: v.optional(positive),
    pooling: v.optional(v.picklist(['mean', 'cls'])),
    normalize: v.optional(v.boolean()),
    maxTokens: v.optional(positive),
    prefixes: v.optional(v.object({ query: v.string(), passage: v.string() })),
    dtypes: v.object({ webgpu: v.optional(v.array(ModelDtypeSchema)), wasm: v.optional(v.array(ModelDtypeSchema)), cpu: v.optional(v.array(ModelDtypeSchema)) }),
    files: v.pipe(v.array(CatalogFileSchema), v.minLength(1, '"files" is empty')),
  }),
  v.check((m) => m.task !== 'feature-extraction' || m.dim !== undefined, 'embedders need "dim"'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const m = dataset.value;
    for (const device of DEVICES) {
      for (const d of m.dtypes[device] ?? []) {
        if (!m.files.some((f) => f.dtype === d)) addIssue({ message: `no file for dtype ${d}` });
      }
    }
  }),
) satisfies v.GenericSchema<unknown, CatalogEntry>;

/** catalog.json. Ids are unique and the defaults are in it. */
export const CatalogSchema = v.pipe(
  v.object({
    format: v.literal('claimlens-model-catalog'),
    formatVersion: v.literal(1),
    hub: v.pipe(v.string(), v.regex(/^https?:\/\//, 'must be an http(s) URL')),
    models: v.array(CatalogEntrySchema),
    defaults: v.object({ embedder: v.string(), multilingualEmbedder: v.string(), nli: v.string() }),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const c = dataset.value;
    const ids = new Set<string>();
    c.models.forEach((m, i) => {
      if (ids.has(m.id)) addIssue({ message: `model ${m.id} is listed twice`, path: [{ type: 'object', origin: 'value', input: c, key: 'models', value: c.models }, { type: 'array', origin: 'value', input: c.models, key: i, value: m }] });
      ids.add(m.id);
    });
    for (const key of ['embedder', 'multilingualEmbedder', 'nli'] as const) {
      if (!ids.has(c.defaults[key])) addIssue({ message: `default ${key} ${c.defaults[key]} is not in the catalog` });
    }
  }),
) satisfies v.GenericSchema<unknown, Catalog>;

/** Checks the shape of a catalog object; throws ModelCatalogError naming each problem by its path. */
export function parseCatalog(raw: unknown): Catalog {
  return parseWith(CatalogSchema, raw, 'Model catalog', (problems) => new ModelCatalogError(`Model catalog: ${problems}`));
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
