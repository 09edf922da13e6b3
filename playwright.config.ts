import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium.ts';

/**
 * The three servers listen on CLAIMLENS_PORT_BASE, +1 and +2 (default 4173):
 * several checkouts on one machine can run their e2e tests at once.
 */
const BASE = Number(process.env.CLAIMLENS_PORT_BASE ?? 4173);
export const PORT = BASE;
/**
 * The same app built with `--mode e2e`: adds the test-only fake engine (Ask
 * view specs), the test models and a stand-in model hub (semantic search specs).
 */
export const E2E_PORT = BASE + 1;
/** The strict build for privacy demos (CLAIMLENS_STRICT=1: connections to its own origin only). */
export const STRICT_PORT = BASE + 2;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  // One worker: the machine is small and shared, and the suites share state on purpose.
  workers: 1,
  fullyParallel: false,
  // First start builds the evidence index in the browser; that takes a while on a slow CPU.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    serviceWorkers: 'allow',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      // The built app, as users get it (service worker included). The evidence
      // pack is built first when it is missing. The build fails if it holds
      // the test-only engine or the test models (vite.config.ts).
      command: `(test -f public/evidence/manifest.json || npm run evidence) && npx vite build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 600_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The e2e build (dist-e2e): the same app plus the "Fake (test)" engine
      // and the test models. It waits for the evidence pack the first server
      // builds, and builds the test models first (a fraction of a second).
      command: `until test -f public/evidence/manifest.json; do sleep 1; done; npm run --silent fixtures && npx vite build --mode e2e && npx vite preview --mode e2e --host 127.0.0.1 --port ${E2E_PORT} --strictPort`,
      url: `http://127.0.0.1:${E2E_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 600_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The strict build (dist-strict): the same app under a Content-Security-Policy
      // that lets it connect to its own origin only (tests/e2e/strict-csp.spec.ts).
      command: `until test -f public/evidence/manifest.json; do sleep 1; done; CLAIMLENS_STRICT=1 npx vite build && CLAIMLENS_STRICT=1 npx vite preview --host 127.0.0.1 --port ${STRICT_PORT} --strictPort`,
      url: `http://127.0.0.1:${STRICT_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 600_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
