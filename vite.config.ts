import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { noTestEngine } from './scripts/lib/no-test-engine.ts';
import { modelFixtures } from './scripts/lib/model-fixtures.ts';
import { cspOptionsFromEnv, cspPlugin, SW_HEADERS_SCRIPT } from './scripts/lib/csp.ts';
import { DOM_FREE_ALIASES } from './scripts/lib/dom-free.ts';

// The evidence pack (several MB, gzip'd JSON) and its search index
// (<id>.index.bin.gz, ~2 MB) must be precached so that the app works offline
// after its first visit; Workbox's default 2 MiB limit would
// silently skip it. The same goes for ONNX Runtime's wasm (~25 MB), which the
// model worker needs offline. Model weights are cached by their own runtimes
// (transformers.js, web-llm), never here.
const MAX_PRECACHE_BYTES = 64 * 1024 * 1024;

// `--mode e2e` builds the app for the end-to-end tests into dist-e2e: the
// same app plus the test-only code of src/testing/ — the fake engine
// (src/lib/ask/engines.ts), the checker on the workers' test twins that take
// the tests' hooks (src/lib/checker.ts, workers/*.worker.e2e.ts) — the test
// models (public/models/fixtures) and a stand-in model hub on its preview
// server. Every other build fails if it contains any test-only code
// (noTestEngine), and leaves the test models out (modelFixtures).
//
// Content-Security-Policy (scripts/lib/csp.ts): in index.html and in the dev
// and preview servers' headers. CLAIMLENS_STRICT=1 builds the strict variant
// for privacy demos into dist-strict (connections to the app's own origin
// only); its preview server needs the same variable (`npm run preview:strict`).
const csp = cspOptionsFromEnv();

export default defineConfig(({ mode }) => ({
  plugins: [
    svelte(),
    cspPlugin(csp),
    noTestEngine(mode),
    modelFixtures(mode),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false, // src/main.ts registers it (virtual:pwa-register)
      includeManifestIcons: false, // already matched by globPatterns below
      manifest: {
        name: 'ClaimLens',
        short_name: 'ClaimLens',
        description: 'Check medical answers claim by claim against local evidence, offline.',
        theme_color: '#1f4e79',
        background_color: '#f7f8fa',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // public/ is copied into dist, so this covers the icons and evidence/* (the pack and its index);
        // wasm and mjs: ONNX Runtime, loaded by the model worker.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,ico,json,gz,txt,wasm}'],
        globIgnores: ['models/**', '**/*.onnx', '**/*.bin', '**/tensor-cache*'],
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_BYTES,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/evidence\//, /^\/models\//],
        cleanupOutdatedCaches: true,
        // The policy and cross-origin isolation on what the service worker serves (scripts/lib/csp.ts).
        importScripts: [SW_HEADERS_SCRIPT],
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  // Workers have no document: see scripts/lib/dom-free.ts.
  resolve: { alias: DOM_FREE_ALIASES },
  // keepNames: errors cross the worker boundary by class name (src/core/errors.ts);
  // minified names ("u") would turn every named error into a generic one.
  worker: { format: 'es', plugins: () => [noTestEngine(mode)], rolldownOptions: { output: { keepNames: true } } },
  build: {
    target: 'es2022',
    sourcemap: false,
    outDir: mode === 'e2e' ? 'dist-e2e' : csp.strict ? 'dist-strict' : 'dist',
    rolldownOptions: { output: { keepNames: true } },
  },
}));
