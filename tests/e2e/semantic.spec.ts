// Semantic search end to end, on the e2e build (dist-e2e on :4175: the app
// plus the project's test models served as the app's own model mirror, and a
// stand-in model hub at /hub/). Settings → Models turns it on (download with
// progress), corpora are embedded in the background (pause, resume, reload
// half-way), checks use hybrid retrieval + NLI and say so, on WASM and on the
// SwiftShader WebGPU adapter, a WebGPU failure falls back to WASM and says
// so, it all works offline, and no request leaves 127.0.0.1.
import { expect, test, type Page } from '@playwright/test';
import { foreignRequests, goTo, openApp, runCheck, setHooks, waitReady, type App } from './helpers.ts';
import { E2E_PORT } from '../../playwright.config.ts';

const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
const EMBEDDER = 'fixtures/claimlens-fixture-minilm';
const NLI = 'fixtures/claimlens-fixture-nli';

const NOTES = [
  '# Heart',
  'Low-dose aspirin lowers the risk of a second heart attack in adults with heart disease. It thins the blood.',
  'Statins lower LDL cholesterol and reduce the risk of stroke. Muscle pain is a common side effect.',
  '# Bones',
  'Vitamin D deficiency causes rickets in children. Rickets softens and weakens the bones.',
  '# Eyes',
  "Glaucoma is a group of diseases that damage the eye's optic nerve. It can lead to blindness without treatment.",
  '# Diabetes',
  'Metformin is a first-line medicine for type 2 diabetes. It is usually taken with meals to reduce stomach upset.',
  '# Infections',
  'Antibiotics do not work against viruses such as the common cold or influenza.',
].join('\n\n');

const CLAIM = 'Aspirin lowers the risk of a second heart attack.';

/** A longer corpus, so its embedding can be paused and interrupted half-way. */
const LONG = Array.from(
  { length: 60 },
  (_, i) => `# Topic ${i}\n\nPatients in group ${i} were followed for ${i + 2} years. Their blood pressure was measured every ${i + 1} weeks.`,
).join('\n\n');

test.describe.configure({ mode: 'serial' });

let app: App;

test.beforeAll(async ({ browser }) => {
  app = await openApp(browser, ORIGIN);
});

test.afterAll(async () => {
  await app.context.close();
});

async function importText(page: Page, name: string, text: string): Promise<void> {
  await goTo(page, 'Corpora');
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  await expect(page.getByTestId('import').filter({ hasText: name }).first()).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

async function corpusId(page: Page, name: string): Promise<string> {
  await goTo(page, 'Corpora');
  const card = page.getByTestId('corpus').filter({ hasText: name });
  return (await card.getAttribute('data-corpus'))!;
}

const embedding = (page: Page, corpus: string) => page.locator(`[data-testid="embedding"][data-corpus="${corpus}"]`);
const modelCard = (page: Page, role: 'embedder' | 'nli') => page.locator(`[data-testid="model-card"][data-role="${role}"]`);

async function counts(page: Page, corpus: string): Promise<{ done: number; saved: number; total: number; resumed: number }> {
  const el = embedding(page, corpus).getByTestId('embedding-count');
  const [done, saved, total, resumed] = await Promise.all(['data-done', 'data-saved', 'data-total', 'data-resumed'].map((a) => el.getAttribute(a)));
  return { done: Number(done), saved: Number(saved), total: Number(total), resumed: Number(resumed) };
}

/** Vector sets stored in the app's IndexedDB, per corpus. */
async function storedVectorSets(page: Page): Promise<{ corpus: string; count: number }[]> {
  return page.evaluate(
    () =>
      new Promise<{ corpus: string; count: number }[]>((resolve, reject) => {
        const open = indexedDB.open('claimlens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('vectorSets').objectStore('vectorSets').getAll();
          req.onsuccess = () => {
            resolve((req.result as { corpus: string; count: number }[]).map((s) => ({ corpus: s.corpus, count: s.count })));
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

let notes = '';

test('Settings → Models offers the models, and nothing is downloaded before the user asks', async () => {
  const { page } = app;
  await page.goto('/');
  await waitReady(page);
  // A small corpus of our own instead of the 60k-passage pack keeps the embedding short.
  await goTo(page, 'Corpora');
  await page.locator('[data-corpus="medquad"]').getByTestId('delete-corpus').click();
  await page.getByTestId('confirm-delete').click();
  // The delete waits for the pack's background save (24–34 s on the shared 2-core machine at load 20).
  await expect(page.locator('[data-corpus="medquad"]')).toHaveCount(0, { timeout: 120_000 });
  await importText(page, 'notes.md', NOTES);
  notes = await corpusId(page, 'notes.md');

  await goTo(page, 'Settings');
  await expect(page.getByTestId('semantic-state')).toHaveAttribute('data-enabled', 'false');
  const embedders = await page.getByTestId('embedder-select').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(embedders).toEqual(['Xenova/all-MiniLM-L6-v2', 'Xenova/multilingual-e5-small', EMBEDDER]);
  await expect(page.getByTestId('embedder-select')).toHaveValue('Xenova/all-MiniLM-L6-v2');
  await expect(page.getByTestId('nli-select')).toHaveValue('Xenova/nli-deberta-v3-xsmall');
  await expect(page.getByTestId('source-mirror')).toBeChecked();
  await expect(page.getByTestId('offline-note')).toContainText('only when you press the button');
  await expect(page.getByTestId('no-cached-models')).toBeVisible();
  await expect(embedding(page, notes)).toHaveAttribute('data-state', 'none');
  // Nothing is downloaded before the button: the folder is only asked whether it has each model (its config.json).
  expect(app.requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/models/') && !p.endsWith('/config.json'))).toEqual([]);
});

test('turning it on downloads both models with progress and runs them on WASM', async () => {
  const { page } = app;
  await page.getByTestId('embedder-select').selectOption(EMBEDDER);
  await page.getByTestId('nli-select').selectOption(NLI);
  await page.getByTestId('device-select').selectOption('wasm');
  // Hold the encoder's weights back a moment, so the download is seen in
  // progress. transformers.js asks for each file's size first (a request whose
  // body it drops); the second request is the download.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let weightRequests = 0;
  await app.context.route(`**/models/${EMBEDDER}/onnx/model.onnx`, async (route) => {
    if (++weightRequests > 1) await held;
    await route.continue();
  });
  await page.getByTestId('enable-semantic').click();
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'loading');
  const card = modelCard(page, 'embedder');
  await expect(card.getByTestId('model-progress')).toContainText(/Downloading [\d.]+ KB.*: 3 of 4 files done/);
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    await expect(card.locator(`[data-testid="model-file"][data-file="${f}"]`)).toHaveAttribute('data-done', 'true');
  }
  await expect(card.locator('[data-testid="model-file"][data-file="onnx/model.onnx"]')).toHaveAttribute('data-done', 'false');
  await expect(card.locator('[data-testid="model-file"][data-file="tokenizer.json"]')).toContainText('695.0 KB / 695.0 KB');
  release();
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await app.context.unroute(`**/models/${EMBEDDER}/onnx/model.onnx`);
  await expect(modelCard(page, 'nli')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('semantic-state')).toHaveAttribute('data-enabled', 'true');
  for (const role of ['embedder', 'nli'] as const) {
    const placement = modelCard(page, role).getByTestId('model-placement');
    await expect(placement).toHaveAttribute('data-device', 'wasm');
    await expect(placement).toHaveAttribute('data-dtype', 'fp32');
    await expect(placement).toContainText('WASM (CPU), fp32');
  }
  const files = modelCard(page, 'embedder').getByTestId('model-files');
  await expect(files).toHaveAttribute('data-count', '4');
  expect(Number(await files.getAttribute('data-bytes'))).toBeGreaterThan(4_000_000);
  // Fetched from the app's own model folder.
  expect(app.requests.some((r) => r.url === `${ORIGIN}/models/${EMBEDDER}/onnx/model.onnx`)).toBe(true);
  // Cached by the browser: listed with size, complete.
  const cached = page.locator(`[data-testid="cached-model"][data-model="${EMBEDDER}"]`);
  await expect(cached).toHaveAttribute('data-complete', 'true');
  await expect(cached.getByTestId('cached-size')).toContainText('MB in 4 files');
});

test('the corpus is embedded in the background, then a check uses hybrid retrieval and the NLI model and says so', async () => {
  const { page } = app;
  await expect(embedding(page, notes)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const c = await counts(page, notes);
  expect(c.done).toBe(c.total);
  expect(c.total).toBeGreaterThan(3);
  expect(await storedVectorSets(page)).toEqual([{ corpus: notes, count: c.total }]);
  await goTo(page, 'Corpora');
  await expect(page.locator(`[data-corpus="${notes}"]`).getByTestId('corpus-embedding')).toHaveAttribute('data-state', 'done');

  await runCheck(page, CLAIM);
  const method = page.getByTestId('check-method');
  await expect(method).toHaveAttribute('data-retrieval', 'hybrid');
  await expect(method).toHaveAttribute('data-verifier', 'nli+features');
  await expect(page.getByTestId('method-retrieval')).toContainText('BM25 + dense');
  await expect(page.getByTestId('method-retrieval')).toContainText('WASM (CPU), fp32');
  await expect(page.getByTestId('method-verifier')).toContainText('NLI + lexical features');
  await expect(page.getByTestId('claim').first()).toHaveAttribute('data-verdict', 'supported');
  const panel = page.getByTestId('evidence-panel');
  const nli = panel.locator('[data-testid="verifier-part"][data-name="nli"]');
  await expect(nli).toHaveAttribute('data-verdict', 'supported');
  await expect(nli.getByTestId('verifier-probabilities')).toContainText(/entailment \d+% · contradiction \d+% · neither \d+%/);
  await expect(panel.locator('[data-testid="verifier-part"][data-name="features-lr"]')).toBeVisible();
  await expect(panel.getByTestId('evidence-sentence').first()).toContainText(/aspirin/i);
});

let long = '';

test('embedding can be paused and resumed, and after a reload half-way it resumes from the saved vectors', async () => {
  const { page } = app;
  // Slow batches so the job can be caught half-way.
  await setHooks(page, { embedBatchSize: 2, embedBatchDelayMs: 250, embedSaveEveryMs: 0 });
  await importText(page, 'followup.md', LONG);
  long = await corpusId(page, 'followup.md');
  await goTo(page, 'Settings');
  const row = embedding(page, long);
  await expect(row).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  await expect.poll(async () => (await counts(page, long)).saved, { timeout: 60_000 }).toBeGreaterThanOrEqual(6);

  await row.getByTestId('embedding-pause').click();
  await expect(row).toHaveAttribute('data-state', 'paused');
  const paused = await counts(page, long);
  expect(paused.saved).toBeLessThan(paused.total);
  await page.waitForTimeout(1000);
  expect((await counts(page, long)).done).toBe(paused.done);

  await row.getByTestId('embedding-resume').click();
  await expect(row).toHaveAttribute('data-state', 'running');
  await expect.poll(async () => (await counts(page, long)).saved, { timeout: 60_000 }).toBeGreaterThanOrEqual(paused.saved + 6);
  const beforeReload = await counts(page, long);
  expect(beforeReload.done).toBeLessThan(beforeReload.total);

  await page.reload();
  await waitReady(page);
  await goTo(page, 'Settings');
  await expect(row).toHaveAttribute('data-state', /running|done/, { timeout: 60_000 });
  await expect.poll(async () => (await counts(page, long)).resumed, { timeout: 60_000 }).toBeGreaterThanOrEqual(beforeReload.saved);
  const resumed = await counts(page, long);
  expect(resumed.resumed).toBeLessThan(resumed.total);
  await setHooks(page, null);
  await goTo(page, 'Settings');
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const sets = await storedVectorSets(page);
  expect(sets.find((s) => s.corpus === long)?.count).toBe(resumed.total);
});

test('on WebGPU (SwiftShader) the models run on the GPU, the vectors are reused, and checks say where they ran', async () => {
  const { page } = app;
  await goTo(page, 'Settings');
  await expect(page.getByTestId('webgpu-available')).toContainText('This browser offers WebGPU');
  await page.getByTestId('device-select').selectOption('auto');
  await page.getByTestId('enable-semantic').click();
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(modelCard(page, 'nli')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  for (const role of ['embedder', 'nli'] as const) {
    await expect(modelCard(page, role).getByTestId('model-placement')).toHaveAttribute('data-device', 'webgpu');
    await expect(modelCard(page, role).getByTestId('model-fallback')).toHaveCount(0);
  }
  // Same model version: nothing is embedded again.
  await expect(embedding(page, notes)).toHaveAttribute('data-state', 'done');
  await runCheck(page, 'Metformin is a first-line medicine for type 2 diabetes.');
  await expect(page.getByTestId('check-method')).toHaveAttribute('data-retrieval', 'hybrid');
  await expect(page.getByTestId('method-retrieval')).toContainText('WebGPU (GPU), fp32');
  await expect(page.getByTestId('method-verifier')).toContainText('WebGPU (GPU), fp32');
  await expect(page.getByTestId('claim').first()).toHaveAttribute('data-verdict', 'supported');
});

test('when no WebGPU device can be created the models fall back to WASM, and Settings says so', async () => {
  const { page } = app;
  await setHooks(page, { webgpuFails: true });
  await goTo(page, 'Settings');
  await expect(modelCard(page, 'embedder')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const fallback = modelCard(page, 'embedder').getByTestId('model-fallback');
  await expect(fallback).toHaveAttribute('data-from', 'webgpu');
  await expect(fallback).toHaveAttribute('data-to', 'wasm');
  await expect(fallback).toContainText('WebGPU could not be used');
  await expect(fallback).toContainText('ONNX Runtime failed to create the session');
  await expect(modelCard(page, 'embedder').getByTestId('model-placement')).toHaveAttribute('data-device', 'wasm');
  await runCheck(page, CLAIM);
  await expect(page.getByTestId('check-method')).toHaveAttribute('data-retrieval', 'hybrid');
  await expect(page.getByTestId('method-retrieval')).toContainText('WASM (CPU)');
  await setHooks(page, null);
});

test('offline, a reload still checks with semantic search (app, ONNX Runtime and models from the browser’s caches)', async () => {
  const { page, context } = app;
  await context.setOffline(true);
  try {
    await page.reload();
    await waitReady(page);
    await runCheck(page, 'Vitamin D deficiency causes rickets in children.');
    await expect(page.getByTestId('check-method')).toHaveAttribute('data-retrieval', 'hybrid');
    await expect(page.getByTestId('check-method')).toHaveAttribute('data-verifier', 'nli+features');
    await expect(page.getByTestId('claim').first()).toHaveAttribute('data-verdict', 'supported');
  } finally {
    await context.setOffline(false);
  }
});

test('deleting a corpus deletes its vectors', async () => {
  const { page } = app;
  await goTo(page, 'Corpora');
  await page.locator(`[data-corpus="${long}"]`).getByTestId('delete-corpus').click();
  await page.getByTestId('confirm-delete').click();
  await expect(page.locator(`[data-corpus="${long}"]`)).toHaveCount(0);
  expect((await storedVectorSets(page)).map((s) => s.corpus)).toEqual([notes]);
  await goTo(page, 'Settings');
  await expect(embedding(page, long)).toHaveCount(0);
});

test('no request left 127.0.0.1', async () => {
  expect(foreignRequests(app)).toEqual([]);
});
