// The Batch view (issue 10), in one browser context on the production build:
// import 200 answers of two models (built from the MedQuAD claim set), run
// them, reload half-way and see the run go on where it stopped; the
// dashboard's figures equal those of `claimlens check --input` on the same
// file; filter and review claims; compare the two models; export CSV, JSON
// and the HTML report, and open that report with no network: its SVG charts
// render.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { groupStats, type BatchResult, type GroupStats } from '../../src/core/batch/stats.ts';
import { VERDICTS } from '../../src/core/types.ts';
import { medquadClaims, toJsonl, twoModelAnswers } from '../support/batch-data.ts';
import { goTo, openApp, runCheck, setHooks, waitReady, type App } from './helpers.ts';

const DIR = 'test-results/batch';
const FILE = `${DIR}/answers-200.jsonl`;
const ROWS = twoModelAnswers(100);

test.describe.configure({ mode: 'serial' });

let app: App;
let page: Page;
/** The CLI's figures on the same file (by model). */
let cli: GroupStats[];

test.beforeAll(async ({ browser }) => {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(FILE, toJsonl(ROWS));
  // The CLI on the same file, with the same built-in corpus (MedQuAD) and verifier (offline features).
  execFileSync(process.execPath, ['bin/claimlens.mjs', 'check', '--input', FILE, '--out', `${DIR}/cli-results.json`], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  const results = (JSON.parse(readFileSync(`${DIR}/cli-results.json`, 'utf8')) as { results: BatchResult[] }).results;
  expect(results).toHaveLength(200);
  cli = groupStats(results, 'model');

  app = await openApp(browser);
  page = app.page;
  await page.goto('/');
  await waitReady(page);
  // Each answer waits a little in the checker, so that the run can be reloaded half-way.
  await setHooks(page, { batchAnswerDelayMs: 40 });
});

test.afterAll(async () => {
  await app.context.close();
});

const progress = () => page.getByTestId('run-detail').getByTestId('run-progress');
const doneCount = async () => Number(await progress().getAttribute('data-done'));

test('import 200 answers of two models, run, reload half-way: the run resumes where it stopped', async () => {
  await goTo(page, 'Batch');
  await expect(page).toHaveURL(/#\/batch$/);
  await page.getByTestId('batch-file-input').setInputFiles(FILE);
  await expect(page.getByTestId('batch-parsed-count')).toHaveText('200 answers');
  await expect(page.getByTestId('batch-parsed')).toContainText('careful, sloppy');
  await page.getByTestId('batch-name').fill('careful vs sloppy');
  await page.getByTestId('batch-start').click();

  await expect(page.getByTestId('run-title')).toHaveText('careful vs sloppy');
  await expect(page).toHaveURL(/#\/batch\/run\//);
  await expect(page.getByTestId('run-rate')).toContainText(/answers\/s · .* left/);
  await expect.poll(doneCount, { timeout: 120_000 }).toBeGreaterThanOrEqual(40);
  const before = await doneCount();
  expect(before).toBeLessThan(200);

  await page.reload();
  await waitReady(page);
  // The same run opens again (its id is in the address) and goes on: it never starts again from 0.
  await expect(page.getByTestId('run-title')).toHaveText('careful vs sloppy');
  const seen: number[] = [];
  await expect
    .poll(
      async () => {
        seen.push(await doneCount());
        return progress().getAttribute('data-state');
      },
      { timeout: 180_000 },
    )
    .toBe('done');
  const afterReload = seen.filter((n) => n > 0);
  expect(afterReload[0], `first count seen after the reload (${before} before it)`).toBeGreaterThan(0);
  expect(Math.min(...afterReload)).toBeGreaterThanOrEqual(Math.min(before, afterReload[0]));
  await expect(progress()).toHaveAttribute('data-done', '200');
});

test("the dashboard's figures equal the CLI's on the same file", async () => {
  await page.getByTestId('run-tab-dashboard').click();
  const rows = page.getByTestId('group-row');
  await expect(rows).toHaveCount(2);
  for (const g of cli) {
    const row = page.locator(`[data-testid="group-row"][data-group="${g.group}"]`);
    await expect(row).toHaveAttribute('data-answers', String(g.answers));
    await expect(row).toHaveAttribute('data-claims', String(g.claims));
    for (const v of VERDICTS) {
      const cell = row.getByTestId(`share-${v}`);
      expect(Number(await cell.getAttribute('data-share')), `${g.group} ${v}`).toBeCloseTo(g.shares[v].share, 9);
      expect(Number(await cell.getAttribute('data-low'))).toBeCloseTo(g.shares[v].low, 9);
      expect(Number(await cell.getAttribute('data-high'))).toBeCloseTo(g.shares[v].high, 9);
    }
    expect(Number(await row.getAttribute('data-mean-score'))).toBeCloseTo(g.meanScore ?? NaN, 9);
  }
  // The sloppy model says more that MedQuAD contradicts.
  const share = (m: string) => cli.find((g) => g.group === m)!.shares.contradicted.share;
  expect(share('sloppy')).toBeGreaterThan(share('careful'));
  // Three charts, drawn as SVG by Observable Plot.
  for (const chart of ['chart-shares', 'chart-scores', 'chart-confidence']) await expect(page.getByTestId(chart).locator('svg').first()).toBeVisible();
  await page.screenshot({ path: `${DIR}/dashboard-1280.png`, fullPage: true });

  // Grouped by a tag (an extra column of the file) instead: the CLI's figures by that tag.
  await page.getByTestId('dashboard-by').selectOption('topic');
  const byTopic = groupStats((JSON.parse(readFileSync(`${DIR}/cli-results.json`, 'utf8')) as { results: BatchResult[] }).results, 'topic');
  await expect(rows).toHaveCount(byTopic.length);
  for (const g of byTopic) await expect(page.locator(`[data-testid="group-row"][data-group="${g.group}"]`)).toHaveAttribute('data-claims', String(g.claims));
  await page.getByTestId('dashboard-by').selectOption('model');
});

test('filter the claims and review some: agreement shows', async () => {
  await page.getByTestId('run-tab-claims').click();
  const table = page.getByTestId('claim-table');
  const total = cli.reduce((n, g) => n + g.claims, 0);
  await expect(table.getByTestId('table-verdict').locator('option').first()).toHaveText(`All (${total.toLocaleString('en')})`);
  // Virtualised: only the rows in sight are in the page.
  await expect(table.getByTestId('table-row').first()).toBeVisible();
  expect(await table.getByTestId('table-row').count()).toBeLessThan(60);
  await table.getByTestId('table-group').uncheck();
  await table.getByTestId('table-verdict').selectOption('contradicted');
  await table.getByTestId('table-model').selectOption('sloppy');
  const rows = table.getByTestId('table-row');
  await expect(rows.first()).toBeVisible();
  const seen = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-verdict'), e.getAttribute('data-model')]));
  expect(seen.length).toBeGreaterThan(0);
  for (const [verdict, model] of seen) expect([verdict, model]).toEqual(['contradicted', 'sloppy']);
  await expect(table.getByTestId('table-count')).toContainText(`${cli.find((g) => g.group === 'sloppy')!.counts.contradicted} rows`);

  // The keyboard moves between rows.
  await rows.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();

  // Agree with the first; say the second is really supported.
  await rows.nth(0).click();
  await expect(page.getByTestId('evidence-panel').getByTestId('evidence-verdict')).toContainText(/contradicted/i);
  await page.getByTestId('review-agree').click();
  await expect(page.getByTestId('review-saved')).toHaveAttribute('data-label', 'contradicted');
  await rows.nth(1).click();
  await page.getByTestId('review-label-supported').check();
  await page.getByTestId('review-note').fill('the evidence says the same in other words');
  await page.getByTestId('review-save').click();
  await expect(page.getByTestId('review-saved')).toHaveAttribute('data-label', 'supported');
  await table.getByTestId('table-reviewed').selectOption('reviewed');
  await expect(rows).toHaveCount(2);

  // A text filter on the claims of the other model.
  await table.getByTestId('table-reviewed').selectOption('all');
  await table.getByTestId('table-verdict').selectOption('all');
  await table.getByTestId('table-model').selectOption('careful');
  await table.getByTestId('table-text').fill('pancreas');
  await expect(rows.first()).toBeVisible();
  for (const t of await rows.locator('.claim-row-text').allTextContents()) expect(t.toLowerCase()).toContain('pancreas');

  await page.getByTestId('run-tab-review').click();
  const agreement = page.getByTestId('agreement');
  await expect(agreement).toHaveAttribute('data-n', '2');
  await expect(agreement).toHaveAttribute('data-accuracy', '0.5');
  await expect(page.getByTestId('confusion')).toBeVisible();
});

test('compare the two models on the same questions', async () => {
  await page.getByTestId('run-tab-compare').click();
  const panel = page.getByTestId('compare-panel');
  await expect(panel.getByTestId('compare-row')).toHaveCount(2);
  await expect(panel.getByTestId('compare-matched')).toContainText('100');
  const diffs = panel.getByTestId('compare-diff');
  await expect(diffs.first()).toBeVisible();
  await page.screenshot({ path: `${DIR}/compare-1280.png`, fullPage: true });
});

test('the run fits a phone (360–430 px): no sideways scroll on any of its sections', async () => {
  for (const width of [360, 430]) {
    await page.setViewportSize({ width, height: 844 });
    for (const tab of ['dashboard', 'claims', 'review', 'compare', 'export']) {
      await page.getByTestId(`run-tab-${tab}`).click();
      if (tab === 'dashboard') await expect(page.getByTestId('chart-shares').locator('svg').first()).toBeVisible();
      const o = await page.evaluate(() => {
        const wide = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            // Inside a box that scrolls sideways on purpose (a table, the nav, the section tabs) is fine.
            return r.width > 0 && r.right > innerWidth + 0.5 && !el.closest('.table-wrap, .app-header nav, .tabs');
          })
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
        return { scrollWidth: document.documentElement.scrollWidth, width: innerWidth, wide: wide.slice(0, 5) };
      });
      expect(o.scrollWidth, `${tab} at ${width} px: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.width);
      expect(o.wide, `${tab} at ${width} px`).toEqual([]);
      if (width === 430 && tab !== 'export') await page.screenshot({ path: `${DIR}/phone-${tab}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('export CSV, JSON and the HTML report; the report opens with no network and shows its charts', async ({ browser }) => {
  await page.getByTestId('run-tab-export').click();
  const total = cli.reduce((n, g) => n + g.claims, 0);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  const table = Papa.parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(table.errors).toEqual([]);
  for (const col of ['run', 'model', 'question', 'answer_id', 'part', 'claim', 'start', 'end', 'verdict', 'confidence', 'p_supported', 'reason', 'evidence_title', 'evidence_url', 'evidence_sentence', 'corpus', 'method', 'review_label'])
    expect(table.meta.fields).toContain(col);
  expect(table.data).toHaveLength(total);
  expect(table.data.filter((r) => r.review_label).map((r) => r.review_label).sort()).toEqual(['contradicted', 'supported']);

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const doc = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { answers: { report?: { claims: unknown[] } }[] };
  expect(doc.answers).toHaveLength(200);
  expect(doc.answers.reduce((n, a) => n + (a.report?.claims.length ?? 0), 0)).toBe(total);

  const [reviews] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-reviews').click()]);
  const labelled = readFileSync((await reviews.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { claim: string; label: string });
  expect(labelled.map((r) => r.label).sort()).toEqual(['contradicted', 'supported']);

  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const file = `${DIR}/report.html`;
  await html.saveAs(file);
  // A fresh context with no network at all: the report needs none.
  const offline = await browser.newContext({ offline: true });
  const requests: string[] = [];
  offline.on('request', (r) => requests.push(r.url()));
  const report = await offline.newPage();
  await report.setContent(readFileSync(file, 'utf8'));
  await expect(report.locator('h1')).toContainText('careful vs sloppy');
  const svgs = report.locator('svg');
  expect(await svgs.count()).toBeGreaterThanOrEqual(3);
  await expect(svgs.first()).toBeVisible();
  expect(await svgs.first().locator('rect').count()).toBeGreaterThan(0);
  expect(requests).toEqual([]);
  await report.screenshot({ path: `${DIR}/report.png`, fullPage: false });
  await offline.close();
});

test('a file with bad rows lists them by line and keeps the rest; a run from a check in History', async () => {
  await setHooks(page, null);
  await goTo(page, 'Batch');
  const bad = ['{"id":"ok","answer":"Glaucoma can damage the optic nerve.","model":"m"}', '{"id": "broken", "answer": ', '{"id":"empty","model":"m"}'].join('\n');
  await page.getByTestId('batch-file-input').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('batch-parsed-count')).toHaveText('1 answer');
  await expect(page.getByTestId('batch-issue')).toHaveCount(2);
  expect(await page.getByTestId('batch-issue').evaluateAll((els) => els.map((e) => e.getAttribute('data-line')))).toEqual(['2', '3']);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByTestId('batch-parsed')).toBeHidden();

  await runCheck(page, "Glaucoma is a group of diseases that can damage the eye's optic nerve. Glaucoma cannot cause blindness.");
  await goTo(page, 'Batch');
  await page.getByText('New run from checks in History or Ask conversations').click();
  await page.getByTestId('history-choice').first().check();
  await page.getByTestId('batch-name').fill('from history');
  await page.getByTestId('history-start').click();
  await expect(page.getByTestId('run-title')).toHaveText('from history');
  await expect(progress()).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const row = page.getByTestId('group-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-answers', '1');
  await expect(row).toHaveAttribute('data-claims', '2');
  // Back to the list: both runs are there, newest first.
  await page.getByTestId('run-back').click();
  await expect(page.getByTestId('batch-run')).toHaveCount(2);
  await expect(page.getByTestId('batch-run-open').first()).toHaveText('from history');
});

test('a Check result of 100+ claims is shown in the same virtualised claim table, and a row opens its evidence', async () => {
  const sentences = medquadClaims().map((c) => c.claim);
  expect(sentences.length).toBeGreaterThanOrEqual(110);
  await runCheck(page, sentences.slice(0, 110).join(' '));
  const table = page.getByTestId('result').getByTestId('claim-table');
  await expect(table).toBeVisible({ timeout: 120_000 });
  const total = Number((await table.getByTestId('table-verdict').locator('option').first().textContent())?.match(/\d+/)?.[0]);
  expect(total).toBeGreaterThanOrEqual(100);
  const rows = table.getByTestId('table-row');
  expect(await rows.count()).toBeLessThan(total);
  await table.getByTestId('table-verdict').selectOption('contradicted');
  for (const v of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')))) expect(v).toBe('contradicted');
  await rows.first().click();
  await expect(page.getByTestId('evidence-panel').getByTestId('evidence-verdict')).toContainText(/contradicted/i);
});
