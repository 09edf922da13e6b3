// Which local models can run on this machine. Pure: takes the facts a
// WebGPU adapter reports (src/lib/gpu.ts probeAdapter) and what the browser
// says about memory and storage, returns a verdict and a reason per model.
//
// WebGPU does not report GPU memory, so the budget is an estimate:
// - the user's own figure when given (vramGB), else
// - integrated / unified-memory GPUs share system RAM: half of
//   navigator.deviceMemory (which browsers cap at 8 GB), else
// - a discrete GPU of unknown size: assume 4 GB (the reason says so);
// - the CPU fallback adapter (SwiftShader) uses system RAM too and is very slow.
import type { CatalogModel } from './catalog-types.ts';

export interface AdapterFacts {
  features: string[];
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info: { vendor: string; architecture: string; device: string; description: string };
  isFallbackAdapter: boolean;
}

export interface FitEnvironment {
  /** null: no WebGPU or no adapter. */
  adapter: AdapterFacts | null;
  /** navigator.deviceMemory (GB, capped at 8 by browsers). */
  deviceMemoryGB?: number;
  /** GPU memory the user says the GPU has (GB); overrides estimates. */
  vramGB?: number;
  /** navigator.storage.estimate() in bytes. */
  storage?: { quota: number; usage: number };
  /** Models already downloaded (need no storage). */
  cached?: ReadonlySet<string>;
}

export type FitStatus =
  | 'fits'
  | 'fits-low-resource'
  | 'too-big'
  | 'needs-shader-f16'
  | 'no-webgpu'
  | 'no-storage';

export interface ModelFit {
  id: string;
  status: FitStatus;
  /** One sentence for the model picker. */
  reason: string;
  /** The build to offer instead (1k-context or q4f32_1), when there is one. */
  alternative?: string;
  /** Runs, but on the CPU fallback adapter: expect it to be very slow. */
  slow?: boolean;
  /** On the CPU fallback adapter and bigger than about 1B parameters: it would run, far too slowly to use. */
  unusable?: boolean;
}

export type GpuKind = 'fallback' | 'integrated' | 'discrete';

export interface MemoryBudget {
  MB: number;
  kind: GpuKind;
  /** Where the figure comes from, for the reason text. */
  basis: string;
}

/** web-llm needs these (detectGPUDevice falls back to them, then gives up). */
const MIN_BUFFER = 256 * 2 ** 20;
const MIN_BINDING = 128 * 2 ** 20;
/** Below this binding size web-llm warns that only low-resource builds work. */
const FULL_BINDING = 2 ** 30;
const DISCRETE_ASSUMED_GB = 4;

const fmtGB = (mb: number) => `${(mb / 1024).toFixed(mb < 10240 ? 1 : 0)} GB`;

export function gpuKind(a: AdapterFacts): GpuKind {
  const text = `${a.info.vendor} ${a.info.architecture} ${a.info.device} ${a.info.description}`.toLowerCase();
  if (a.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/.test(text)) return 'fallback';
  const vendor = a.info.vendor.toLowerCase();
  if (/apple|qualcomm|arm|imagination|mali|adreno/.test(vendor)) return 'integrated';
  if (vendor.includes('intel')) return /arc|xe-hpg|alchemist|battlemage|dg2/.test(text) ? 'discrete' : 'integrated';
  if (vendor.includes('amd') && /radeon(\(tm\))? graphics|vega \d+ graphics|\b[6-9]\d0m\b/.test(text)) return 'integrated';
  if (/nvidia|amd|ati/.test(vendor)) return 'discrete';
  return 'integrated'; // unknown vendors: the cautious guess
}

export function memoryBudget(env: FitEnvironment): MemoryBudget | undefined {
  const a = env.adapter;
  if (!a) return undefined;
  const kind = gpuKind(a);
  if (env.vramGB !== undefined && env.vramGB > 0) {
    return { MB: env.vramGB * 1024 * 0.9, kind, basis: `90% of the ${env.vramGB} GB you entered` };
  }
  if (kind === 'discrete') {
    return {
      MB: DISCRETE_ASSUMED_GB * 1024 * 0.9,
      kind,
      basis: `an assumed ${DISCRETE_ASSUMED_GB} GB (the browser does not tell GPU memory; enter yours to see larger models)`,
    };
  }
  const ram = env.deviceMemoryGB ?? (kind === 'fallback' ? 4 : 8);
  return {
    MB: ram * 1024 * 0.5,
    kind,
    basis: `half of the ${ram} GB of system memory the browser reports${kind === 'fallback' ? '' : ', shared with the GPU'}`,
  };
}

function needsF16(m: CatalogModel): boolean {
  return m.required_features.includes('shader-f16') || /f16/.test(m.quantization);
}

function memoryFit(m: CatalogModel, a: AdapterFacts, budget: MemoryBudget): { ok: boolean; reason: string } {
  if (m.buffer_size_required_bytes !== undefined && m.buffer_size_required_bytes > a.limits.maxStorageBufferBindingSize) {
    return {
      ok: false,
      reason: `needs GPU buffers of ${Math.round(m.buffer_size_required_bytes / 2 ** 20)} MB; this GPU allows ${Math.round(a.limits.maxStorageBufferBindingSize / 2 ** 20)} MB`,
    };
  }
  if (a.limits.maxStorageBufferBindingSize < FULL_BINDING && !m.low_resource_required) {
    return {
      ok: false,
      reason: `this GPU's buffer limit (${Math.round(a.limits.maxStorageBufferBindingSize / 2 ** 20)} MB) only suits low-resource builds`,
    };
  }
  if (m.vram_required_MB > budget.MB) {
    return { ok: false, reason: `needs about ${fmtGB(m.vram_required_MB)} of GPU memory; about ${fmtGB(budget.MB)} is available (${budget.basis})` };
  }
  return { ok: true, reason: `needs about ${fmtGB(m.vram_required_MB)} of GPU memory; about ${fmtGB(budget.MB)} is available (${budget.basis})` };
}

/** Verdict for one model. `catalog` resolves the alternative builds. */
export function checkFit(m: CatalogModel, env: FitEnvironment, catalog: readonly CatalogModel[]): ModelFit {
  const a = env.adapter;
  if (!a) {
    return {
      id: m.id,
      status: 'no-webgpu',
      reason: 'This browser has no WebGPU adapter, so local models cannot run. Use a recent Chrome or Edge, or a model server.',
    };
  }
  if (a.limits.maxBufferSize < MIN_BUFFER || a.limits.maxStorageBufferBindingSize < MIN_BINDING) {
    return { id: m.id, status: 'no-webgpu', reason: "This GPU's WebGPU limits are below what local models need. Use a model server." };
  }
  const byId = (id: string | undefined) => (id ? catalog.find((c) => c.id === id) : undefined);

  if (needsF16(m) && !a.features.includes('shader-f16')) {
    const f32 = byId(m.f32_variant);
    const alt = f32 ? checkFit(f32, env, catalog) : undefined;
    const altId = alt?.status === 'fits' ? f32!.id : alt?.status === 'fits-low-resource' ? alt.alternative : undefined;
    return {
      id: m.id,
      status: 'needs-shader-f16',
      reason: altId
        ? `This GPU has no 16-bit shaders (shader-f16); use the q4f32_1 build ${altId} instead.`
        : f32
          ? `This GPU has no 16-bit shaders (shader-f16), and the q4f32_1 build ${f32.id} does not fit either: ${alt!.reason.replace(/^Too big for this GPU: /, '')}`
          : 'This GPU has no 16-bit shaders (shader-f16), and there is no q4f32_1 build of this model.',
      ...(altId ? { alternative: altId } : {}),
    };
  }

  const budget = memoryBudget(env)!;
  const fit = memoryFit(m, a, budget);
  const slow = budget.kind === 'fallback';
  // A CPU emulation of a GPU (SwiftShader) decodes a handful of tokens a
  // second with the smallest models; anything much bigger is unusable there.
  const unusable = slow && m.params_b > FALLBACK_MAX_PARAMS_B;
  const slowNote = unusable
    ? ` But this GPU is a CPU emulation of one (${a.isFallbackAdapter ? 'a fallback adapter such as SwiftShader' : 'software rendering'}): a ${m.params_b}B model would be unusably slow here. Try the smallest model, or a model server.`
    : slow
      ? ' It would run on a CPU emulation of a GPU (a fallback adapter such as SwiftShader), so expect it to be very slow.'
      : '';
  const slowFlags = unusable ? { slow, unusable } : slow ? { slow } : {};
  let result: ModelFit;
  if (fit.ok) {
    result = { id: m.id, status: 'fits', reason: `Fits: ${fit.reason}.${slowNote}`, ...slowFlags };
  } else {
    const low = byId(m.low_memory_variant);
    const lowFit = low ? memoryFit(low, a, budget) : undefined;
    if (low && lowFit?.ok) {
      result = {
        id: m.id,
        status: 'fits-low-resource',
        reason: `Too big at ${m.context_window_size} tokens of context (${fit.reason}); the 1k-context build ${low.id} fits.${slowNote}`,
        alternative: low.id,
        ...slowFlags,
      };
    } else {
      return { id: m.id, status: 'too-big', reason: `Too big for this GPU: ${fit.reason}.` };
    }
  }

  const target = result.status === 'fits' ? m : byId(result.alternative)!;
  if (env.storage && !env.cached?.has(target.id)) {
    const freeMB = (env.storage.quota - env.storage.usage) / 1e6;
    const needMB = target.download_MB_estimate * 1.05;
    if (freeMB < needMB) {
      return {
        id: m.id,
        status: 'no-storage',
        reason: `The download (about ${(target.download_MB_estimate / 1000).toFixed(1)} GB) needs more room than this site may store (${(Math.max(0, freeMB) / 1000).toFixed(1)} GB free). Delete other downloaded models or free disk space.`,
      };
    }
  }
  return result;
}

/** Largest model (billions of parameters) worth offering on a CPU fallback adapter. */
export const FALLBACK_MAX_PARAMS_B = 1;

export function checkFits(catalog: readonly CatalogModel[], env: FitEnvironment): ModelFit[] {
  return catalog.map((m) => checkFit(m, env, catalog));
}

/**
 * A sensible default: the largest model of the first family (catalog order:
 * Qwen3 first) that fits as it is and runs at a usable speed.
 */
export function recommendModel(catalog: readonly CatalogModel[], fits: readonly ModelFit[]): string | undefined {
  const ok = new Set(fits.filter((f) => f.status === 'fits' && !f.slow).map((f) => f.id));
  const first = catalog.find((m) => ok.has(m.id));
  if (!first) {
    // Only slow (CPU fallback) options: the smallest of the first family in
    // catalog order (Qwen3 first, the base of Shanzhi-M1).
    const slowOk = new Set(fits.filter((f) => f.status === 'fits').map((f) => f.id));
    const firstSlow = catalog.find((m) => slowOk.has(m.id));
    if (!firstSlow) return undefined;
    return catalog
      .filter((m) => m.family === firstSlow.family && slowOk.has(m.id))
      .sort((x, y) => x.vram_required_MB - y.vram_required_MB)[0].id;
  }
  const family = catalog.filter((m) => m.family === first.family && ok.has(m.id));
  return family.sort((x, y) => y.params_b - x.params_b || x.vram_required_MB - y.vram_required_MB)[0].id;
}
