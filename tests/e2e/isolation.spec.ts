// Cross-origin isolation (issue 11), so that ONNX Runtime may use WASM
// threads: the preview server sends COOP/COEP; on a static host that sends no
// headers at all, the service worker adds them (and the Content-Security-
// Policy) to the pages and workers it serves, from the second visit on.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { expect, test } from '@playwright/test';
import { openApp, waitReady } from './helpers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gz': 'application/gzip',
  '.txt': 'text/plain',
};

/** The production build (dist/, built by the 4173 server) from a server that sends Content-Type only. */
async function bareStaticServer(): Promise<{ url: string; server: Server }> {
  const root = resolve('dist');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) return void res.writeHead(403).end();
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('the preview server isolates the app: SharedArrayBuffer is there for ONNX Runtime threads', async ({ page }) => {
  const response = await page.goto('/');
  expect(response!.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response!.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => crossOriginIsolated && typeof SharedArrayBuffer === 'function')).toBe(true);
  await waitReady(page); // the workers start and load the evidence under COEP
});

test('on a static host that sends no headers, the service worker isolates the app and adds the policy as a header', async ({ browser }) => {
  test.skip(!existsSync('dist/sw-headers.js'), 'needs the production build in dist/');
  const { url, server } = await bareStaticServer();
  const app = await openApp(browser, url);
  try {
    const { page } = app;
    const first = await page.goto('/');
    expect(first!.headers()['cross-origin-embedder-policy']).toBeUndefined();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await waitReady(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const again = await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(again!.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // The policy as a header now, which (unlike the page's <meta>) also binds the workers.
    expect(again!.headers()['content-security-policy']).toContain("connect-src 'self'");
    expect(again!.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  } finally {
    await app.context.close();
    await new Promise((done) => server.close(done));
  }
});
