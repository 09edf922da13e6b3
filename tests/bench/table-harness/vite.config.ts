// Vite server for the claim table benchmark page (tests/bench/table-scroll.ts):
// the real ClaimTable component, compiled by the app's Svelte plugin.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [svelte({ configFile: `${ROOT}svelte.config.js` })],
  // Own dependency cache, so this server and the app's never re-optimise each other's.
  cacheDir: `${ROOT}node_modules/.vite-table-harness`,
  optimizeDeps: { include: ['@tanstack/svelte-virtual'] },
  logLevel: 'warn',
  clearScreen: false,
  server: { host: '127.0.0.1', port: 4383, strictPort: false, fs: { allow: [ROOT] } },
});
