// The app's Content-Security-Policy (issue 11): the browser, not only the
// code, keeps the app from talking to hosts it has no business with.
//
// - normal build: the app's own origin, the model hosts the app downloads
//   from (transformers.js and web-llm: huggingface.co and its download CDNs,
//   raw.githubusercontent.com for web-llm's model libraries), and a model
//   server on this machine (http://127.0.0.1 or localhost, any port).
//   A policy is fixed when the page loads, so a model server or model hub
//   elsewhere (a LAN server, a hub mirror) must be named at build time:
//   CLAIMLENS_CONNECT_SRC="https://llm.example.org http://10.0.0.5:8000".
// - strict build (CLAIMLENS_STRICT=1): connections to the app's own origin
//   only. Models must come from the app's own mirror (/models/, filled by
//   `npm run models:mirror`); model hubs and model servers are refused by the
//   browser.
//
// The policy goes into index.html as a <meta> tag (works on any static host)
// and into the headers of the dev and preview servers (headers also cover the
// workers and the service worker, which a <meta> in the page does not, and
// allow frame-ancestors). `_headers` in the build folder carries the same
// headers for hosts that read that file (Netlify, Cloudflare Pages), and the
// service worker adds the policy and cross-origin isolation (COOP/COEP) to the
// pages and workers it serves, for hosts that send no headers at all.
import type { Plugin } from 'vite';

/** Where the app's model downloads go (and where their redirects land). */
export const MODEL_HOSTS = [
  'https://huggingface.co',
  'https://*.huggingface.co', // cdn-lfs.huggingface.co
  'https://hf.co',
  'https://*.hf.co', // cdn-lfs-us-1.hf.co, cas-bridge.xethub.hf.co
  'https://raw.githubusercontent.com', // web-llm's model libraries (wasm)
];

/** A model server on this machine (Ollama, vLLM, llama.cpp…), on any port. */
// (CSP has no syntax for IPv6 literals such as [::1].)
export const LOCAL_SERVERS = ['http://127.0.0.1:*', 'http://localhost:*'];

export interface CspOptions {
  /** Connections to the app's own origin only. */
  strict: boolean;
  /** More origins the app may connect to (a model server or hub mirror elsewhere); not in strict builds. */
  extraConnect?: string[];
}

/** Reads the options from the environment (CLAIMLENS_STRICT, CLAIMLENS_CONNECT_SRC). */
export function cspOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CspOptions {
  const strict = /^(1|true|yes)$/i.test(env.CLAIMLENS_STRICT ?? '');
  const extraConnect = (env.CLAIMLENS_CONNECT_SRC ?? '').split(/[\s,]+/).filter(Boolean);
  for (const origin of extraConnect) {
    if (!/^(https?|wss?):\/\/[^\s;,'"]+$/.test(origin)) throw new Error(`CLAIMLENS_CONNECT_SRC: not an origin: ${origin}`);
  }
  return { strict, extraConnect };
}

/**
 * The policy as a header value. `header: false` leaves out what a <meta>
 * policy may not hold (frame-ancestors).
 */
export function contentSecurityPolicy(options: CspOptions, { header = true } = {}): string {
  const connect = options.strict
    ? ["'self'", 'data:', 'blob:']
    : ["'self'", 'data:', 'blob:', ...MODEL_HOSTS, ...LOCAL_SERVERS, ...(options.extraConnect ?? [])];
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    // 'wasm-unsafe-eval': ONNX Runtime and web-llm compile WebAssembly; nothing uses eval().
    // blob:: ONNX Runtime fetches its own .mjs (from this app) and import()s it as a blob:
    // URL; a blob: URL can only be made by script already running in this origin.
    ['script-src', ["'self'", "'wasm-unsafe-eval'", 'blob:']],
    // ONNX Runtime may start its helper workers from blob: URLs.
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', connect],
    // Svelte sets style attributes (style:width) and the dev server injects <style>.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
  ];
  if (header) directives.push(['frame-ancestors', ["'none'"]]);
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/**
 * Cross-origin isolation, so that ONNX Runtime may run WASM threads
 * (SharedArrayBuffer). Every cross-origin fetch the app makes (model hubs, a
 * model server) is a CORS request, which require-corp lets through.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The security headers of the dev and preview servers (and of `_headers`). */
export function securityHeaders(options: CspOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...ISOLATION_HEADERS,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The script the service worker imports (vite.config.ts: workbox.importScripts). */
export const SW_HEADERS_SCRIPT = 'sw-headers.js';

/**
 * Where a static host sends no headers, the service worker adds them: to the
 * pages and worker scripts it serves, it gives the policy (a <meta> policy
 * does not reach workers) and cross-origin isolation. It wraps
 * FetchEvent.respondWith, so Workbox's routes (imported after it) are kept
 * as they are. From the second visit on, then, the app is isolated and its
 * workers are under the policy on any host.
 */
export function serviceWorkerHeadersScript(options: CspOptions): string {
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(options), ...ISOLATION_HEADERS };
  return `// Generated by scripts/lib/csp.ts: headers the service worker adds to the pages and workers it serves.
(() => {
  const HEADERS = ${JSON.stringify(headers)};
  const DESTINATIONS = new Set(['document', 'worker', 'sharedworker']);
  const respondWith = FetchEvent.prototype.respondWith;
  function withHeaders(response) {
    if (!response || response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error') return response;
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  FetchEvent.prototype.respondWith = function (response) {
    const request = this.request;
    const own = new URL(request.url).origin === self.location.origin;
    if (own && (request.mode === 'navigate' || DESTINATIONS.has(request.destination))) {
      return respondWith.call(this, Promise.resolve(response).then(withHeaders));
    }
    return respondWith.call(this, response);
  };
})();
`;
}

export function cspPlugin(options: CspOptions): Plugin {
  const headers = securityHeaders(options);
  const meta = contentSecurityPolicy(options, { header: false });
  return {
    name: 'claimlens:csp',
    config: () => ({ server: { headers }, preview: { headers } }),
    transformIndexHtml: {
      order: 'pre',
      // Right after <meta charset>: a <meta> policy covers only what comes after it.
      handler(html) {
        const tag = `<meta http-equiv="Content-Security-Policy" content="${meta}" />`;
        const out = html.replace(/(<meta charset=[^>]*>)/i, `$1\n    ${tag}`);
        if (out === html) throw new Error('index.html: no <meta charset> to put the Content-Security-Policy after');
        return out;
      },
    },
    generateBundle() {
      const lines = ['/*', ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`), ''];
      this.emitFile({ type: 'asset', fileName: '_headers', source: lines.join('\n') });
      this.emitFile({ type: 'asset', fileName: SW_HEADERS_SCRIPT, source: serviceWorkerHeadersScript(options) });
    },
  };
}
