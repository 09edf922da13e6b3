// Browser settings for the neural models (used inside the model worker): the
// ONNX Runtime files come from the app itself (Vite `?url` imports of the
// exact onnxruntime-web build transformers.js uses), never from a CDN, and
// model files from the app's /models/ folder. Also probes WebGPU.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { configureTransformers } from './transformers-env.ts';
import { HUB_URL } from '../../core/models/settings.ts';
import type { BrowserModelSettings, RuntimeCapabilities } from '../../core/models/types.ts';

interface GpuLike {
  requestAdapter(): Promise<{ features: { has(f: string): boolean } } | null>;
}

/** WebGPU adapter and shader-f16 support, as seen from this worker. */
export async function browserCapabilities(): Promise<RuntimeCapabilities> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { runtime: 'browser', webgpu: false, shaderF16: false };
  try {
    const adapter = await gpu.requestAdapter();
    return { runtime: 'browser', webgpu: !!adapter, shaderF16: !!adapter?.features.has('shader-f16') };
  } catch {
    return { runtime: 'browser', webgpu: false, shaderF16: false };
  }
}

export function configureBrowserModels(s: BrowserModelSettings = {}): void {
  const base = import.meta.env?.BASE_URL ?? '/';
  const modelPath = s.modelPath ?? `${base.replace(/\/$/, '')}/models/`;
  const origin = globalThis.location.href;
  const hub = s.source === 'hub';
  configureTransformers({
    localModelPath: modelPath,
    allowLocalModels: !hub,
    allowRemoteModels: hub,
    remoteHost: hub ? (s.hubUrl ?? HUB_URL) : undefined,
    useBrowserCache: s.useBrowserCache ?? true,
    numThreads: s.numThreads,
    wasmPaths: { wasm: new URL(ortWasmUrl, origin).href, mjs: new URL(ortMjsUrl, origin).href },
  });
}
