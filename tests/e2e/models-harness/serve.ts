// Starts the model harness (Vite on 127.0.0.1:4373) and a headless Chromium
// with WebGPU enabled, for the Playwright specs and the throughput benchmark.
import { createServer, type ViteDevServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium.ts';

export interface HarnessServer {
  /** The harness page, e.g. http://127.0.0.1:4373/ */
  url: string;
  close(): Promise<void>;
}

export async function startHarnessServer(): Promise<HarnessServer> {
  const server: ViteDevServer = await createServer({
    configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4373/';
  return { url, close: () => server.close() };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Opens the harness page and waits until `window.harness` is there. */
export async function openHarness(browser: Browser, url: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext();
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => 'harness' in globalThis, null, { timeout: 120_000 });
  return { page, requests };
}
