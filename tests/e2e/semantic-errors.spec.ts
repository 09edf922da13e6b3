// Semantic search when things go wrong, on the e2e build (:4175): a model
// download from the hub (the stand-in hub at /hub/) that breaks half-way
// leaves whole files or none — the model is listed as incomplete, does not
// load, and a retry fetches only what is missing; a full disk while embedding
// stops with a clear message and keeps every vector already stored.
import { expect, test, type Page } from '@playwright/test';
import { foreignRequests, goTo, openApp, runCheck, setHooks, waitReady, type App } from './helpers.ts';
import { E2E_PORT } from '../../playwright.config.ts';

const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
const HUB = `${ORIGIN}/hub/`;
const EMBEDDER = 'fixtures/claimlens-fixture-minilm';
const NLI = 'fixtures/claimlens-fixture-nli';
const WEIGHTS = `${HUB}${EMBEDDER}/resolve/main/onnx/model.onnx`;

const NOTES = [
  'Low-dose aspirin lowers the risk of a second heart attack in adults with heart disease.',
  'Vitamin D deficiency causes rickets in children.',
  'Metformin is a first-line medicine for type 2 diabetes.',
].join('\n\n');

test.describe.configure({ mode: 'serial' });

let app: App;

test.beforeAll(async ({ browser }) => {
  app = await openApp(browser, ORIGIN);
  await app.page.goto('/');
  await waitReady(app.page);
  // Keep to a small corpus of our own.
  await goTo(app.page, 'Corpora');
  await app.page.locator('[data-corpus="medquad"]').getByTestId('delete-corpus').click();
  await app.page.getByTestId('confirm-delete').click();
  // The delete waits for the pack's background save (24–34 s on the shared 2-core machine at load 20).
  await expect(app.page.locator('[data-corpus="medquad"]')).toHaveCount(0, { timeout: 120_000 });
});

test.afterAll(async () => {
  await app.context.close();
});

async function importText(page: Page, name: string, text: string): Promise<string> {
  await goTo(page, 'Corpora');
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  await expect(page.getByTestId('import').filter({ hasText: name }).first()).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  return (await page.getByTestId('corpus').filter({ hasText: name }).getAttribute('data-corpus'))!;
}

const modelCard = (page: Page, role: 'embedder' | 'nli') => page.locator(`[data-testid="model-card"][data-role="${role}"]`);
const cached = (page: Page, id: string) => page.locator(`[data-testid="cached-model"][data-model="${id}"]`);
/** Downloads (not the size probes, which ask for one byte) of a hub URL. */
const downloads = (url: string) => app.requests.filter((r) => r.url === url && !r.fromServiceWorker).length;

let notes = '';

test('a download that breaks leaves no model that loads; a retry fetches only the missing file', async () => {
  const { page, context } = app;
  notes = await importText(page, 'notes.md', NOTES);
  await goTo(page, 'Settings');
  await page.getByTestId('embedder-select').selectOption(EMBEDDER);
  await page.getByTestId('nli-select').selectOption(NLI);
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('source-hub').check();
  await page.getByTestId('hub-url').fill(HUB);
  await page.getByTestId('hub-url').blur();
  await expect(page.getByTestId('offline-note')).toContainText(HUB);

  // The connection drops when the weights are downloaded (their one-byte size probe still works).
  await context.route(WEIGHTS, (route) => (route.request().headers()['range'] ? route.continue() : route.abort('connectionreset')));
  await page.getByTestId('enable-semantic').click();
  const error = page.getByTestId('models-error');
  await expect(error).toHaveAttribute('data-error', 'ModelDownloadError', { timeout: 60_000 });
  await expect(error).toContainText('The download failed');
  await expect(error).toContainText('onnx/model.onnx');
  await expect(error).toContainText('files already downloaded are kept');
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'failed');
  // Not a device problem: no fallback to another device was tried.
  await expect(modelCard(page, 'embedder').getByTestId('model-fallback')).toHaveCount(0);
  // The NLI model was still loaded; semantic search stays off.
  await expect(modelCard(page, 'nli')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('semantic-state')).toHaveAttribute('data-enabled', 'false');
  await expect(cached(page, EMBEDDER)).toHaveAttribute('data-complete', 'false');
  await expect(cached(page, EMBEDDER).getByTestId('cached-incomplete')).toContainText('weights missing');
  await expect(cached(page, NLI)).toHaveAttribute('data-complete', 'true');
  await expect(cached(page, NLI)).toContainText(`from ${HUB}`);
  const configUrl = `${HUB}${EMBEDDER}/resolve/main/config.json`;
  const tokenizerDownloads = downloads(`${HUB}${EMBEDDER}/resolve/main/tokenizer.json`);
  expect(tokenizerDownloads).toBeGreaterThan(0);

  // Back online: the retry downloads the weights; the files already cached come from the cache.
  await context.unroute(WEIGHTS);
  await page.getByTestId('enable-semantic').click();
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('semantic-state')).toHaveAttribute('data-enabled', 'true');
  await expect(cached(page, EMBEDDER)).toHaveAttribute('data-complete', 'true');
  expect(downloads(`${HUB}${EMBEDDER}/resolve/main/tokenizer.json`)).toBe(tokenizerDownloads);
  expect(app.requests.filter((r) => r.url === configUrl).length).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="embedding"]').first()).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
});

test('after a reload the models load from the browser’s cache without asking the hub', async () => {
  const { page } = app;
  const before = app.requests.filter((r) => r.url.startsWith(HUB)).length;
  await page.reload();
  await waitReady(page);
  await goTo(page, 'Settings');
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(modelCard(page, 'nli')).toHaveAttribute('data-state', 'ready');
  await runCheck(page, 'Aspirin lowers the risk of a second heart attack.');
  await expect(page.getByTestId('check-method')).toHaveAttribute('data-retrieval', 'hybrid');
  expect(app.requests.filter((r) => r.url.startsWith(HUB)).length).toBe(before);
});

test('a deleted model is no longer loaded by itself: the user is asked to download it again', async () => {
  const { page } = app;
  await goTo(page, 'Settings');
  await cached(page, EMBEDDER).getByTestId('cached-delete').click();
  await expect(cached(page, EMBEDDER)).toHaveCount(0);
  const before = app.requests.filter((r) => r.url.startsWith(HUB)).length;
  await page.reload();
  await waitReady(page);
  await goTo(page, 'Settings');
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(modelCard(page, 'embedder').getByTestId('model-error')).toContainText('no longer in this browser’s storage');
  // Nothing was downloaded behind the user's back.
  expect(app.requests.filter((r) => r.url.startsWith(HUB)).length).toBe(before);
  // A check still works, by keywords, and says why.
  await runCheck(page, 'Aspirin lowers the risk of a second heart attack.');
  await expect(page.getByTestId('check-method')).toHaveAttribute('data-retrieval', 'bm25');
  await expect(page.getByTestId('method-note')).toContainText('could not be loaded');
  await goTo(page, 'Settings');
  await page.getByTestId('enable-semantic').click();
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
});

test('a full disk while embedding stops with a clear message; stored vectors stay, and it resumes once there is room', async () => {
  const { page } = app;
  await setHooks(page, { failWritesTo: ['vectorBlocks'] });
  const more = await importText(page, 'more.md', NOTES.replace(/aspirin/gi, 'Statins'));
  await goTo(page, 'Settings');
  const row = page.locator(`[data-testid="embedding"][data-corpus="${more}"]`);
  await expect(row).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(row.getByTestId('embedding-error')).toHaveAttribute('data-error', 'StorageQuotaError');
  await expect(row.getByTestId('embedding-error')).toContainText('no room left');
  await expect(page.locator(`[data-testid="embedding"][data-corpus="${notes}"]`)).toHaveAttribute('data-state', 'done');
  await runCheck(page, 'Aspirin lowers the risk of a second heart attack.');
  await expect(page.getByTestId('check-method')).toHaveAttribute('data-retrieval', 'hybrid');
  await expect(page.getByTestId('method-note')).toContainText('more.md');

  await setHooks(page, null);
  await goTo(page, 'Settings');
  await row.getByTestId('embedding-resume').click();
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
});

test('no request left 127.0.0.1', async () => {
  expect(foreignRequests(app)).toEqual([]);
});
