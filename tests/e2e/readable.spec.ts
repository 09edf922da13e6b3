// Issue 11 on the built app: evidence that reads well (document title and
// question apart, retired sites, long passages), the Check view's samples,
// the claim filter on a long result, a Chinese answer with no Chinese
// corpus, and Settings → Models without a model folder or a reachable hub.
// E2E_ORIGIN points it at another server of the production build.
import { expect, test, type Page } from '@playwright/test';
import { foreignRequests, ORIGIN, openApp, waitReady, type App } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const origin = process.env.E2E_ORIGIN ?? ORIGIN;
let app: App;
let page: Page;

test.beforeAll(async ({ browser }) => {
  app = await openApp(browser, origin);
  page = app.page;
  // The model hub is out of reach, as on a machine without internet.
  await app.context.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
  await page.goto('/#/check');
  await waitReady(page);
});

test.afterAll(async () => {
  await app.context.close();
});

test('a sample answer, checked: evidence headed by its document, the question in plain words, retired sites said', async () => {
  const samples = page.getByTestId('sample');
  await expect(samples).toHaveCount(3);
  await page.locator('[data-testid="sample"][data-sample="glaucoma"]').click();
  await expect(page.getByTestId('answer-input')).toHaveValue(/Glaucoma never causes blindness/);
  await page.getByTestId('check-button').click();
  await expect(page.getByTestId('result')).toBeVisible({ timeout: 120_000 });
  await page.locator('[data-testid="claim-row"][data-verdict="contradicted"]').first().click();
  const panel = page.getByTestId('evidence-panel');
  const titles = panel.getByTestId('evidence-title');
  await expect(titles.first()).toContainText(/glaucoma/i);
  for (const t of await titles.allTextContents()) expect(t).not.toMatch(/\(are\)|^What |^Who |^How /);
  const questions = await panel.getByTestId('evidence-question').allTextContents();
  expect(questions.length).toBeGreaterThan(0);
  for (const q of questions) expect(q).toMatch(/^[A-Z].*\?$/);
  for (const q of questions) expect(q).not.toMatch(/\(are\)/);
  // MedQuAD's NIHSeniorHealth pages: the site was retired in 2018.
  const senior = panel.getByTestId('evidence').filter({ hasText: 'nihseniorhealth.gov' });
  if ((await senior.count()) > 0) await expect(senior.first().getByTestId('evidence-retired')).toContainText('retired site (2018); the link may not work');
});

test('a long result: filter by verdict and confidence, sort, group identical claims', async () => {
  const parts = [
    "Glaucoma is a group of diseases that can damage the eye's optic nerve.",
    'Glaucoma never causes blindness.',
    'Asthma is a chronic disease that affects the airways of the lungs.',
    'Insulin is made by the liver.',
    'Being overweight raises the risk of type 2 diabetes.',
    'Metformin is a first-line medicine for type 2 diabetes.',
    'Cataracts are a clouding of the lens in the eye.',
    'Aspirin lowers the risk of a second heart attack.',
    'Shingles is caused by the varicella-zoster virus.',
  ];
  // The same claims said again with other hyphens: the pipeline keeps them apart, the list can group them.
  const again = ['Metformin is a first line medicine for type-2 diabetes.', 'Being overweight raises the risk of type-2 diabetes.', 'Shingles is caused by the varicella zoster virus.'];
  const answer = [...parts, ...again].join(' ');
  await page.getByTestId('answer-input').fill(answer);
  await page.getByTestId('check-button').click();
  await expect(page.getByTestId('check-button')).toHaveText('Check', { timeout: 120_000 });
  const bar = page.getByTestId('claim-filter');
  await expect(bar).toBeVisible();
  const rows = page.getByTestId('claim-row');
  const grouped = await rows.count();
  await page.getByTestId('claim-group').uncheck();
  const all = await rows.count();
  expect(all).toBeGreaterThan(grouped);
  await page.getByTestId('claim-group').check();
  await expect(page.locator('[data-testid="claim-row"][data-count="2"]')).toHaveCount(3);

  await page.getByTestId('claim-filter-verdict').selectOption('contradicted');
  const verdicts = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
  expect(verdicts.length).toBeGreaterThan(0);
  expect(new Set(verdicts)).toEqual(new Set(['contradicted']));
  await expect(page.getByTestId('claim-filter-count')).toContainText('hidden by the filter');
  await page.getByTestId('claim-filter-verdict').selectOption('all');

  await page.getByTestId('claim-sort').selectOption('confidence-desc');
  const conf = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-confidence'))));
  for (let i = 1; i < conf.length; i++) expect(conf[i - 1]).toBeGreaterThanOrEqual(conf[i]);
  await page.getByTestId('claim-filter-confidence').selectOption('0.9');
  const high = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-confidence'))));
  expect(high.every((c) => c >= 0.9)).toBe(true);
  await page.screenshot({ path: 'test-results/claim-filter.png', fullPage: true });
  // Selecting a row still opens its claim's evidence.
  await page.getByTestId('claim-filter-confidence').selectOption('0');
  await rows.nth(1).click();
  await expect(page.getByTestId('evidence-panel').getByTestId('evidence-verdict')).toBeVisible();
});

test('a Chinese answer with no Chinese corpus says so and points to importing one', async () => {
  await page.getByTestId('answer-input').fill('青光眼会损害视神经。青光眼不会导致失明。');
  await page.getByTestId('check-button').click();
  await expect(page.getByTestId('check-button')).toHaveText('Check', { timeout: 120_000 });
  await expect(page.getByTestId('language-notice')).toContainText('No installed corpus has text in Chinese');
  await expect(page.getByTestId('language-notice').getByRole('link')).toHaveAttribute('href', '#/corpora');
  await page.getByTestId('claim-row').first().click();
  await expect(page.getByTestId('evidence-language')).toContainText('Chinese');
  await expect(page.getByTestId('evidence-panel')).not.toContainText('No passage in the corpora matched');
  await expect(page.getByTestId('evidence-panel')).not.toContainText('No evidence passage matched');
  await expect(page.getByTestId('claim-row-reason').first()).toHaveText('No installed corpus has text in Chinese.');
  await page.screenshot({ path: 'test-results/chinese-no-corpus.png', fullPage: true });
});

test('Settings → Models without a model folder or a reachable hub: one plain message, no false offer', async () => {
  await page.goto('/#/settings');
  const button = page.getByTestId('enable-semantic');
  const panel = page.getByTestId('models-panel');
  const hubAsked = () => foreignRequests(app).filter((u) => u.startsWith('https://huggingface.co/')).length;
  const asked = hubAsked();
  // The app's model folder holds no models: that is said before any try, and no download is offered.
  await expect(page.getByTestId('source-mirror')).toBeChecked();
  await expect(page.getByTestId('models-unreachable')).toContainText('The models are not on this server');
  await expect(button).toHaveCount(0);
  await expect(page.getByTestId('recheck-models')).toBeVisible();
  // Only config.json was asked of the folder, and nothing of the hub.
  expect(app.requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/models/') && !p.endsWith('/config.json'))).toEqual([]);
  expect(hubAsked()).toBe(asked);
  // The hub is asked only when the button is pressed; unreachable, it says so once.
  await page.getByTestId('source-hub').check();
  await expect(page.getByTestId('models-unreachable')).toHaveCount(0);
  await expect(button).toHaveText('Download and turn on');
  expect(hubAsked()).toBe(asked);
  await button.click();
  await expect(button).not.toHaveText('Loading models…', { timeout: 120_000 });
  const errors = page.getByTestId('models-error');
  await expect(errors).toHaveCount(1);
  await expect(errors).toContainText('The model hub cannot be reached');
  await expect(panel).not.toContainText('local_files_only');
  await expect(panel).not.toContainText('allowRemoteModels');
  await expect(panel).not.toContainText('WebGPU could not be used');
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await expect(page.getByTestId('model-fallback')).toHaveCount(0);
  await expect(button).toHaveText('Try again');
  await expect(page.getByTestId('semantic-state')).toHaveAttribute('data-enabled', 'false');
  // Back to the folder: still the one plain message, no button.
  await page.getByTestId('source-mirror').check();
  await expect(page.locator('[data-testid="models-unreachable"], [data-testid="models-error"]')).toHaveCount(1);
  await expect(panel).toContainText('The models are not on this server');
  await expect(button).toHaveCount(0);
  await page.screenshot({ path: 'test-results/models-unreachable.png', fullPage: true });
  // A status chip stays on one line.
  const chip = page.getByTestId('model-state').first();
  const box = await chip.boundingBox();
  const lineHeight = await chip.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
  expect(box!.height).toBeLessThan(lineHeight * 1.8);
});

test('nothing left 127.0.0.1 (the hub was asked, and refused, only when the button was pressed)', async () => {
  expect(foreignRequests(app).filter((u) => !u.startsWith('https://huggingface.co/'))).toEqual([]);
});
