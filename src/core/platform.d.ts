// The web-platform APIs src/core uses, declared for `tsc -p tsconfig.core.json`
// alone (lib ES2022, no DOM, no WebWorker, no Node types). Each of them exists
// the same in browsers, workers and Node 20, so core may use them; anything
// else (document, window, IndexedDB, caches, node:*) belongs outside core.
//
// Only the members core calls are declared. A core file that needs one more
// adds it here (and only APIs that Node 20 and browsers both have). The other
// tsconfigs (svelte-check's, app, node) do not include this file: there the
// full declarations come from lib.dom / lib.webworker / @types/node.

// Timers and clocks
declare function setTimeout(handler: (...args: never[]) => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
/** Node only: core code checks `typeof setImmediate === 'function'` before use. */
declare const setImmediate: ((handler: (...args: never[]) => void) => unknown) | undefined;
declare const performance: { now(): number };
declare function structuredClone<T>(value: T): T;
declare function atob(data: string): string;

// Cancellation
interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare const AbortController: { new (): AbortController };

// URLs
interface URL {
  readonly href: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly pathname: string;
}
declare const URL: { new (url: string, base?: string): URL };

// Text
interface TextDecoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare const TextDecoder: { new (label?: string, options?: { fatal?: boolean }): TextDecoder };
interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare const TextEncoder: { new (): TextEncoder };

// Streams, fetch, gzip
interface ReadableStreamDefaultReader<R> {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: R }>;
  releaseLock(): void;
  cancel(reason?: unknown): Promise<void>;
}
interface ReadableStream<R = Uint8Array> {
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: { readable: ReadableStream<T>; writable: unknown }): ReadableStream<T>;
}
interface DecompressionStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: unknown;
}
declare const DecompressionStream: { new (format: 'gzip' | 'deflate' | 'deflate-raw'): DecompressionStream };
interface Blob {
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
declare const Blob: { new (parts: Uint8Array<ArrayBuffer>[]): Blob };
interface Headers {
  get(name: string): string | null;
}
interface Response {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
}
declare const Response: { new (body: ReadableStream<Uint8Array>): Response };
interface RequestInit {
  method?: string;
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
declare function fetch(url: string, init?: RequestInit): Promise<Response>;

// Message channels (the fake engine's unclamped macrotask yield)
interface MessagePort {
  onmessage: (() => void) | null;
  postMessage(message: unknown): void;
}
interface MessageChannel {
  readonly port1: MessagePort;
  readonly port2: MessagePort;
}
declare const MessageChannel: { new (): MessageChannel };
