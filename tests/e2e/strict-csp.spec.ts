// Privacy demos enforced by the browser (issue 11): the strict build
// (CLAIMLENS_STRICT=1, served on 4175 by playwright.config.ts) has a
// Content-Security-Policy whose connect-src is the app's own origin only. The
// app works under it (evidence, a check, the service worker, offline), and a
// request to another origin is refused by the browser, not merely not made.
import { expect, test, type Page } from '@playwright/test';
import { PORT, STRICT_PORT } from '../../playwright.config.ts';
import { foreignRequests, openApp, ORIGIN, runCheck, waitReady, type App } from './helpers.ts';

export const STRICT_ORIGIN = `http://127.0.0.1:${STRICT_PORT}`;
const STRICT_CONNECT = "connect-src 'self' data: blob:;";

test.describe.configure({ mode: 'serial' });

let app: App;

test.beforeAll(async ({ browser }) => {
  app = await openApp(browser, STRICT_ORIGIN);
});

test.afterAll(async () => {
  await app.context.close();
});

/** fetch() from the page: what it threw and the violation the browser reported. */
async function tryFetch(page: Page, url: string) {
  return page.evaluate(async (target) => {
    const violation = new Promise<{ blockedURI: string; directive: string; disposition: string } | null>((resolve) => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => resolve({ blockedURI: e.blockedURI, directive: e.effectiveDirective, disposition: e.disposition }),
        { once: true },
      );
      setTimeout(() => resolve(null), 5_000);
    });
    let error: string | null = null;
    try {
      await fetch(target, { mode: 'no-cors' });
    } catch (e) {
      error = `${(e as Error).name}: ${(e as Error).message}`;
    }
    return { error, violation: await violation };
  }, url);
}

test('the strict build works: evidence loads, a check runs', async () => {
  const { page } = app;
  const response = await page.goto('/');
  expect(response!.headers()['content-security-policy']).toContain(STRICT_CONNECT);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', new RegExp(STRICT_CONNECT));
  await waitReady(page);
  await runCheck(page, "Glaucoma is a group of diseases that can damage the eye's optic nerve. Glaucoma cannot cause blindness.");
  await expect(page.getByTestId('claim')).toHaveCount(2);
  await expect(page.getByTestId('claim').nth(1)).toHaveAttribute('data-verdict', 'contradicted');
});

test('a request to another origin is refused by the browser (Content-Security-Policy), not sent', async () => {
  const { page } = app;
  const before = app.requests.length;
  const result = await tryFetch(page, 'https://example.com/');
  expect(result.error).toMatch(/^TypeError/);
  expect(result.violation).toEqual({ blockedURI: 'https://example.com/', directive: 'connect-src', disposition: 'enforce' });
  // A model server on this machine is another origin too.
  const local = await tryFetch(page, `http://127.0.0.1:${PORT}/evidence/manifest.json`);
  expect(local.violation?.directive).toBe('connect-src');
  // Neither request went out (the app's own files, e.g. the service worker's
  // precache still running, may be fetched meanwhile).
  const sent = app.requests.slice(before).map((r) => r.url);
  expect(sent.filter((u) => !u.startsWith(`${STRICT_ORIGIN}/`))).toEqual([]);
  expect(foreignRequests(app)).toEqual([]);
});

test('the workers and the service worker get the same policy, also when the page comes from the service worker', async () => {
  const { page } = app;
  // The preview server sends the policy with every file, workers included
  // (a worker follows its own script's headers, not the page's <meta>).
  const scripts = app.requests.map((r) => r.url).filter((u) => /worker[^/]*\.js$|\/sw\.js$/.test(u));
  expect(scripts.length).toBeGreaterThan(1);
  for (const url of new Set(scripts)) {
    const res = await app.context.request.get(url);
    expect(res.headers()['content-security-policy'], url).toContain(STRICT_CONNECT);
  }
  // Reloaded under the service worker (its cache keeps the headers), the policy holds.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => true)), { timeout: 60_000 }).toBe(true);
  await page.reload();
  await waitReady(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const result = await tryFetch(page, 'https://example.com/');
  expect(result.violation?.directive).toBe('connect-src');
  expect(foreignRequests(app)).toEqual([]);
});

test('the normal build names the model hosts and a model server on this machine, and nothing else', async ({ request }) => {
  const res = await request.get(`${ORIGIN}/`);
  const policy = res.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' blob:;");
  const connect = /connect-src ([^;]+)/.exec(policy)![1].split(' ');
  expect(connect).toEqual(
    expect.arrayContaining(["'self'", 'https://huggingface.co', 'https://*.hf.co', 'https://raw.githubusercontent.com', 'http://127.0.0.1:*']),
  );
  expect(connect.filter((s) => s === 'https:' || s === '*' || s === 'http:')).toEqual([]);
  expect(await res.text()).toContain('http-equiv="Content-Security-Policy"');
});
