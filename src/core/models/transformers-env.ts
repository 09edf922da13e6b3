// The one place that writes transformers.js' `env`. Entry points (the model
// worker, the Node CLI, benchmarks) find the values for their environment
// and call configureTransformers(); nothing else touches `env`.
// Imports transformers.js: use only from workers and Node, never the UI thread.
import { env, LogLevel } from '@huggingface/transformers';

export interface TransformersSettings {
  /**
   * Folder that holds one sub-folder per model id: a URL *path* such as
   * "/models/" in the browser (not a full URL: transformers.js 4.3.1 then
   * silently drops the tokenizer), a directory in Node.
   */
  localModelPath: string;
  /** Fetch from the model hub when a file is missing locally (off: the app is offline-first). */
  allowRemoteModels?: boolean;
  /** Mirror to use instead of https://huggingface.co/ when remote models are allowed. */
  remoteHost?: string;
  /**
   * Browser only: absolute URLs of ONNX Runtime's .wasm and .mjs, served by
   * the app itself (Vite `?url` imports). Without them ORT loads from a CDN.
   */
  wasmPaths?: { wasm: string; mjs: string };
  /** WASM threads; more than one needs cross-origin isolation. */
  numThreads?: number;
  /** Keep fetched model files in the Cache API (browser). */
  useBrowserCache?: boolean;
  /** Quiet ORT unless debugging. */
  logLevel?: 'error' | 'warning' | 'info' | 'debug';
}

const LOG_LEVELS = { error: LogLevel.ERROR, warning: LogLevel.WARNING, info: LogLevel.INFO, debug: LogLevel.DEBUG } as const;

let applied: TransformersSettings | null = null;

export function configureTransformers(s: TransformersSettings): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s.localModelPath)) {
    throw new Error(`localModelPath must be a path such as "/models/", not a URL (${s.localModelPath})`);
  }
  env.allowLocalModels = true;
  env.localModelPath = s.localModelPath.endsWith('/') ? s.localModelPath : `${s.localModelPath}/`;
  env.allowRemoteModels = s.allowRemoteModels ?? false;
  if (s.remoteHost) env.remoteHost = s.remoteHost.endsWith('/') ? s.remoteHost : `${s.remoteHost}/`;
  env.useBrowserCache = s.useBrowserCache ?? false;
  // Local files need no second copy on disk (the default writes into node_modules).
  env.useFSCache = false;
  env.logLevel = LOG_LEVELS[s.logLevel ?? 'error'];
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number }; setLogLevel?: (l: number) => void };
  onnx.setLogLevel?.(env.logLevel);
  if (onnx.wasm) {
    if (s.wasmPaths) onnx.wasm.wasmPaths = { ...s.wasmPaths };
    if (s.numThreads !== undefined) onnx.wasm.numThreads = s.numThreads;
  }
  applied = { ...s };
}

/** The settings last applied (null before configureTransformers). */
export function transformersSettings(): TransformersSettings | null {
  return applied;
}
