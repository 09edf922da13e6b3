// The one place that writes transformers.js' `env`. Entry points (the model
// worker, the Node CLI, benchmarks) find the values for their environment
// and call configureTransformers(); nothing else touches `env`.
// Imports transformers.js: use only from workers and Node, never the UI thread.
import { env, LogLevel } from '@huggingface/transformers';
import { InvalidInputError } from '../../core/errors.ts';

export interface TransformersSettings {
  /**
   * Folder that holds one sub-folder per model id: a URL *path* such as
   * "/models/" in the browser (not a full URL: transformers.js 4.3.1 then
   * silently drops the tokenizer), a directory in Node.
   */
  localModelPath: string;
  /** Look in `localModelPath` at all (default true; off when models come from the hub only). */
  allowLocalModels?: boolean;
  /** Fetch from the model hub when a file is missing locally (off: the app is offline-first). */
  allowRemoteModels?: boolean;
  /** Mirror to use instead of the hub (settings.ts HUB_URL) when remote models are allowed. */
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

/** A model file request that failed on the way (no connection, server error), not a missing file. */
export interface NetworkFailure {
  url: string;
  reason: string;
}

const networkFailures: NetworkFailure[] = [];
let baseFetch: typeof fetch | null = null;

/**
 * Network failures of model file requests since the last call (and forgets
 * them). transformers.js turns a failed local fetch into "file not found", so
 * the runner asks here to tell a broken download from a missing file.
 */
export function takeNetworkFailures(): NetworkFailure[] {
  return networkFailures.splice(0);
}

/** The same response, but a connection lost half-way through the body is recorded too. */
function watchBody(res: Response, url: string): Response {
  if (!res.ok || !res.body || typeof ReadableStream === 'undefined') return res;
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        networkFailures.push({ url, reason: err instanceof Error ? err.message : String(err) });
        controller.error(err);
        return;
      }
      try {
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      } catch {
        // The reader cancelled the body (e.g. after reading only its headers): nothing failed.
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

function watchFetch(): void {
  if (baseFetch || typeof env.fetch !== 'function') return;
  baseFetch = env.fetch as typeof fetch;
  const inner = baseFetch;
  env.fetch = (async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    try {
      const res = await inner(input, init);
      if (res.status >= 500) networkFailures.push({ url, reason: `the server answered HTTP ${res.status}` });
      // Single-page-app servers answer a missing file with their index.html:
      // for a model file that means "not there", not a model to parse.
      if (res.ok && /text\/html/i.test(res.headers.get('content-type') ?? '') && !/\.html?(?:[?#].*)?$/i.test(url)) {
        return new Response('Not found', { status: 404, statusText: 'Not Found' });
      }
      return watchBody(res, url);
    } catch (err) {
      networkFailures.push({ url, reason: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }) as typeof env.fetch;
}

export function configureTransformers(s: TransformersSettings): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s.localModelPath)) {
    throw new InvalidInputError(`localModelPath must be a path such as "/models/", not a URL (${s.localModelPath})`);
  }
  watchFetch();
  env.allowLocalModels = s.allowLocalModels ?? true;
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
