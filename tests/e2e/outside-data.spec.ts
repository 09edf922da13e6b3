// Data from outside checked where it enters (src/core/validate.ts), on the
// built app: a pack list of the wrong shape is named in the banner, field by
// field, and nothing is downloaded on its word; a stored setting of the wrong
// shape is reported and the default used, and the app goes on.
import { expect, test } from '@playwright/test';
import { appRequestsFor, goTo, openApp } from './helpers.ts';

test('a pack list of the wrong shape: the banner names the field, no pack is fetched', async ({ browser }) => {
  const app = await openApp(browser);
  try {
    const real = await (await app.page.request.get(`${app.origin}/evidence/manifest.json`)).json();
    const broken = structuredClone(real);
    broken.packs[0].bytes = 'about 6 MB';
    delete broken.packs[0].meta.version;
    await app.context.route('**/evidence/manifest.json', (route) => route.fulfill({ json: broken }));
    await app.page.goto('/');
    const banner = app.page.getByTestId('app-banner');
    await expect(banner).toContainText('Data in an unexpected form', { timeout: 120_000 });
    await expect(banner).toContainText('The evidence pack list (evidence/manifest.json) is not in the expected form');
    await expect(banner).toContainText('packs[0].bytes: expected number, got "about 6 MB"');
    await expect(banner).toContainText('packs[0].meta.version: missing');
    expect(appRequestsFor(app, `/evidence/${real.packs[0].file}`)).toBe(0);
  } finally {
    await app.context.close();
  }
});

test('a stored setting of the wrong shape: reported, the default used, the app goes on', async ({ browser }) => {
  const app = await openApp(browser);
  const { page } = app;
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  // No pack: this test is about settings, and the pack download would only slow it down.
  await app.context.route('**/evidence/manifest.json', (route) => route.fulfill({ json: { packs: [] } }));
  try {
    await page.goto('/');
    await goTo(page, 'Ask');
    await expect(page.getByTestId('engine-kind-remote')).toBeVisible();
    const store = (settings: { key: string; value: unknown }[]) =>
      page.evaluate(async (rows) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('claimlens');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('settings', 'readwrite');
          for (const row of rows) tx.objectStore('settings').put(row);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      }, settings);
    // A good setting is read back…
    await store([
      { key: 'ask.engineKind', value: 'remote' },
      { key: 'ask.remote', value: { baseUrl: 'http://10.1.2.3:9000', apiKey: '', model: 'm' } },
    ]);
    await page.reload();
    await goTo(page, 'Ask');
    await expect(page.getByTestId('remote-url')).toHaveValue('http://10.1.2.3:9000');
    expect(warnings.filter((w) => w.includes('stored setting'))).toEqual([]);
    // …one of the wrong shape is reported and the default used instead.
    await store([{ key: 'ask.remote', value: { baseUrl: 9000, model: ['m'] } }]);
    await page.reload();
    await goTo(page, 'Ask');
    await expect(page.getByTestId('remote-url')).toHaveValue('http://127.0.0.1:8000');
    await expect
      .poll(() => warnings.find((w) => w.includes('"ask.remote"')))
      .toBe('The stored setting "ask.remote" is not in the expected form (baseUrl: expected string, got 9000; model: expected string, got a list); the default is used instead.');
  } finally {
    await app.context.close();
  }
});
