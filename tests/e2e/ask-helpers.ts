// Helpers for the Ask view specs. They run against the e2e build of the app
// (vite build --mode e2e, served on 4174 by playwright.config.ts), which adds
// the test-only "Fake (test)" engine: web-llm's engine swapped for a scripted
// fake behind the same worker path.
import { E2E_PORT } from '../../playwright.config.ts';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { FakeScript } from '../../src/testing/fake-engine.ts';

export const ASK_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

export interface AskApp {
  context: BrowserContext;
  page: Page;
  /** Every request any page, worker or service worker of this context made. */
  requests: string[];
}

export async function openAskApp(browser: Browser): Promise<AskApp> {
  const context = await browser.newContext({ baseURL: ASK_ORIGIN, serviceWorkers: 'allow', acceptDownloads: true });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  return { context, page, requests };
}

/** Picks the fake engine with a script and loads a catalog model through it. */
export async function loadFakeModel(page: Page, model: string, script: FakeScript): Promise<void> {
  await openModelSetup(page);
  await page.getByTestId('engine-kind-fake').check();
  await page.getByTestId('test-script').fill(JSON.stringify(script));
  await page.locator(`[data-testid="model-row"][data-model="${model}"]`).click();
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('engine-loaded')).toContainText(/Ready/, { timeout: 30_000 });
  // A model that is ready folds the setup away: the thread has the room.
  await expect(page.getByTestId('model-setup')).toBeHidden();
}

/** Opens the model setup drawer (from the model bar) unless it is open already. */
export async function openModelSetup(page: Page): Promise<void> {
  const setup = page.getByTestId('model-setup');
  await expect(page.getByTestId('model-bar')).toBeVisible({ timeout: 60_000 });
  if (!(await setup.isVisible())) await page.getByTestId('change-model').click();
  await expect(setup).toBeVisible();
}

/** Folds the model setup drawer away (it opens by itself while no model is loaded). */
export async function closeModelSetup(page: Page): Promise<void> {
  const setup = page.getByTestId('model-setup');
  await expect(page.getByTestId('model-bar')).toBeVisible({ timeout: 60_000 });
  if (await setup.isVisible()) await page.getByTestId('model-setup-close').click();
  await expect(setup).toBeHidden();
}

/** Asks a question; returns the answer card it produced. */
export async function ask(page: Page, question: string) {
  const before = await page.getByTestId('answer').count();
  await page.getByTestId('question-input').fill(question);
  await page.getByTestId('send-button').click();
  const answer = page.getByTestId('answer').nth(before);
  await expect(answer).toBeVisible();
  return answer;
}

/** Waits until the answer is written and its check has finished. */
export async function waitChecked(page: Page): Promise<void> {
  await expect(page.getByTestId('stop-button')).toHaveCount(0, { timeout: 90_000 });
  await expect(page.getByTestId('send-button')).toBeVisible();
}
