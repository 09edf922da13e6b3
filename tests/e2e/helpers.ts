import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { PORT } from '../../playwright.config.ts';
import type { TestHooks } from '../../src/testing/test-hooks.ts';

/** The production build under test; E2E_ORIGIN runs a spec against another server of it (one started by hand, on another port). */
export const ORIGIN = process.env.E2E_ORIGIN ?? `http://127.0.0.1:${PORT}`;

export interface App {
  /** The server this app is served from (the production build on 4173 unless given). */
  origin: string;
  context: BrowserContext;
  page: Page;
  /** Every request any page, worker or the service worker of this context made. */
  requests: { url: string; fromServiceWorker: boolean }[];
}

/**
 * A fresh browser context (empty IndexedDB, no service worker yet) whose
 * requests are all recorded. Test hooks are read from sessionStorage on each
 * load, so a test can set them and reload (see setHooks).
 */
export async function openApp(browser: Browser, origin = ORIGIN): Promise<App> {
  const context = await browser.newContext({ baseURL: origin, serviceWorkers: 'allow', acceptDownloads: true });
  const requests: App['requests'] = [];
  context.on('request', (r) => requests.push({ url: r.url(), fromServiceWorker: r.serviceWorker() !== null }));
  await context.addInitScript(() => {
    const raw = sessionStorage.getItem('claimlens-test-hooks');
    if (raw) (window as unknown as { __CLAIMLENS_TEST_HOOKS__: unknown }).__CLAIMLENS_TEST_HOOKS__ = JSON.parse(raw);
  });
  const page = await context.newPage();
  return { origin, context, page, requests };
}

/**
 * Sets (or clears, with null) the hooks the checker gets on its next start, and
 * reloads. Only the e2e build (E2E_PORT) reads them: its checker and model
 * workers are test twins that take them (src/testing/test-hooks.ts).
 */
export async function setHooks(page: Page, hooks: TestHooks | null): Promise<void> {
  await page.evaluate((h) => {
    if (h) sessionStorage.setItem('claimlens-test-hooks', JSON.stringify(h));
    else sessionStorage.removeItem('claimlens-test-hooks');
  }, hooks);
  await page.reload();
  await waitReady(page);
}

/** Waits until the checker has started and says how much evidence it holds. */
export async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('evidence-status')).toHaveText(/\d+ corp(us|ora) · [\d,]+ passages/, {
    timeout: 200_000,
  });
}

export async function goTo(page: Page, view: 'Check' | 'Ask' | 'Batch' | 'Corpora' | 'History' | 'Settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: view }).click();
}

/** Pastes an answer and runs a check; returns once it has finished (result or error). */
export async function runCheck(page: Page, answer: string): Promise<void> {
  await goTo(page, 'Check');
  await page.getByTestId('answer-input').fill(answer);
  await page.getByTestId('check-button').click();
  await expect(page.getByTestId('check-button')).toHaveText('Check', { timeout: 60_000 });
}

/** Requests that left the app's own origin (data: and blob: URLs stay in the browser). */
export function foreignRequests(app: App): string[] {
  return app.requests
    .map((r) => r.url)
    .filter((u) => !u.startsWith(`${app.origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Requests the app itself (not the service worker's precaching) made for a URL path. */
export function appRequestsFor(app: App, path: string): number {
  return app.requests.filter((r) => !r.fromServiceWorker && new URL(r.url).pathname === path).length;
}

/**
 * One app for a whole spec file, opened on its start page with the evidence
 * loaded before the first test and closed after the last; call at the top
 * level of the spec, read it inside tests.
 */
export function useReadyApp(origin = ORIGIN): () => App {
  let app: App;
  test.beforeAll(async ({ browser }) => {
    app = await openApp(browser, origin);
    await app.page.goto('/');
    await waitReady(app.page);
  });
  test.afterAll(async () => {
    await app.context.close();
  });
  return () => app;
}
