// The production build (:4173) as shipped: ONNX Runtime is precached by the
// service worker (the app works offline), model weights are not, the test
// models are not in it at all, and Settings offers only the real models.
import { expect, test } from '@playwright/test';
import { goTo, openApp, ORIGIN } from './helpers.ts';

test('the service worker precaches ONNX Runtime (wasm and mjs) and no model file', async ({ request }) => {
  const sw = await (await request.get(`${ORIGIN}/sw.js`)).text();
  const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]);
  expect(urls.some((u) => /^assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm$/.test(u))).toBe(true);
  expect(urls.some((u) => /^assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.mjs$/.test(u))).toBe(true);
  expect(urls.some((u) => /^assets\/models\.worker-[\w-]+\.js$/.test(u))).toBe(true);
  expect(urls.filter((u) => u.startsWith('models/') || u.endsWith('.onnx'))).toEqual([]);
});

test('the test models are not in the production build', async ({ request }) => {
  for (const file of ['config.json', 'onnx/model.onnx']) {
    const res = await request.get(`${ORIGIN}/models/fixtures/claimlens-fixture-minilm/${file}`);
    // The preview server answers a missing file with the app page, never with the file.
    expect(res.headers()['content-type'] ?? '').not.toMatch(/json|octet-stream/);
    expect((await res.body()).length).toBeLessThan(5000);
  }
});

test('Settings offers only the real models in the production build', async ({ browser }) => {
  const app = await openApp(browser);
  try {
    await app.page.goto('/');
    await goTo(app.page, 'Settings');
    // Settings answers before the first-start pack download has finished.
    await expect(app.page.getByTestId('embedder-select').locator('option')).toHaveCount(2);
    await expect(app.page.getByTestId('loading-bar')).toBeVisible();
    const options = await app.page
      .getByTestId('embedder-select')
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(options).toEqual(['Xenova/all-MiniLM-L6-v2', 'Xenova/multilingual-e5-small']);
    expect(
      await app.page
        .getByTestId('nli-select')
        .locator('option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    ).toEqual(['Xenova/nli-deberta-v3-xsmall', 'onnx-community/deberta-small-long-nli']);
  } finally {
    await app.context.close();
  }
});
