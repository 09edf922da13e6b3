// The main flow on the built app, in one browser context: first start, a
// check with evidence, history across reloads, export, offline use, and no
// request ever leaving 127.0.0.1.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { appRequestsFor, foreignRequests, goTo, openApp, runCheck, waitReady, type App } from './helpers.ts';

// Claims picked from MedQuAD itself: the first is a sentence of its Glaucoma
// answers (MedlinePlus, NIHSeniorHealth), the second negates what the same
// answer says ("It is a leading cause of blindness in the United States").
const SUPPORTED = "Glaucoma is a group of diseases that can damage the eye's optic nerve.";
const CONTRADICTED = 'Glaucoma cannot cause blindness.';
const ANSWER = `${SUPPORTED} ${CONTRADICTED}`;
const PACK = '/evidence/medquad.pack.json.gz';

test.describe.configure({ mode: 'serial' });

let app: App;

test.beforeAll(async ({ browser }) => {
  app = await openApp(browser);
});

test.afterAll(async () => {
  await app.context.close();
});

test('first start loads the MedQuAD pack with visible progress', async () => {
  const { page } = app;
  await page.goto('/');
  const bar = page.getByTestId('loading-bar');
  await expect(bar).toBeVisible();
  await expect(bar).toContainText(/Loading evidence pack… \d+%/);
  await expect(bar.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  await waitReady(page);
  await expect(bar).toBeHidden();
  // The worker's download is among the recorded requests (so the network check below sees workers).
  expect(appRequestsFor(app, PACK)).toBe(1);

  await goTo(page, 'Corpora');
  const medquad = page.locator('[data-corpus="medquad"]');
  await expect(medquad).toBeVisible();
  await expect(medquad.getByTestId('corpus-license')).toContainText('CC BY 4.0');
  await expect(medquad.getByTestId('corpus-license')).toContainText(/MedQuAD/);
  expect(Number((await medquad.getByTestId('corpus-chunks').textContent())!.replace(/,/g, ''))).toBeGreaterThan(10_000);
});

test('a supported and a contradicted claim get their verdicts and evidence', async () => {
  const { page } = app;
  await runCheck(page, ANSWER);
  const claims = page.getByTestId('claim');
  await expect(claims).toHaveCount(2);
  await expect(claims.nth(0)).toHaveText(new RegExp(`^${SUPPORTED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(claims.nth(1)).toHaveAttribute('data-verdict', 'contradicted');
  // Not colour alone: each claim says its verdict in text too.
  await expect(claims.nth(0)).toContainText('Supported');
  await expect(claims.nth(1)).toContainText('Contradicted');

  await expect(page.getByTestId('stat-claims')).toHaveText('2');
  await expect(page.getByTestId('stat-supported')).toHaveText('1');
  await expect(page.getByTestId('stat-contradicted')).toHaveText('1');
  // Half the claims are contradicted; the hallucination score is the verifier's (any figure, never "0%").
  await expect(page.getByTestId('share-contradicted')).toHaveText('50%');
  await expect(page.getByTestId('stat-score')).not.toHaveText(/^\s*0%/);

  await claims.nth(1).click();
  const panel = page.getByTestId('evidence-panel');
  await expect(panel.getByTestId('evidence-verdict')).toContainText(/contradicted/i);
  const best = panel.getByTestId('evidence').first();
  await expect(best.getByTestId('evidence-title')).toContainText(/glaucoma/i);
  await expect(best.getByTestId('evidence-sentence')).toContainText(/blindness/i);
  const link = best.getByTestId('evidence-link');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
  await expect(link).toHaveAttribute('href', /^https?:\/\//);

  await claims.nth(0).click();
  await expect(panel.getByTestId('evidence-verdict')).toContainText(/supported/i);
  await expect(panel.getByTestId('evidence').first().getByTestId('evidence-sentence')).toContainText(/optic nerve/i);

  await claims.nth(1).click();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test-results/check-view.png', fullPage: true });
});

test('the check survives a reload and reopens from history', async () => {
  const { page } = app;
  const packFetches = appRequestsFor(app, PACK);
  await page.reload();
  await waitReady(page);
  // The stored pack is used as it is: no second download.
  expect(appRequestsFor(app, PACK)).toBe(packFetches);

  await goTo(page, 'History');
  const item = page.getByTestId('history-item').first();
  await expect(item).toContainText('Glaucoma is a group of diseases');
  await expect(item).toContainText('1 supported');
  await expect(item).toContainText('1 contradicted');
  await item.getByTestId('history-open').click();

  await expect(page.getByTestId('answer-input')).toHaveValue(ANSWER);
  const claims = page.getByTestId('claim');
  await expect(claims).toHaveCount(2);
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(claims.nth(1)).toHaveAttribute('data-verdict', 'contradicted');
});

test('history exports the check as JSON and as CSV', async () => {
  const { page } = app;
  await goTo(page, 'History');
  const item = page.getByTestId('history-item').first();

  const [json] = await Promise.all([page.waitForEvent('download'), item.getByTestId('export-json').click()]);
  const doc = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(doc.format).toBe('claimlens-checks');
  expect(doc.checks).toHaveLength(1);
  expect(doc.checks[0].answer).toBe(ANSWER);
  expect(doc.checks[0].report.claims.map((c: { verdict: string }) => c.verdict)).toEqual(['supported', 'contradicted']);
  expect(doc.checks[0].report.corpora.medquad).toBeTruthy();

  const [csv] = await Promise.all([page.waitForEvent('download'), item.getByTestId('export-csv').click()]);
  const lines = readFileSync((await csv.path())!, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
  expect(lines[0]).toBe('check_id,time,claim,start,end,verdict,confidence,evidence_title,evidence_url,evidence_sentence,reason,lean,original,count');
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(`${doc.checks[0].id},`);
  expect(lines[1]).toContain(',supported,');
  expect(lines[2]).toContain(',contradicted,');
});

test('the app reloads and checks offline through its service worker', async () => {
  const { page, context } = app;
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The page must be controlled before going offline (clientsClaim).
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  try {
    await page.reload();
    await waitReady(page);
    await runCheck(page, 'Glaucoma can damage the optic nerve. Diabetes is caused by eating chocolate.');
    await expect(page.getByTestId('claim')).toHaveCount(2);
    await expect(page.getByTestId('check-error')).toHaveCount(0);
    await goTo(page, 'History');
    await expect(page.getByTestId('history-item')).toHaveCount(2);
  } finally {
    await context.setOffline(false);
  }
});

test('a reasoning block is shown collapsed and checked only when asked', async () => {
  const { page } = app;
  const answer = `<think>\nThe user asks about glaucoma. ${SUPPORTED}\n</think>\n\nGout is a common, painful form of arthritis.`;
  await runCheck(page, answer);
  const reasoning = page.getByTestId('reasoning');
  await expect(reasoning).toHaveCount(1);
  await expect(reasoning).not.toHaveAttribute('open');
  await expect(reasoning).toContainText('Reasoning (not checked)');
  await expect(page.getByTestId('claim')).toHaveCount(1);
  await expect(reasoning.getByTestId('claim')).toHaveCount(0);
  // The tags are not shown as text.
  await expect(page.getByTestId('highlighted-answer')).not.toContainText('<think>');

  await page.getByTestId('check-reasoning').check();
  await page.getByTestId('check-button').click();
  await expect(reasoning).toContainText('Reasoning (checked)');
  await reasoning.locator('summary').click();
  await expect(reasoning.getByTestId('claim').first()).toBeVisible();
  expect(await page.getByTestId('claim').count()).toBeGreaterThan(1);
});

test('no request left 127.0.0.1', async () => {
  expect(app.requests.length).toBeGreaterThan(10);
  // The service worker's own fetches (precaching) are recorded too.
  expect(app.requests.some((r) => r.fromServiceWorker)).toBe(true);
  expect(foreignRequests(app)).toEqual([]);
});
