// `npm run bench:table [-- rows]`: how smoothly the claim table
// (src/components/claims/ClaimTable.svelte) scrolls with 50,000 claims, in
// headless Chromium at 1280×900 (tests/bench/table-harness: the real
// component, the app's styles, generated claims of five models). Measures the
// time to the first paint with rows, frame times (requestAnimationFrame
// deltas) while the list is scrolled from top to bottom in ~5 s and while it
// is scrolled by wheel events, a few far jumps, the longest main-thread task
// (PerformanceObserver 'longtask'), the row elements in the page, and the time
// a text filter and a verdict filter take. Prints the figures and writes
// tests/bench/results/table-scroll.json. A benchmark, not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';

const n = Number(process.argv[2] ?? 50_000);
const out = resolve(import.meta.dirname, 'results/table-scroll.json');

const server = await createServer({ configFile: fileURLToPath(new URL('./table-harness/vite.config.ts', import.meta.url)) });
await server.listen();
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4383/';
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}?n=${n}`);
  await page.waitForFunction(() => 'harness' in globalThis, null, { timeout: 120_000 });
  type Harness = Record<string, (...a: unknown[]) => Promise<unknown>>;
  const call = <T>(fn: string, ...args: unknown[]) =>
    page.evaluate(([f, a]) => (globalThis as unknown as { harness: Harness }).harness[f](...a), [fn, args] as const) as Promise<T>;

  const load = loadavg();
  const firstRender = await call<Record<string, number>>('mount');
  const scroll = await call<Record<string, number>>('scrollThrough', 5000);

  // Wheel scrolling: 100 px a notch, one notch every ~16 ms, for ~3 s from the top.
  await page.evaluate(() => {
    const s = document.querySelector<HTMLElement>('[data-testid="table-scroll"]')!;
    s.scrollTop = 0;
  });
  const box = (await page.locator('[data-testid="table-scroll"]').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await call('startRecording');
  const wheelStart = Date.now();
  while (Date.now() - wheelStart < 3000) {
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(16);
  }
  const wheel = await call<Record<string, number>>('stopRecording');
  const jumps = await call<Record<string, number>>('jumps');

  const textFilter = await call<Record<string, unknown>>('filter', 'table-text', 'insulin', 'input');
  const textCleared = await call<Record<string, unknown>>('filter', 'table-text', '', 'input');
  const verdictFilter = await call<Record<string, unknown>>('filter', 'table-verdict', 'contradicted', 'change');
  const verdictCleared = await call<Record<string, unknown>>('filter', 'table-verdict', 'all', 'change');
  const ungroup = await call<Record<string, unknown>>('filter', 'table-group', '', 'change');
  const regroup = await call<Record<string, unknown>>('filter', 'table-group', 'on', 'change');

  const result = {
    date: new Date().toISOString(),
    rows: n,
    viewport: '1280x900',
    chromium: browser.version(),
    cpus: cpus().length,
    loadAverage: load.map((x) => Math.round(x * 100) / 100),
    firstRender,
    scrollTopToBottom: scroll,
    wheel,
    jumps,
    filters: { text: textFilter, textCleared, verdict: verdictFilter, verdictCleared, ungroup, regroup },
  };
  const r = (x: unknown) => (typeof x === 'number' ? Math.round(x * 10) / 10 : x);
  console.log(`claim table, ${n} claims, Chromium ${result.chromium}, load average ${result.loadAverage.join(' ')} (${result.cpus} CPUs)`);
  console.log(`first render: ${r(firstRender.firstRenderMs)} ms (generating the items ${r(firstRender.generateMs)} ms apart), ${firstRender.rowsShown} rows, ${firstRender.domRows} row elements, longest task ${r(firstRender.longestTaskMs)} ms`);
  for (const [name, s] of [
    ['scroll top→bottom', scroll],
    ['wheel scroll', wheel],
  ] as const) {
    console.log(
      `${name}: ${s.frames} frames, median ${r(s.medianMs)} ms, p95 ${r(s.p95Ms)} ms, max ${r(s.maxMs)} ms, ${r(s.over50msShare * 100)} % over 50 ms, longest task ${r(s.longestTaskMs)} ms, at most ${s.maxDomRows} row elements`,
    );
  }
  console.log(`scrolled to the end: ${scroll.lastRowShown === scroll.rows - 1 ? 'yes' : 'no'} (last row in the page ${scroll.lastRowShown + 1} of ${scroll.rows})`);
  console.log(`jumps: ${jumps.jumps}, median ${r(jumps.medianMs)} ms, max ${r(jumps.maxMs)} ms to paint, longest task ${r(jumps.longestTaskMs)} ms`);
  for (const [name, f] of Object.entries(result.filters)) {
    if (f) console.log(`filter ${name}: ${r(f.updateMs)} ms to the DOM, ${r(f.paintMs)} ms to the paint, longest task ${r(f.longestTaskMs)} ms — "${f.count}"`);
  }
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}
