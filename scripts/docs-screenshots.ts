// Refreshes the README's images from the production build, as a user sees
// it (`npm run docs:screenshots`):
//
//   docs/images/check-view.png   the Check view with a checked answer and its evidence
//   docs/images/ask-view.png     the Ask chat at 1280×900: two questions to a model server, the answers streamed
//                                with their reasoning folded, their claims checked, a claim's evidence beside
//   docs/images/ask-phone.png    the same chat at 390×844 (a phone), the composer docked at the bottom
//   docs/images/fit-check.png    the Ask view's model setup: the fit check on this machine's WebGPU adapter
//   docs/images/batch-dashboard.png  the Batch view: a run of two models' answers, its dashboard
//   docs/images/batch-compare.png    the same run: the two models compared
//
// It builds the app (`vite build`, the build users get: no test engine, no
// test models), serves it with `vite preview` on its own port, and drives
// Chromium through playwright-core. The Ask answer comes from a small
// OpenAI-compatible server on 127.0.0.1 that streams a fixed answer the way
// vLLM does (tests/support/openai-server.ts): the app talks to it exactly as
// to a real model server. Tests never write here; they write under test-results/.
//
// Usage: tsx scripts/docs-screenshots.ts [--no-build] [--port N] [--only check,ask,batch]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.ts';
import { startOpenAIServer } from '../tests/support/openai-server.ts';
import { toJsonl, twoModelAnswers } from '../tests/support/batch-data.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'images');
const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' }, port: { type: 'string' }, only: { type: 'string' } } });
const ONLY = new Set((values.only ?? 'check,ask,batch').split(','));
const PORT = Number(values.port ?? 4179);
const ORIGIN = `http://127.0.0.1:${PORT}`;

const ANSWER =
  "Glaucoma is a group of diseases that can damage the eye's optic nerve. It usually happens when the fluid pressure " +
  'inside the eyes slowly rises. Glaucoma cannot cause blindness.';
const REASONING = 'The user asks about glaucoma. Recall what it damages and whether it leads to vision loss.';
const ANSWER_2 =
  'Treatment with eye drops lowers eye pressure. Laser treatment and surgery are other options when drops are not enough. ' +
  'Vision lost to glaucoma does not come back, so regular eye exams matter.';
const REASONING_2 = 'The user asks how glaucoma is treated. Eye drops, laser, surgery.';

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

async function waitReady(page: Page): Promise<void> {
  await page.getByTestId('evidence-status').filter({ hasText: /\d+ corp(us|ora) · [\d,]+ passages/ }).waitFor({ timeout: 300_000 });
}

async function checkView(page: Page): Promise<void> {
  await page.goto(`${ORIGIN}/#/check`);
  await waitReady(page);
  await page.getByTestId('answer-input').fill(
    "Glaucoma is a group of diseases that can damage the eye's optic nerve. Glaucoma never causes blindness. " +
      'Metformin is a first-line medicine for type 2 diabetes.',
  );
  await page.getByTestId('check-button').click();
  await page.getByTestId('result').waitFor({ timeout: 120_000 });
  const contradicted = page.locator('[data-testid="claim-row"][data-verdict="contradicted"]').first();
  if ((await contradicted.count()) > 0) await contradicted.click();
  else await page.getByTestId('claim-row').first().click();
  await page.getByTestId('evidence').first().waitFor();
  await page.mouse.move(0, 0);
  await page.evaluate('window.scrollTo(0, 0)'); // page code as a string: this script is type-checked without DOM types (tsconfig.node.json)
  await page.screenshot({ path: join(OUT, 'check-view.png'), fullPage: true });
}

async function askView(page: Page, server: Awaited<ReturnType<typeof startOpenAIServer>>): Promise<void> {
  await page.goto(`${ORIGIN}/#/ask`);
  // No model yet: the model setup opens by itself. The fit check first: what this machine's GPU can run.
  await page.getByTestId('engine-kind-remote').waitFor({ timeout: 60_000 });
  const row = page.locator('[data-testid="model-row"][data-model="Qwen3-1.7B-q4f16_1-MLC"]');
  if ((await page.getByTestId('engine-kind-local').count()) > 0 && (await row.count()) > 0) {
    await row.click();
    await page.mouse.move(0, 0);
    await page.getByTestId('engine-panel').screenshot({ path: join(OUT, 'fit-check.png') });
  } else {
    console.warn('docs-screenshots: no WebGPU adapter here; fit-check.png left as it is');
  }
  await page.getByTestId('engine-kind-remote').check();
  await page.getByTestId('remote-url').fill(`${server.url}/v1`);
  await page.getByTestId('remote-list').click();
  await page.getByTestId('remote-models').filter({ hasText: 'Qwen/Qwen3-8B' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('remote-connect').click();
  await page.getByTestId('engine-loaded').filter({ hasText: /Qwen/ }).waitFor({ timeout: 30_000 });
  await page.getByTestId('model-setup').waitFor({ state: 'hidden' });
  const thinking = page.getByTestId('thinking-switch');
  if ((await thinking.count()) > 0) await thinking.check();
  const questions: Array<[string, string]> = [
    ['What is glaucoma, and can it cause blindness?', `<think>\n${REASONING}\n</think>\n\n${ANSWER}`],
    ['How is it treated?', `<think>\n${REASONING_2}\n</think>\n\n${ANSWER_2}`],
  ];
  for (const [question, reply] of questions) {
    server.reply = reply;
    await page.getByTestId('question-input').fill(question);
    await page.getByTestId('send-button').click();
    await page.getByTestId('stop-button').waitFor({ state: 'detached', timeout: 90_000 });
    await page.getByTestId('answer').last().getByTestId('claim').first().waitFor({ timeout: 90_000 });
  }
  const newestAnswer = page.getByTestId('answer').last();
  const contradicted = newestAnswer.locator('[data-testid="claim"][data-verdict="contradicted"]').first();
  await ((await contradicted.count()) > 0 ? contradicted : newestAnswer.getByTestId('claim').first()).click();
  await page.getByTestId('evidence-panel').getByTestId('evidence').first().waitFor({ timeout: 30_000 });
  await page.mouse.move(0, 0);
  // As a chat reads: the newest question at the top, its answer under it, the composer docked at the bottom.
  const newest = () => page.getByTestId('question').last().evaluate((q) => q.scrollIntoView({ block: 'start' }));
  await newest();
  await page.screenshot({ path: join(OUT, 'ask-view.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await newest();
  await page.screenshot({ path: join(OUT, 'ask-phone.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A run of 60 MedQuAD questions answered by two models (tests/support/batch-data.ts): its dashboard, then the two compared. */
async function batchView(page: Page): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'claimlens-shots-')), 'two-models.jsonl');
  writeFileSync(file, toJsonl(twoModelAnswers(60, 3)));
  await page.goto(`${ORIGIN}/#/batch`);
  await waitReady(page);
  await page.getByTestId('batch-file-input').setInputFiles(file);
  await page.getByTestId('batch-name').fill('MedQuAD questions: careful vs sloppy');
  await page.getByTestId('batch-start').click();
  await page.locator('[data-testid="run-detail"] [data-testid="run-progress"][data-state="done"]').waitFor({ timeout: 300_000 });
  await page.getByTestId('chart-confidence').locator('svg').first().waitFor({ timeout: 30_000 });
  await page.mouse.move(0, 0);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(OUT, 'batch-dashboard.png'), fullPage: true });
  await page.getByTestId('run-tab-compare').click();
  await page.getByTestId('compare-panel').waitFor();
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(OUT, 'batch-compare.png'), fullPage: false });
}

const children: ChildProcess[] = [];
async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (!existsSync(join(ROOT, 'public', 'evidence', 'manifest.json'))) run('npm', ['run', '--silent', 'evidence']);
  if (!values['no-build']) run('npx', ['vite', 'build']);
  const preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  children.push(preview);
  const server = await startOpenAIServer(['Qwen/Qwen3-8B'], `<think>\n${REASONING}\n</think>\n\n${ANSWER}`);
  server.tokenDelayMs = 5;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    await waitForServer(ORIGIN, 60_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'allow' });
    const page = await context.newPage();
    if (ONLY.has('check')) {
      await checkView(page);
      console.log('docs-screenshots: wrote docs/images/check-view.png');
    }
    if (ONLY.has('ask')) {
      await askView(page, server);
      console.log('docs-screenshots: wrote docs/images/ask-view.png, ask-phone.png and fit-check.png');
    }
    if (ONLY.has('batch')) {
      await batchView(page);
      console.log('docs-screenshots: wrote docs/images/batch-dashboard.png and batch-compare.png');
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

try {
  await main();
} finally {
  // The preview server runs in its own process group: end that group only.
  for (const c of children) {
    if (c.pid) {
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}
