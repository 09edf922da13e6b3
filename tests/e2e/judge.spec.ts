// The model judge in the app, end to end on the e2e build in headless
// Chromium: the checker worker retrieves evidence and relays the judge's
// chats to the page's engine —
// - the test-only fake engine behind web-llm's real worker path (a think
//   block, then the JSON verdicts for the claims packed in one prompt);
// - a model server (a real node:http server on 127.0.0.1 speaking
//   OpenAI-style SSE, tests/support/judge-server.ts) with malformed output for
//   one claim: that claim is decided by the offline verifier and counted;
// - the Ask view's automatic check of an answer uses the judge too;
// - Settings → Calibration imports a calibration file.
import { expect, test, type Page } from '@playwright/test';
import type { FakeScript } from '../../src/testing/fake-engine.ts';
import { startJudgeServer, type JudgeTestServer } from '../support/judge-server.ts';
import { ask, loadFakeModel, openAskApp, waitChecked, type AskApp } from './ask-helpers.ts';
import { goTo, runCheck, waitReady } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const SUPPORTED = "Glaucoma is a group of diseases that can damage the eye's optic nerve.";
const CONTRADICTED = 'Glaucoma cannot cause blindness.';
const JUDGEMENTS = {
  judgements: [
    { claim: 1, verdict: 'supported', evidence: 1, reason: 'Evidence 1 says glaucoma damages the optic nerve.' },
    { claim: 2, verdict: 'contradicted', evidence: 1, reason: 'Evidence 1 says glaucoma can lead to blindness.' },
  ],
};
const JUDGE_SCRIPT: FakeScript = { reasoning: 'Compare each claim with its evidence.', text: JSON.stringify(JUDGEMENTS), loadSteps: 2, loadMs: 200 };

let app: AskApp;
let page: Page;
let server: JudgeTestServer | undefined;

test.beforeAll(async ({ browser }) => {
  app = await openAskApp(browser);
  page = app.page;
});

test.afterAll(async () => {
  await app.context.close();
  await server?.close();
});

test('the verifier select offers the model judge only once a model is loaded', async () => {
  await page.goto('/#/check');
  await waitReady(page);
  const select = page.getByTestId('verifier-select');
  await expect(select).toHaveValue('offline');
  await expect(select.locator('option[value="judge"]')).toBeDisabled();
  await expect(select.locator('option[value="judge"]')).toContainText('load a model or connect a server in Ask');
});

test('a model on this device judges the claims (think block, then JSON) through the checker worker', async () => {
  await goTo(page, 'Ask');
  await loadFakeModel(page, 'Qwen3-1.7B-q4f32_1-MLC', JUDGE_SCRIPT);
  await goTo(page, 'Check');
  const select = page.getByTestId('verifier-select');
  await expect(select.locator('option[value="judge"]')).toBeEnabled();
  await expect(select.locator('option[value="judge"]')).toContainText('model judge (Qwen3-1.7B-q4f32_1-MLC (test engine))');
  await select.selectOption('judge');
  await runCheck(page, `${SUPPORTED} ${CONTRADICTED}`);
  const claims = page.getByTestId('claim');
  await expect(claims).toHaveCount(2);
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(claims.nth(1)).toHaveAttribute('data-verdict', 'contradicted');
  await expect(page.getByTestId('check-method')).toHaveAttribute('data-verifier', 'llm');
  await expect(page.getByTestId('method-verifier')).toContainText('model judge Qwen3-1.7B-q4f32_1-MLC (test engine)');
  await expect(page.getByTestId('method-note')).toHaveCount(0); // no fallback
  // The judge's reason is shown like any verdict's reason.
  await claims.nth(0).click();
  await expect(page.getByTestId('evidence-reason')).toContainText(
    'Supported (model judge Qwen3-1.7B-q4f32_1-MLC, citing evidence [1]): Evidence 1 says glaucoma damages the optic nerve.',
  );
});

test('a model server judges; malformed output for one claim falls back to the offline verifier and is counted', async () => {
  server = await startJudgeServer(['Qwen/Qwen3-8B']);
  server.behave = (claim) => (claim.includes('cannot') ? 'malformed' : 'think');
  await goTo(page, 'Ask');
  const change = page.getByTestId('change-model');
  if ((await change.count()) > 0 && (await change.textContent())?.includes('Change')) await change.click();
  await page.getByTestId('engine-kind-remote').check();
  await page.getByTestId('remote-url').fill(`${server.url}/v1`);
  await page.getByTestId('remote-list').click();
  await expect(page.getByTestId('remote-model')).toHaveValue('Qwen/Qwen3-8B');
  await page.getByTestId('remote-connect').click();
  await expect(page.getByTestId('engine-loaded')).toContainText(`Qwen/Qwen3-8B on ${server.url}/v1`);
  await goTo(page, 'Check');
  await expect(page.getByTestId('verifier-select')).toHaveValue('judge'); // the choice stays
  await page.getByTestId('check-button').click();
  await expect(page.getByTestId('check-button')).toHaveText('Check', { timeout: 60_000 });
  await expect(page.getByTestId('claim').nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(page.getByTestId('method-verifier')).toContainText(`model judge Qwen/Qwen3-8B @ ${server.url}/v1`);
  await expect(page.getByTestId('method-note')).toContainText('The model judge failed on 1 claim; the offline verifier decided it');
  await page.getByTestId('claim').nth(1).click();
  await expect(page.getByTestId('evidence-reason')).toContainText('The model judge Qwen/Qwen3-8B failed on this claim (its JSON does not parse');
  expect(server.requests.length).toBe(2); // a server takes one claim per request, several at a time
  expect(server.requests[0].response_format?.type).toBe('json_schema');
});

test('the Ask view checks each answer with the model judge it was chosen for', async () => {
  server!.behave = () => 'json';
  server!.chatReply = 'Glaucoma damages the optic nerve. Glaucoma cannot cause blindness.';
  server!.requests.length = 0;
  await goTo(page, 'Ask');
  await page.getByTestId('new-conversation').click();
  await expect(page.getByTestId('verifier-select')).toHaveValue('judge');
  const answer = await ask(page, 'What is glaucoma?');
  await waitChecked(page);
  const claims = answer.getByTestId('claim');
  await expect(claims).toHaveCount(2);
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  // The question, then the judge's prompts for the answer's claims (the claim split by the model fell back to rules).
  const judged = server!.requests.flatMap((r) => r.claims);
  expect(judged).toEqual(expect.arrayContaining(['Glaucoma damages the optic nerve.', 'Glaucoma cannot cause blindness.']));
});

test('Settings → Calibration imports a calibration file and rejects a broken one', async () => {
  await goTo(page, 'Settings');
  const panel = page.getByTestId('calibration-panel');
  await expect(panel).toBeVisible();
  const m = { n: 40, accuracy: 0.7, macro_f1: 0.6, shown_precision: 0.8, coverage: 0.7, ece: 0.08 };
  const cal = {
    format: 'claimlens-calibration',
    version: 1,
    verifier: 'llm',
    model: 'Qwen/Qwen3-8B',
    thresholds: { supported: 0.5, contradicted: 0.5 },
    confidence: { supported: 0.85, contradicted: 0.8, unverifiable: 0.6 },
    fittedOn: { n: 40, file: 'mine.jsonl' },
    metricsBefore: m,
    metricsAfter: { ...m, macro_f1: 0.65 },
  };
  await page.getByTestId('calibration-file').setInputFiles({ name: 'calibration-llm.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(cal)) });
  await expect(page.getByTestId('calibration-message')).toContainText('Model judge Qwen/Qwen3-8B: fitted on 40 claims');
  await expect(page.getByTestId('calibration-llm')).toContainText('macro-F1 60.0 % → 65.0 %');
  await page.getByTestId('calibration-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "x"}') });
  await expect(page.getByTestId('calibration-message')).toContainText('broken.json is not a ClaimLens calibration');
  // The next judged check carries it.
  await goTo(page, 'Check');
  await page.getByTestId('check-button').click();
  await expect(page.getByTestId('check-button')).toHaveText('Check', { timeout: 60_000 });
  await expect(page.getByTestId('claim').nth(0)).toHaveAttribute('data-verdict', 'supported');
});
