// Vite server for the model test page (tests/e2e/models-*.spec.ts and
// tests/bench/embed-throughput.ts): serves the real model worker and the
// repo's public/ folder (generated fixtures under /models/fixtures/).
// Port 4373 when free (else any free port), away from the app's dev/preview servers.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const HARNESS_PORT = 4373;

// Cross-origin isolation, as the app serves it, so ORT may use WASM threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: `${ROOT}public`,
  // Own dependency cache, so this server and the app's never re-optimise each other's.
  cacheDir: `${ROOT}node_modules/.vite-models-harness`,
  // Found up front, so a first run never reloads the page mid-test to add a dependency.
  optimizeDeps: { include: ['@huggingface/transformers'] },
  logLevel: 'warn',
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: HARNESS_PORT,
    strictPort: false,
    // CLAIMLENS_ISOLATION=off: without it, to measure what it brings (npm run bench:embed).
    headers: process.env.CLAIMLENS_ISOLATION === 'off' ? {} : isolation,
    fs: { allow: [ROOT] },
  },
  worker: { format: 'es' },
});
