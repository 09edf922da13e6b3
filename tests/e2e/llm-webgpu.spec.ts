// Local-LLM pieces in real headless Chromium, self-contained: starts its own
// Vite dev server for tests/e2e/llm-harness (port 4273 when free) and its own
// browser, so it runs with or without the app's playwright.config.ts.
//   npx playwright test tests/e2e/llm-webgpu.spec.ts
// Checks: the real SwiftShader WebGPU adapter is found and reported without
// shader-f16, so the fit check offers q4f32_1 builds; WebLLMEngine on a real
// Web Worker running web-llm's WebWorkerMLCEngineHandler (FakeMLCEngine in
// place of the GPU model) with web-llm's CreateWebWorkerMLCEngine client
// streams a reply (thinking split, usage), stops, and surfaces device loss /
// shader-f16 / abort / cancelled download as named errors and recovers; the
// real llm.worker.ts boots web-llm and maps a failed download (a custom model
// on an .invalid host, so no network is ever used); the model cache helpers
// work on the browser's Cache Storage.
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { startHarnessServer } from './llm-harness/serve.ts';

type Harness = Record<string, (...args: never[]) => Promise<unknown>>;

let server: Awaited<ReturnType<typeof startHarnessServer>>;
let browser: Browser;
let page: Page;
/** Uncaught exceptions on the page (e.g. a web-llm client getting a reply it does not know). */
const pageErrors: string[] = [];

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  server = await startHarnessServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => 'llmHarness' in window, null, { timeout: 120_000 });
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  return (await page.evaluate(
    ([n, a]) => ((window as unknown as { llmHarness: Harness }).llmHarness[n as string] as (...x: unknown[]) => Promise<unknown>)(...(a as unknown[])),
    [name, args] as const,
  )) as T;
}

interface Fit {
  id: string;
  status: string;
  reason: string;
  alternative?: string;
  slow?: boolean;
}

test('detects the SwiftShader adapter without shader-f16 and offers q4f32_1 builds', async () => {
  const r = await call<{
    probe: { ok: boolean; facts: { features: string[]; isFallbackAdapter: boolean; limits: Record<string, number>; info: Record<string, string> } };
    fits: Record<string, Fit>;
    recommended: string;
  }>('probe');
  expect(r.probe.ok).toBe(true);
  const facts = r.probe.facts;
  expect(facts.isFallbackAdapter).toBe(true);
  expect(facts.info.architecture).toBe('swiftshader');
  expect(facts.features).not.toContain('shader-f16');
  expect(facts.limits.maxStorageBufferBindingSize).toBe(2 ** 30);
  expect(r.fits['Qwen3-0.6B-q4f16_1-MLC']).toMatchObject({ status: 'needs-shader-f16', alternative: 'Qwen3-0.6B-q4f32_1-MLC' });
  expect(r.fits['Qwen3-0.6B-q4f32_1-MLC']).toMatchObject({ status: 'fits', slow: true });
  for (const f of Object.values(r.fits)) if (f.id.includes('q4f16')) expect(f.status, f.id).not.toBe('fits');
  expect(r.recommended).toMatch(/q4f32_1/);
});

test('streams a thinking reply through web-llm’s worker handler and client', async () => {
  const r = await call<{
    progress: number[];
    raw: string;
    reasoning: string;
    answer: string;
    usage: { completion_tokens: number; finish_reason: string; time_to_first_token_ms: number; decode_tokens_per_s: number };
  }>(
    'fakeChat',
    { reasoning: 'The user asks about paracetamol dosing.', text: 'Adults can take 500 mg to 1 g every 4 to 6 hours.', loadSteps: 4 },
    { thinking: true },
  );
  expect(r.progress.slice(0, 4)).toEqual([0.25, 0.5, 0.75, 1]);
  expect(r.raw.startsWith('<think>')).toBe(true);
  expect(r.reasoning).toBe('The user asks about paracetamol dosing.');
  expect(r.answer).toBe('Adults can take 500 mg to 1 g every 4 to 6 hours.');
  expect(r.usage.finish_reason).toBe('stop');
  expect(r.usage.completion_tokens).toBeGreaterThan(10);
  expect(r.usage.decode_tokens_per_s).toBeGreaterThan(0); // web-llm's usage.extra, via include_usage
});

test('device loss, missing shader-f16, abort, stop and a cancelled download: named errors, then recovery', async () => {
  const r = await call<{
    partial: string;
    deviceLost: { name: string; message: string };
    modelAfterLoss: string | null;
    shader: { name: string };
    aborted: { name: string };
    stopFinish: string;
    stoppedAt: number;
    after: string;
    cancelled: { name: string };
    fresh: string;
  }>('fakeFailures');
  expect(r.partial).toBe('one two three');
  expect(r.deviceLost.name).toBe('DeviceLostError');
  expect(r.deviceLost.message).toMatch(/GPU memory/);
  expect(r.modelAfterLoss).toBeNull();
  expect(r.shader.name).toBe('ShaderF16SupportError');
  expect(r.aborted.name).toBe('AbortedError');
  expect(r.stopFinish).toBe('abort');
  expect(r.stoppedAt).toBeGreaterThanOrEqual(5);
  expect(r.stoppedAt).toBeLessThan(100000);
  expect(r.after).toBe('word word ');
  expect(r.cancelled.name).toBe('AbortedError');
  expect(r.fresh).toBe('fresh worker');
});

test('the real web-llm worker boots and maps a failed download to ModelDownloadError', async () => {
  const r = await call<{ error: { name: string; message: string } | null }>('realWorkerOffline');
  expect(r.error?.name).toBe('ModelDownloadError');
  expect(r.error?.message).toMatch(/network/);
});

test('a partly cached model that cannot finish downloading is reported as incomplete', async () => {
  const r = await call<{ error: { name: string; message: string } | null; status: Array<{ status: string; missing: string[] }> }>('realWorkerIncomplete');
  expect(r.error?.name).toBe('IncompleteModelCacheError');
  expect(r.error?.message).toMatch(/partly downloaded/);
  expect(r.status[0]).toMatchObject({ status: 'incomplete' });
  expect(r.status[0].missing).toContain('params_shard_1.bin');
});

test('model cache helpers on the real Cache Storage: incomplete, complete, deleted', async () => {
  const r = await call<{
    partial: Array<{ status: string; missing: string[]; shards: { expected: number; present: number } }>;
    complete: Array<{ status: string; bytes: number; modelIds: string[] }>;
    removed: number;
    afterDelete: unknown[];
  }>('cache');
  expect(r.partial[0]).toMatchObject({ status: 'incomplete', missing: ['params_shard_1.bin'], shards: { expected: 3, present: 2 } });
  expect(r.complete[0]).toMatchObject({ status: 'complete', modelIds: ['Qwen3-0.6B-q4f32_1-MLC'] });
  expect(r.complete[0].bytes).toBeGreaterThan(3 * 4096);
  expect(r.removed).toBe(7);
  expect(r.afterDelete).toEqual([]);
});

test('no uncaught errors on the page through all of the above', () => {
  expect(pageErrors).toEqual([]);
});
