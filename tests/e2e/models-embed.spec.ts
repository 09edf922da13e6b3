// The model worker in headless Chromium: the fixture encoder through the same
// transformers.js path as the real models, on WASM and on the SwiftShader
// WebGPU adapter, with ONNX Runtime and model files served by the app itself.
// Runs its own Vite server (port 4373 when free) and browser, so it needs no app build.
import { test, expect } from '@playwright/test';
import type { Browser, Page } from 'playwright-core';
import { buildFixtures, FIXTURE_IDS } from '../../scripts/build-fixtures.ts';
import { launchChromium, openHarness, startHarnessServer, type HarnessServer } from './models-harness/serve.ts';
import type { DeviceLossRun, EmbedRun, Harness } from './models-harness/main.ts';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

const TEXTS = [
  'Aspirin lowers the risk of a second heart attack.',
  'Low-dose aspirin reduces the risk of heart attack.',
  'Vitamin D deficiency causes rickets in children.',
  'Children with rickets often lack vitamin D.',
  'Metformin is a first-line drug for type 2 diabetes and is usually taken with meals to reduce stomach upset.',
];

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

let server: HarnessServer;
let browser: Browser;
let page: Page;
let requests: string[];

test.beforeAll(async () => {
  await buildFixtures();
  server = await startHarnessServer();
  browser = await launchChromium();
  ({ page, requests } = await openHarness(browser, server.url));
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const run = (fn: string, ...args: unknown[]) =>
  page.evaluate(([f, a]) => (globalThis as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[f as string](...(a as unknown[])), [fn, args] as const);

function checkVectors(r: EmbedRun): void {
  expect(r.dim).toBe(384);
  expect(r.vectors).toHaveLength(TEXTS.length);
  for (const v of r.vectors) {
    expect(v).toHaveLength(384);
    expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 4);
  }
  const [a1, a2, d1, d2, m] = r.vectors;
  expect(dot(a1, a2)).toBeGreaterThan(dot(a1, d1));
  expect(dot(d1, d2)).toBeGreaterThan(dot(d1, m));
}

let wasmRun: EmbedRun;

test('the worker sees a WebGPU adapter without shader-f16 (SwiftShader)', async () => {
  const caps = (await run('capabilities')) as Awaited<ReturnType<Harness['capabilities']>>;
  expect(caps).toEqual({ runtime: 'browser', webgpu: true, shaderF16: false });
});

test('embeds on WASM: 384-dim unit vectors, similar texts closer', async () => {
  wasmRun = (await run('embed', FIXTURE_IDS.encoder, 'wasm', TEXTS, 2)) as EmbedRun;
  expect(wasmRun.placement).toEqual({ device: 'wasm', dtype: 'fp32' });
  expect(wasmRun.fallbacks).toEqual([]);
  expect(wasmRun.events).toContain('ready');
  checkVectors(wasmRun);
});

test('embeds on WebGPU with the same results as WASM', async () => {
  const gpu = (await run('embed', FIXTURE_IDS.encoder, 'webgpu', TEXTS, 2)) as EmbedRun;
  // A fallback to WASM would also give good vectors: insist on the GPU.
  expect(gpu.placement).toEqual({ device: 'webgpu', dtype: 'fp32' });
  expect(gpu.fallbacks).toEqual([]);
  checkVectors(gpu);
  for (let i = 0; i < TEXTS.length; i++) expect(dot(gpu.vectors[i], wasmRun.vectors[i])).toBeGreaterThan(0.99);
});

test('classifies text pairs with the NLI fixture in the worker', async () => {
  const r = (await run('classify', FIXTURE_IDS.nli, 'wasm', [
    { premise: 'Aspirin reduces the risk of heart attack.', hypothesis: 'Aspirin reduces the risk of heart attack.' },
    { premise: 'Aspirin reduces the risk of heart attack.', hypothesis: 'Aspirin does not reduce the risk of heart attack.' },
  ])) as { placement: unknown; scores: { entailment: number; contradiction: number; neutral: number }[] };
  expect(r.placement).toEqual({ device: 'wasm', dtype: 'fp32' });
  expect(r.scores).toHaveLength(2);
  expect(r.scores[0].entailment).toBeGreaterThan(r.scores[0].contradiction);
  expect(r.scores[1].contradiction).toBeGreaterThan(r.scores[1].entailment);
});

test('a lost GPU device moves the model to WASM in a fresh worker, reports it, and keeps the other models', async () => {
  const r = (await run('deviceLoss', FIXTURE_IDS.encoder, FIXTURE_IDS.nli, TEXTS.slice(0, 3))) as DeviceLossRun;
  expect(r.destroyed).toBe(true);
  expect(r.before).toEqual({ device: 'webgpu', dtype: 'fp32' });
  expect(r.after).toEqual({ device: 'wasm', dtype: 'fp32' });
  expect(r.restarts).toBe(1);
  expect(r.fallbacks).toHaveLength(1);
  expect(r.fallbacks[0]).toMatchObject({ from: { device: 'webgpu' }, to: { device: 'wasm' } });
  expect(r.fallbacks[0].reason).toMatch(/lost/i);
  expect(r.events).toContain('fallback');
  // Same vectors before (GPU) and after (WASM).
  for (const c of r.cosines) expect(c).toBeGreaterThan(0.99);
  expect(r.nliPlacement).toEqual({ device: 'wasm', dtype: 'fp32' });
  expect(r.nliEntailment).toBeGreaterThan(0.5);
});

test('a missing model fails with ModelLoadError across the worker boundary', async () => {
  const err = (await run('loadError', 'Xenova/all-MiniLM-L6-v2')) as { name: string; message: string; isError: boolean };
  expect(err).toMatchObject({ name: 'ModelLoadError', isError: true });
  expect(err.message).toMatch(/models:mirror/);
});

test('nothing is fetched from outside the app (ORT wasm and models included)', async () => {
  const origin = new URL(server.url).origin;
  expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
  expect(requests.some((u) => u.includes('/models/fixtures/claimlens-fixture-minilm/onnx/model.onnx'))).toBe(true);
  const outside = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  expect(outside).toEqual([]);
});
