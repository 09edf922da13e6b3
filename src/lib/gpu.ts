// What this browser's GPU and storage can do, read from navigator: the facts
// the pure fit check (src/core/engine/fit.ts) decides from.
import type { AdapterFacts, FitEnvironment } from '../core/engine/fit.ts';

export type AdapterProbe =
  | { ok: true; facts: AdapterFacts }
  | { ok: false; reason: 'no-webgpu-api' | 'no-adapter' | 'error'; message: string };

interface NavigatorLike {
  gpu?: GPU;
  deviceMemory?: number;
  storage?: StorageManager;
}

const nav = (): NavigatorLike | undefined =>
  typeof navigator === 'undefined' ? undefined : (navigator as unknown as NavigatorLike);

/**
 * Asks for the adapter web-llm would use (high-performance) and reads its
 * features, limits and info. Never throws: no WebGPU is an answer too.
 */
export async function probeAdapter(gpu: GPU | undefined = nav()?.gpu): Promise<AdapterProbe> {
  if (!gpu) {
    return {
      ok: false,
      reason: 'no-webgpu-api',
      message:
        'This browser has no WebGPU (it needs a recent Chrome or Edge, and a secure page: https or localhost).',
    };
  }
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      return {
        ok: false,
        reason: 'no-adapter',
        message: 'WebGPU is there but found no usable GPU (blocked by the browser, or no driver support).',
      };
    }
    const legacy = adapter as GPUAdapter & {
      isFallbackAdapter?: boolean;
      requestAdapterInfo?: () => Promise<GPUAdapterInfo>;
    };
    const info: Partial<GPUAdapterInfo> =
      adapter.info ?? (legacy.requestAdapterInfo ? await legacy.requestAdapterInfo() : {});
    return {
      ok: true,
      facts: {
        features: [...adapter.features].sort(),
        limits: {
          maxBufferSize: adapter.limits.maxBufferSize,
          maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        },
        info: {
          vendor: info.vendor ?? '',
          architecture: info.architecture ?? '',
          device: info.device ?? '',
          description: info.description ?? '',
        },
        isFallbackAdapter: info.isFallbackAdapter ?? legacy.isFallbackAdapter ?? false,
      },
    };
  } catch (e) {
    return { ok: false, reason: 'error', message: `Asking for a GPU failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** How much this site may store and already stores (bytes), if the browser says. */
export async function storageEstimate(): Promise<{ quota: number; usage: number } | undefined> {
  const s = nav()?.storage;
  if (!s?.estimate) return undefined;
  try {
    const e = await s.estimate();
    if (e.quota === undefined) return undefined;
    return { quota: e.quota, usage: e.usage ?? 0 };
  } catch {
    return undefined;
  }
}

/**
 * Asks the browser not to evict this site's data (model weights are GBs and
 * slow to fetch again). Call before a download; true when granted.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const s = nav()?.storage;
  if (!s?.persist) return false;
  try {
    if (s.persisted && (await s.persisted())) return true;
    return await s.persist();
  } catch {
    return false;
  }
}

/** navigator.deviceMemory (GB; browsers cap it at 8), when exposed. */
export function deviceMemoryGB(): number | undefined {
  const m = nav()?.deviceMemory;
  return typeof m === 'number' && m > 0 ? m : undefined;
}

/** Everything the fit check needs, gathered from this browser. */
export async function fitEnvironment(
  options: { vramGB?: number; cached?: ReadonlySet<string> } = {},
): Promise<{ env: FitEnvironment; probe: AdapterProbe }> {
  const [probe, storage] = await Promise.all([probeAdapter(), storageEstimate()]);
  const env: FitEnvironment = { adapter: probe.ok ? probe.facts : null };
  const mem = deviceMemoryGB();
  if (mem !== undefined) env.deviceMemoryGB = mem;
  if (options.vramGB !== undefined) env.vramGB = options.vramGB;
  if (storage) env.storage = storage;
  if (options.cached) env.cached = options.cached;
  return { env, probe };
}
