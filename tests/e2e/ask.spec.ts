// The Ask view end to end, on the built app in headless Chromium:
// - the real SwiftShader WebGPU adapter in the fit check (no shader-f16 →
//   q4f32_1 builds offered);
// - the whole flow with the test-only fake engine behind the real worker
//   path: download bar, streamed answer with reasoning folded, Stop keeping
//   the partial answer, the automatic check with the Check view's verdict
//   highlights and evidence, conversations kept across a reload, renamed,
//   exported (JSON, Markdown) and deleted; a Chinese question and answer; a
//   GPU lost mid-answer;
// - a remote model server (a real node:http server on 127.0.0.1 streaming
//   OpenAI-style SSE with a <think> block), one that dies mid-answer, one
//   that answers HTML, one that is down;
// - a browser without WebGPU; the production build without the test engine;
// - no request leaving 127.0.0.1 except to the test's own model server.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { FakeScript } from '../../src/testing/fake-engine.ts';
import { startOpenAIServer, type OpenAITestServer } from '../support/openai-server.ts';
import { ASK_ORIGIN, ask, closeModelSetup, loadFakeModel, openAskApp, openModelSetup, waitChecked, type AskApp } from './ask-helpers.ts';
import { goTo, ORIGIN, runCheck, waitReady } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const SUPPORTED = "Glaucoma is a group of diseases that can damage the eye's optic nerve.";
const CONTRADICTED = 'Glaucoma cannot cause blindness.';
const ANSWER = `${SUPPORTED} It usually happens when the fluid pressure inside the eyes slowly rises. ${CONTRADICTED}`;
const REASONING = 'The user asks about glaucoma. Recall what it damages and whether it leads to vision loss.';
const GLAUCOMA: FakeScript = { reasoning: REASONING, text: ANSWER, tokensPerSecond: 40, loadSteps: 5, loadMs: 1500 };
const LONG =
  'Glaucoma is a group of diseases that can damage the optic nerve. Open-angle glaucoma is the most common form. ' +
  'Early on there are usually no symptoms, so regular eye exams matter. Treatment with eye drops lowers eye pressure. ' +
  'Laser treatment and surgery are other options when drops are not enough. Vision lost to glaucoma does not come back.';
const MODEL = 'Qwen3-1.7B-q4f32_1-MLC';

let app: AskApp;
let page: Page;
let server: OpenAITestServer | undefined;

test.beforeAll(async ({ browser }) => {
  app = await openAskApp(browser);
  page = app.page;
});

test.afterAll(async () => {
  await app.context.close();
  await server?.close();
});

test('without WebGPU the Ask view says so plainly and offers a model server; Check still works', async () => {
  const bare = await app.context.newPage();
  // A browser without WebGPU has no navigator.gpu at all.
  await bare.addInitScript(() => {
    delete (Navigator.prototype as unknown as { gpu?: unknown }).gpu;
  });
  await bare.goto('/#/ask');
  const notice = bare.getByTestId('no-webgpu');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText('Local models cannot run in this browser');
  await expect(notice).toContainText('no WebGPU');
  await expect(notice).toContainText('the Check view works');
  // The model server is offered at once.
  await expect(bare.getByTestId('engine-kind-remote')).toBeChecked();
  await expect(bare.getByTestId('remote-form')).toBeVisible();
  await expect(bare.getByTestId('remote-notice')).toContainText('are sent to 127.0.0.1:8000');
  // In model-server mode the footer does not claim that nothing leaves the device.
  await expect(bare.getByTestId('app-footer')).toContainText('go to that server');
  await expect(bare.getByTestId('app-footer')).not.toContainText('nothing you paste leaves');
  // The disabled Thinking box says why.
  await expect(bare.getByTestId('thinking-switch')).toBeDisabled();
  await expect(bare.getByTestId('thinking-why')).toHaveText('(load a model first)');
  // And the Check view runs as always.
  await waitReady(bare);
  await runCheck(bare, `${SUPPORTED} ${CONTRADICTED}`);
  await expect(bare.getByTestId('claim')).toHaveCount(2);
  await expect(bare.getByTestId('claim').nth(0)).toHaveAttribute('data-verdict', 'supported');
  await bare.close();
});

test('the production build has no test engine', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: ORIGIN });
  const prod = await context.newPage();
  await prod.goto('/#/ask');
  await expect(prod.getByTestId('engine-kind-local')).toBeVisible({ timeout: 60_000 });
  await expect(prod.getByTestId('engine-kind-remote')).toBeVisible();
  await expect(prod.getByTestId('engine-kind-fake')).toHaveCount(0);
  // The fit check as users see it (the README's copy comes from `npm run docs:screenshots`).
  await prod.locator('[data-testid="model-row"][data-model="Qwen3-1.7B-q4f16_1-MLC"]').click();
  await expect(prod.getByTestId('use-alternative')).toBeVisible();
  await prod.mouse.move(0, 0);
  await prod.getByTestId('engine-panel').screenshot({ path: 'test-results/fit-check.png' });
  await context.close();
  // What 4173 serves (dist/) carries none of it; the e2e build (dist-e2e/) does.
  const scan = (dir: string) =>
    readdirSync(`${dir}/assets`)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /fake-llm|test-engine/.test(f) || readFileSync(`${dir}/assets/${f}`, 'utf8').includes('FakeMLCEngine'));
  expect(scan('dist')).toEqual([]);
  expect(scan('dist-e2e').length).toBeGreaterThan(0);
});

test('the fit check reports the SwiftShader adapter without shader-f16 and offers q4f32_1 builds', async () => {
  await page.goto('/#/ask');
  await waitReady(page);
  await page.getByTestId('engine-kind-local').check();
  const gpu = page.getByTestId('gpu-status');
  await expect(gpu.getByTestId('gpu-name')).toContainText('swiftshader');
  await expect(gpu.getByTestId('gpu-fallback')).toContainText('CPU fallback');
  await expect(gpu.getByTestId('gpu-f16')).toHaveText('no shader-f16: q4f32_1 builds only');

  const row = (id: string) => page.locator(`[data-testid="model-row"][data-model="${id}"]`);
  // Qwen3 first, as the catalog lists it.
  await expect(page.getByTestId('model-row').first()).toHaveAttribute('data-model', /^Qwen3-/);
  await expect(row('Qwen3-0.6B-q4f16_1-MLC')).toHaveAttribute('data-fit', 'needs-shader-f16');
  await expect(row('Qwen3-0.6B-q4f32_1-MLC')).toHaveAttribute('data-fit', 'fits');
  await expect(row('Qwen3-1.7B-q4f32_1-MLC')).toHaveAttribute('data-fit', 'fits');
  for (const id of await page.locator('[data-testid="model-row"][data-model*="q4f16"]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-model')))) {
    await expect(row(id!)).not.toHaveAttribute('data-fit', 'fits');
  }
  // Each row says size, GPU memory and context before any download.
  await expect(row('Qwen3-1.7B-q4f32_1-MLC')).toContainText('≈ 1.1 GB');
  await expect(row('Qwen3-1.7B-q4f32_1-MLC')).toContainText('2.6 GB');
  await expect(row('Qwen3-1.7B-q4f32_1-MLC')).toContainText('4k');

  // Picking an f16 build offers its q4f32_1 build instead.
  await row('Qwen3-1.7B-q4f16_1-MLC').click();
  const choice = page.getByTestId('model-choice');
  await expect(choice.getByTestId('fit-reason')).toContainText('shader-f16');
  await expect(choice.getByTestId('use-alternative')).toHaveText('Use Qwen3-1.7B-q4f32_1-MLC instead');
  await choice.getByTestId('use-alternative').click();
  await expect(page.getByTestId('model-choice')).toHaveAttribute('data-model', 'Qwen3-1.7B-q4f32_1-MLC');
  await expect(page.getByTestId('model-choice')).toHaveAttribute('data-fit', 'fits');

  // A GPU memory figure moves the verdicts: with 1 GB nothing fits.
  await page.getByTestId('vram-input').fill('1');
  await page.getByTestId('vram-input').blur();
  await expect(row('Qwen3-0.6B-q4f32_1-MLC')).toHaveAttribute('data-fit', 'too-big');
  await page.getByTestId('vram-input').fill('');
  await page.getByTestId('vram-input').blur();
  await expect(row('Qwen3-0.6B-q4f32_1-MLC')).toHaveAttribute('data-fit', 'fits');
  // The cleared figure is stored before the next test reloads (on a busy machine the write can lag).
  const storedVram = () =>
    page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('claimlens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('settings').objectStore('settings').get('ask.vramGB');
            get.onsuccess = () => {
              resolve((get.result as { value?: unknown } | undefined)?.value ?? null);
              open.result.close();
            };
            get.onerror = () => reject(get.error);
          };
        }),
    );
  await expect.poll(storedVram).toBeNull();
});

test('downloaded models: sizes, an incomplete download, delete; a download with no room is flagged before it starts', async () => {
  // web-llm's Cache Storage layout for Qwen3-0.6B-q4f32_1, written in the page
  // (no network): a complete download, and one with a shard missing.
  const seed = (shards: number) =>
    page.evaluate(async (present) => {
      const base = 'https://huggingface.co/mlc-ai/Qwen3-0.6B-q4f32_1-MLC/resolve/main/';
      const lib =
        'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/Qwen3-0.6B-q4f32_1_cs1k-webgpu.wasm';
      const model = await caches.open('webllm/model');
      const bytes = (n: number) => new Response(new Uint8Array(n), { headers: { 'content-length': String(n) } });
      await model.put(base + 'tensor-cache.json', new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }] })));
      await model.put(base + 'tokenizer.json', new Response('{}'));
      for (let i = 0; i < present; i++) await model.put(base + `params_shard_${i}.bin`, bytes(3 * 2 ** 20));
      await (await caches.open('webllm/config')).put(base + 'mlc-chat-config.json', new Response('{}'));
      await (await caches.open('webllm/wasm')).put(lib, bytes(2 ** 20));
    }, shards);
  const downloads = page.getByTestId('downloaded-models');
  const row = page.locator('[data-testid="model-row"][data-model="Qwen3-0.6B-q4f32_1-MLC"]');

  await seed(1);
  await page.reload();
  await downloads.locator('summary').click();
  const item = downloads.getByTestId('downloaded-model');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-status', 'incomplete');
  await expect(item).toContainText('Qwen3-0.6B-q4f32_1-MLC · 4 MB');
  await expect(item).toContainText('incomplete');
  await expect(item.getByRole('button', { name: 'Finish downloading' })).toBeVisible();
  await item.getByTestId('delete-download').click();
  await expect(item).toHaveCount(0);
  await expect(downloads.locator('summary')).toHaveText('Downloaded models (0)');

  await seed(2);
  await page.reload();
  await expect(row.getByTestId('model-downloaded')).toBeVisible();
  await row.click();
  await expect(page.getByTestId('load-model')).toHaveText('Load');
  await downloads.locator('summary').click();
  await expect(downloads.getByTestId('downloaded-model')).toHaveAttribute('data-status', 'complete');
  await expect(downloads.getByTestId('downloaded-model')).toContainText('7 MB');

  // A site with 100 MB left: downloads that need more are refused up front;
  // what is already downloaded needs no room.
  const small = await app.context.newPage();
  await small.addInitScript(() => {
    StorageManager.prototype.estimate = async () => ({ quota: 100e6, usage: 0 });
  });
  await small.goto('/#/ask');
  await small.getByTestId('engine-kind-local').check();
  const row17 = small.locator('[data-testid="model-row"][data-model="Qwen3-1.7B-q4f32_1-MLC"]');
  await expect(row17).toHaveAttribute('data-fit', 'no-storage');
  await expect(small.locator('[data-testid="model-row"][data-model="Qwen3-0.6B-q4f32_1-MLC"]')).toHaveAttribute('data-fit', 'fits');
  await row17.click();
  await expect(small.getByTestId('fit-reason')).toContainText('needs more room than this site may store (0.1 GB free)');
  await small.close();

  await downloads.getByTestId('clear-downloads').click();
  await downloads.getByRole('button', { name: 'Delete all' }).click();
  await expect(downloads.locator('summary')).toHaveText('Downloaded models (0)');
  await expect(row.getByTestId('model-downloaded')).toHaveCount(0);
});

test('a question streams an answer with its reasoning folded, then its claims are checked', async () => {
  await openModelSetup(page);
  await page.getByTestId('engine-kind-fake').check();
  await page.getByTestId('test-script').fill(JSON.stringify(GLAUCOMA));
  await page.locator(`[data-testid="model-row"][data-model="${MODEL}"]`).click();
  await page.getByTestId('load-model').click();
  // The download bar: percentage, size so far and of the whole, speed, time left.
  const bar = page.getByTestId('download-bar');
  await expect(bar).toBeVisible();
  await expect(bar.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  await expect(bar.getByTestId('download-figures')).toContainText(/\d+ MB of \d+ MB · \d+ MB\/s · \d+ s left/);
  await expect(page.getByTestId('engine-loaded')).toContainText('Qwen3 1.7B (q4f32_1)', { timeout: 30_000 });
  await expect(bar).toHaveCount(0);

  const answer = await ask(page, 'What is glaucoma, and can it cause blindness?');
  await expect(page.getByTestId('question').last()).toHaveText('What is glaucoma, and can it cause blindness?');
  // While it streams: the reasoning in its own folded block, the answer growing beside it.
  const think = answer.getByTestId('think-block');
  await expect(think).toBeVisible();
  await expect(think).not.toHaveAttribute('open');
  await expect(answer.getByTestId('answer-text')).toContainText('Glaucoma is a group');
  await expect(answer.getByTestId('answer-text')).not.toContainText('<think>');
  await waitChecked(page);

  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('answer-speed')).toContainText(/\d+ tokens · [\d.]+ tokens\/s · first token after \d+ ms/);
  // The check, shown exactly as in the Check view.
  const claims = answer.getByTestId('claim');
  await expect(claims).toHaveCount(3);
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(claims.nth(0)).toContainText('Supported');
  await expect(claims.nth(2)).toHaveAttribute('data-verdict', 'contradicted');
  await expect(answer.getByTestId('stat-claims')).toHaveText('3');
  await expect(answer.getByTestId('claim-source')).toHaveAttribute('data-source', 'rules');
  const reasoning = answer.getByTestId('reasoning');
  await expect(reasoning).not.toHaveAttribute('open');
  await expect(reasoning).toContainText('Reasoning (not checked)');
  await reasoning.locator('summary').click();
  await expect(reasoning).toContainText('Recall what it damages');
  await reasoning.locator('summary').click();

  await claims.nth(2).click();
  const panel = page.getByTestId('evidence-panel');
  await expect(panel.getByTestId('evidence-verdict')).toContainText(/contradicted/i);
  await expect(panel.getByTestId('evidence').first().getByTestId('evidence-sentence')).toContainText(/blindness/i);
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/ask-view.png', fullPage: true });
});

test('Stop keeps the answer written so far and checks it', async () => {
  await openModelSetup(page);
  // Slow enough that Stop lands mid-answer on a busy machine.
  await page.getByTestId('test-script').fill(JSON.stringify({ text: LONG, tokensPerSecond: 6 }));
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('engine-loaded')).toContainText('Ready', { timeout: 30_000 });
  await page.getByTestId('thinking-switch').uncheck();

  const answer = await ask(page, 'How is glaucoma treated?');
  const text = answer.getByTestId('answer-text');
  await expect(text).toContainText('can damage the optic nerve.');
  await page.getByTestId('stop-button').click();
  await waitChecked(page);
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await expect(answer.getByTestId('answer-status')).toContainText('Stopped; the text so far is kept.');
  const kept = (await answer.getByTestId('highlighted-answer').textContent())!.replace(/[✓✗?]|\((Supported|Contradicted|Unverifiable), confidence \d+%\)/g, '');
  expect(kept.length).toBeGreaterThan(40);
  expect(LONG.startsWith(kept.trim().slice(0, 60))).toBe(true);
  expect(kept.length).toBeLessThan(LONG.length);
  // No thinking asked for: no reasoning block.
  await expect(answer.getByTestId('reasoning')).toHaveCount(0);
  await expect(answer.getByTestId('claim').first()).toHaveAttribute('data-verdict', /supported|contradicted|unverifiable/);
});

test('the conversation is kept across a reload; it can be renamed, exported and deleted', async () => {
  await page.reload();
  await waitReady(page);
  // No model after a reload: the model setup opens by itself; fold it away.
  await expect(page.getByTestId('model-setup')).toBeVisible();
  await closeModelSetup(page);
  const item = page.getByTestId('conversation-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('What is glaucoma, and can it');
  await expect(item).toContainText('2 questions');
  await item.click();
  const answers = page.getByTestId('answer');
  await expect(answers).toHaveCount(2);
  await expect(answers.nth(0).getByTestId('claim').nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(answers.nth(0).getByTestId('claim').nth(2)).toHaveAttribute('data-verdict', 'contradicted');
  await expect(answers.nth(1)).toHaveAttribute('data-status', 'stopped');

  await page.getByTestId('rename-conversation').click();
  await page.getByTestId('rename-input').fill('Glaucoma basics');
  await page.getByTestId('rename-save').click();
  await expect(page.getByTestId('conversation-title')).toHaveText('Glaucoma basics');
  await expect(item).toContainText('Glaucoma basics');

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-conversation-json').click()]);
  const doc = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(doc.format).toBe('claimlens-conversations');
  const conv = doc.conversations[0];
  expect(conv.title).toBe('Glaucoma basics');
  expect(conv.turns.map((t: { role: string }) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  expect(conv.turns[1].reasoning).toBe(REASONING);
  expect(conv.turns[1].content).toBe(ANSWER);
  expect(conv.turns[1].check.report.claims.map((c: { verdict: string }) => c.verdict)[0]).toBe('supported');
  expect(conv.turns[3].status).toBe('stopped');
  expect(conv.systemPrompt).toMatch(/not medical advice/);

  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
  const text = readFileSync((await md.path())!, 'utf8');
  expect(text).toContain('# Glaucoma basics');
  expect(text).toContain('## Question 1\n\nWhat is glaucoma, and can it cause blindness?');
  expect(text).toContain('<details><summary>Reasoning</summary>');
  expect(text).toMatch(/\| 1 \| ✓ Supported \| \d+% \| Glaucoma is a group of diseases/);
  expect(text).toMatch(/\| 3 \| ✗ Contradicted \| \d+% \| Glaucoma cannot cause blindness\./);
  expect(text).toContain('*Stopped before the end.*');

  // The system prompt is stored and used for new conversations.
  await page.getByTestId('new-conversation').click();
  const prompt = page.getByTestId('system-prompt');
  await prompt.locator('summary').click();
  await prompt.getByTestId('system-prompt-edit').click();
  await prompt.getByTestId('system-prompt-input').fill('Answer briefly. For medical education only.');
  await prompt.getByTestId('system-prompt-save').click();
  await expect(prompt.getByTestId('system-prompt-text')).toHaveText('Answer briefly. For medical education only.');

  await item.filter({ hasText: 'Glaucoma basics' }).click();
  await page.getByTestId('delete-conversation').click();
  await page.getByTestId('confirm-delete-conversation').click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
  await expect(page.getByTestId('conversation-title')).toHaveText('New conversation');
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
  await expect(page.getByTestId('system-prompt-text')).toHaveText('Answer briefly. For medical education only.');
});

test('a Chinese question and answer flow through and are split into Chinese claims', async () => {
  const zh = '青光眼是一组会损害视神经的眼病。青光眼可以导致失明。早期青光眼通常没有症状。';
  await loadFakeModel(page, MODEL, { reasoning: '用户询问青光眼。', text: zh, tokensPerSecond: 60 });
  // Switched off in the Stop test, and remembered since.
  await expect(page.getByTestId('thinking-switch')).not.toBeChecked();
  await page.getByTestId('thinking-switch').check();
  // Ask the model for the claims too: this script answers the claim request
  // with prose, not JSON, so the rule-based splitter takes over and says so.
  await page.getByTestId('claims-by-model-switch').check();
  const answer = await ask(page, '什么是青光眼？它会导致失明吗？');
  await waitChecked(page);
  await expect(answer.getByTestId('claim-source')).toHaveAttribute('data-source', 'rules');
  await expect(answer.getByTestId('claim-source')).toContainText("the model's own list could not be used (unusable JSON");
  await page.getByTestId('claims-by-model-switch').uncheck();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const claims = answer.getByTestId('claim');
  await expect(claims).toHaveCount(3);
  for (const [i, c] of ['青光眼是一组会损害视神经的眼病', '青光眼可以导致失明', '早期青光眼通常没有症状'].entries()) {
    await expect(claims.nth(i)).toContainText(c);
    await expect(claims.nth(i)).toHaveAttribute('data-verdict', /supported|contradicted|unverifiable/);
  }
  await expect(answer.getByTestId('reasoning')).toContainText('Reasoning');
  await expect(page.getByTestId('conversation-item').first()).toContainText('什么是青光眼？它会导致失明吗？');
  // The system prompt set above went with the question.
  await expect(page.getByTestId('system-prompt-text')).toHaveText('Answer briefly. For medical education only.');
});

test('a GPU lost mid-answer: the text so far is kept, a smaller model is named, the engine loads again', async () => {
  await page.getByTestId('new-conversation').click();
  await loadFakeModel(page, MODEL, { text: LONG, tokensPerSecond: 40, failAt: { token: 12, error: 'DeviceLostError' } });
  const answer = await ask(page, 'Can glaucoma be cured?');
  await waitChecked(page);
  await expect(answer).toHaveAttribute('data-status', 'interrupted');
  await expect(answer.getByTestId('answer-error')).toHaveAttribute('data-error', 'DeviceLostError');
  // The 12 tokens before the loss are kept (and checked).
  await expect(answer.getByTestId('highlighted-answer')).toContainText('Glaucoma is a group of diseases that can damage the optic nerve.');
  const problem = page.getByTestId('engine-problem');
  await expect(problem).toHaveAttribute('data-error', 'DeviceLostError');
  await expect(problem).toContainText('The GPU stopped (device lost)');
  await expect(problem.getByTestId('engine-advice')).toContainText('Try a smaller model: Qwen3-0.6B-q4f32_1-MLC');
  await expect(page.getByTestId('engine-loaded')).toHaveCount(0);
  await expect(page.getByTestId('question')).toHaveText(['Can glaucoma be cured?']);

  // Load again (no page reload) and go on in the same conversation.
  await openModelSetup(page);
  await page.getByTestId('test-script').fill(JSON.stringify({ text: SUPPORTED, tokensPerSecond: 60 }));
  await problem.getByTestId('reload-model').click();
  await expect(page.getByTestId('engine-loaded')).toContainText('Qwen3 1.7B', { timeout: 30_000 });
  const next = await ask(page, 'What does it damage?');
  await waitChecked(page);
  await expect(next).toHaveAttribute('data-status', 'complete');
  await expect(next.getByTestId('claim').first()).toHaveAttribute('data-verdict', 'supported');
  await expect(page.getByTestId('answer')).toHaveCount(2);

  // Out of memory while loading: a smaller model is named; a download that
  // fails on the network can be resumed or started over.
  await openModelSetup(page);
  await page.getByTestId('test-script').fill(JSON.stringify({ text: SUPPORTED, loadError: { error: 'GPUOutOfMemoryError', afterStep: 2 } }));
  await page.getByTestId('load-model').click();
  await expect(problem).toHaveAttribute('data-error', 'OutOfMemoryError');
  await expect(problem.getByTestId('engine-advice')).toContainText('Qwen3-0.6B-q4f32_1-MLC');
  await page.getByTestId('test-script').fill(JSON.stringify({ text: SUPPORTED, loadError: { error: 'TypeError', message: 'Failed to fetch', afterStep: 1 } }));
  await page.getByTestId('load-model').click();
  await expect(problem).toHaveAttribute('data-error', 'ModelDownloadError');
  await expect(problem).toContainText('The download failed');
  await expect(problem.getByTestId('reload-model')).toBeVisible();
  await expect(problem.getByTestId('redownload-model')).toBeVisible();
  // The conversation is untouched by all this.
  await expect(page.getByTestId('answer')).toHaveCount(2);

  // The smaller model it named loads too.
  await openModelSetup(page);
  await page.getByTestId('test-script').fill(JSON.stringify({ text: LONG, failAt: { token: 3, error: 'DeviceLostError' } }));
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('engine-loaded')).toContainText('Ready', { timeout: 30_000 });
  await ask(page, 'And once more?');
  await waitChecked(page);
  await expect(problem.getByTestId('load-smaller')).toHaveText('Load Qwen3-0.6B-q4f32_1-MLC');
  await openModelSetup(page);
  await page.getByTestId('test-script').fill(JSON.stringify({ text: SUPPORTED }));
  await problem.getByTestId('load-smaller').click();
  await expect(page.getByTestId('engine-loaded')).toContainText('Qwen3 0.6B (q4f32_1)', { timeout: 30_000 });
});

test('a model server: streamed reasoning and answer, checked; a server that dies, answers HTML or is down', async () => {
  server = await startOpenAIServer(
    ['baichuan-inc/Baichuan-M2-32B', 'Qwen/Qwen3-8B'],
    `<think>\nThe user asks about glaucoma and the optic nerve.\n</think>\n\n${SUPPORTED} ${CONTRADICTED}`,
  );
  await page.getByTestId('new-conversation').click();
  await openModelSetup(page);
  await page.getByTestId('engine-kind-remote').check();
  await page.getByTestId('remote-url').fill(`${server.url}/v1`);
  await expect(page.getByTestId('remote-notice')).toContainText(`are sent to ${new URL(server.url).host}`);
  await page.getByTestId('remote-list').click();
  await expect(page.getByTestId('remote-models')).toContainText('baichuan-inc/Baichuan-M2-32B, Qwen/Qwen3-8B');
  await expect(page.getByTestId('remote-model')).toHaveValue('baichuan-inc/Baichuan-M2-32B');
  await page.getByTestId('remote-connect').click();
  await expect(page.getByTestId('engine-loaded')).toContainText(`baichuan-inc/Baichuan-M2-32B on ${server.url}/v1`);

  await page.getByTestId('thinking-switch').check();
  const answer = await ask(page, 'What is glaucoma?');
  await waitChecked(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('reasoning')).toContainText('Reasoning');
  await expect(answer.getByTestId('reasoning')).not.toHaveAttribute('open');
  const claims = answer.getByTestId('claim');
  await expect(claims).toHaveCount(2);
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(claims.nth(1)).toHaveAttribute('data-verdict', 'contradicted');
  const sent = server.chats.at(-1)!;
  expect(sent.model).toBe('baichuan-inc/Baichuan-M2-32B');
  expect(sent.stream).toBe(true);
  expect(sent.chat_template_kwargs).toEqual({ enable_thinking: true, thinking_mode: 'on' });
  expect(sent.messages[0]).toEqual({ role: 'system', content: 'Answer briefly. For medical education only.' });
  expect(sent.messages.at(-1)).toEqual({ role: 'user', content: 'What is glaucoma?' });

  // The connection breaks mid-answer: what arrived stays, and the message says so.
  server.mode = 'drop';
  server.dropAfter = 22;
  const cut = await ask(page, 'Tell me more.');
  await waitChecked(page);
  await expect(cut).toHaveAttribute('data-status', 'interrupted');
  await expect(cut.getByTestId('answer-error')).toHaveAttribute('data-error', 'StreamInterruptedError');
  await expect(cut.getByTestId('answer-error')).toContainText('The text received so far is kept.');
  await expect(cut).toContainText('Glaucoma is a group of');
  // The history sent back holds answers without their reasoning.
  expect(server.chats.at(-1)!.messages.find((m) => m.role === 'assistant')!.content).toBe(`${SUPPORTED} ${CONTRADICTED}`);

  // An HTML page where the API should be.
  server.mode = 'html';
  const html = await ask(page, 'And now?');
  await waitChecked(page);
  await expect(html).toHaveAttribute('data-status', 'failed');
  await expect(html.getByTestId('answer-error')).toHaveAttribute('data-error', 'RemoteServerError');
  await expect(html.getByTestId('answer-error')).toContainText('answered with an HTML page ("Welcome to nginx!")');

  // The server is down.
  server.mode = 'ok';
  await server.close();
  const down = await ask(page, 'Are you there?');
  await waitChecked(page);
  await expect(down).toHaveAttribute('data-status', 'failed');
  await expect(down.getByTestId('answer-error')).toContainText(`The model server is not reachable at ${server.url}`);
  // Nothing was lost: every question and the answers that came are still there.
  await expect(page.getByTestId('question')).toHaveCount(4);
  await expect(page.getByTestId('answer').nth(0).getByTestId('claim')).toHaveCount(2);
  // Listing models from a server that is down says so too.
  await openModelSetup(page);
  await page.getByTestId('remote-list').click();
  await expect(page.getByTestId('remote-error')).toContainText('not reachable');
});

test('no request left 127.0.0.1 except to the test’s own model server', async () => {
  expect(app.requests.length).toBeGreaterThan(10);
  const allowed = [`${ASK_ORIGIN}/`, `${server!.url}/`];
  const foreign = app.requests.filter(
    (u) => !allowed.some((a) => u.startsWith(a)) && !u.startsWith('data:') && !u.startsWith('blob:'),
  );
  expect(foreign).toEqual([]);
  expect(app.requests.some((u) => u.startsWith(`${server!.url}/v1/chat/completions`))).toBe(true);
});

test('the thread: two questions, Stop and Retry on an answer, Copy, a claim opens its evidence; the answers land in History with their model', async () => {
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ASK_ORIGIN });
  await page.getByTestId('new-conversation').click();
  await loadFakeModel(page, MODEL, { reasoning: REASONING, text: LONG, tokensPerSecond: 8 });
  // The model as one control at the top of the thread; the setup folded away once it is ready.
  const bar = page.getByTestId('model-bar');
  await expect(bar.getByTestId('engine-loaded')).toContainText('Ready');
  await expect(bar.getByTestId('engine-loaded')).toContainText('Qwen3 1.7B (q4f32_1)');
  await expect(page.getByTestId('model-setup')).toBeHidden();

  const Q1 = 'What does glaucoma do to the optic nerve?';
  const first = await ask(page, Q1);
  // While it streams, the answer has its own Stop; no Retry or Copy yet.
  await expect(first.getByTestId('answer-stop')).toBeVisible();
  await expect(first.getByTestId('answer-retry')).toHaveCount(0);
  await waitChecked(page);
  await expect(first).toHaveAttribute('data-status', 'complete');
  await expect(bar.getByTestId('model-speed')).toContainText(/[\d.]+ tokens\/s/);
  const firstTurn = await first.getAttribute('data-turn');

  // Retry asks the same question again: a new answer takes the old one's place.
  await first.getByTestId('answer-retry').click();
  await expect(page.getByTestId('answer')).toHaveCount(1);
  await expect(page.getByTestId('answer').first()).not.toHaveAttribute('data-turn', firstTurn!);
  await waitChecked(page);
  const retried = page.getByTestId('answer').first();
  await expect(retried).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('question')).toHaveText([Q1]);
  await expect(retried.getByTestId('claim').first()).toHaveAttribute('data-verdict', /supported|contradicted|unverifiable/);
  expect(await retried.getByTestId('claim').count()).toBeGreaterThanOrEqual(5);

  // A second question; Stop on the answer keeps what was written.
  const Q2 = 'Which treatments lower the eye pressure?';
  const second = await ask(page, Q2);
  await expect(second.getByTestId('answer-text')).toContainText('can damage the optic nerve.');
  await second.getByTestId('answer-stop').click();
  await waitChecked(page);
  await expect(second).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('question')).toHaveText([Q1, Q2]);
  // Retry is offered on the newest answer only; Copy on each.
  await expect(retried.getByTestId('answer-retry')).toHaveCount(0);
  await expect(second.getByTestId('answer-retry')).toBeVisible();
  await retried.getByTestId('answer-copy').click();
  await expect(retried.getByTestId('answer-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(LONG);
  // The composer stays docked at the bottom of the window.
  const composer = (await page.getByTestId('question-input').boundingBox())!;
  expect(composer.y + composer.height).toBeGreaterThan(900 - 120);

  // A claim of the first answer opens its evidence beside the thread.
  const claim = retried.getByTestId('claim').nth(0);
  await claim.click();
  const panel = page.getByTestId('evidence-panel');
  await expect(panel).toContainText('Glaucoma is a group of diseases that can damage the optic nerve.');
  await expect(panel.getByTestId('evidence').first()).toContainText(/glaucoma/i);

  // History: every checked answer is there with its model and question, told apart by time to the second.
  await goTo(page, 'History');
  const items = page.getByTestId('history-item');
  await expect(items.first()).toBeVisible();
  await page.getByTestId('history-search').fill('OPTIC nerve?'); // words of the question ("nerve?" is in no answer)
  await expect(items).toHaveCount(2); // the answer and its retry
  for (const item of await items.all()) {
    await expect(item.getByTestId('history-model-name')).toHaveText(MODEL);
    await expect(item.getByTestId('history-question')).toHaveText(`Q: ${Q1}`);
    await expect(item.getByTestId('history-time')).toHaveText(/\d{4}, \d{1,2}:\d{2}:\d{2}/);
  }
  const times = await items.getByTestId('history-time').allTextContents();
  expect(new Set(times).size).toBe(2);
  await expect(page.getByTestId('history-count')).toHaveText(/^2 of \d+ checks$/);
  // By model: the model server's answers from the test above.
  await page.getByTestId('history-clear').click();
  await page.getByTestId('history-model').selectOption('baichuan-inc/Baichuan-M2-32B');
  await expect(items.first()).toBeVisible();
  for (const name of await items.getByTestId('history-model-name').allTextContents()) expect(name).toBe('baichuan-inc/Baichuan-M2-32B');
  // By verdict: the server's answers each hold a contradicted claim ("Glaucoma cannot cause blindness.").
  const byModel = await items.count();
  await page.getByTestId('history-verdict').selectOption('contradicted');
  await expect(items.first().getByTestId('history-model-name')).toHaveText('baichuan-inc/Baichuan-M2-32B');
  expect(await items.count()).toBeLessThanOrEqual(byModel);
  await page.getByTestId('history-search').fill('no such words anywhere');
  await expect(page.getByTestId('history-none-match')).toBeVisible();
  await page.mouse.move(0, 0);
  await page.getByTestId('history-clear').click();
  await expect(items.first()).toBeVisible();
  await page.screenshot({ path: 'test-results/history-filters.png' });
});

test('Ask is one of the views', async () => {
  await goTo(page, 'Check');
  await goTo(page, 'Ask');
  await expect(page.getByTestId('model-bar')).toBeVisible();
  await expect(page.getByTestId('question-input')).toBeVisible();
});
