// What the Ask view itself costs between the engine and the screen: the e2e
// build of the app (vite build --mode e2e) in headless Chromium, the
// "Fake (test)" engine — web-llm's handler in a real Web Worker with the
// scripted FakeMLCEngine inside, web-llm's client, WebLLMEngine — playing a
// fixed-rate script, and the REAL Ask view: Send, the chat state (ThinkStream,
// Svelte state), the answer rendered into the DOM. Measured in the page:
//   rate on screen — characters appearing in the answer element, timed by a
//                    MutationObserver (each token of the script is " word");
//   engine's rate  — decode tokens/s the engine reports from inside the worker;
//   added TTFT     — from the Send click to the first answer text on screen,
//                    minus the engine's own time to first token.
// Goal: < 3 % loss against the engine's rate, < 50 ms added TTFT.
//   npm run bench:ask [-- --runs 5] [-- --pacing step|schedule] [-- --no-build]
// (also run by npm run bench:llm, after the engine-path benchmark).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import type { FakeScript } from '../../src/testing/fake-engine.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const pacing: 'step' | 'schedule' = args.includes('--pacing') && args[args.indexOf('--pacing') + 1] === 'schedule' ? 'schedule' : 'step';
const CASES = [
  { rate: 50, tokens: 200 },
  { rate: 200, tokens: 600 },
  { rate: 1000, tokens: 2000 },
];
// A model without a thinking switch: the script's tokens are the answer, nothing else.
const MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const TOKEN = ' word';

const root = fileURLToPath(new URL('../../', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Run {
  screen_tps: number;
  engine_tps: number;
  ui_ttft_ms: number;
  engine_ttft_ms: number;
  tokens: number;
}

async function setUp(page: Page, script: FakeScript): Promise<void> {
  const change = page.getByTestId('change-model');
  if ((await change.count()) > 0 && (await change.textContent())?.includes('Change')) await change.click();
  await page.getByTestId('engine-kind-fake').check();
  await page.getByTestId('test-script').fill(JSON.stringify(script));
  await page.locator(`[data-testid="model-row"][data-model="${MODEL}"]`).click();
  await page.getByTestId('load-model').click();
  await page.getByTestId('engine-loaded').filter({ hasText: 'Ready' }).waitFor({ timeout: 60_000 });
}

async function once(page: Page, expected: number): Promise<Run> {
  await page.getByTestId('new-conversation').click();
  await page.getByTestId('question-input').fill('benchmark');
  // Watch the answer text grow; time the click before the app's own handler runs.
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { click: number; samples: Array<[number, number]> } };
    w.__bench = { click: -1, samples: [] };
    const list = document.querySelector('[data-testid="message-list"]')!;
    const observer = new MutationObserver(() => {
      const t = performance.now();
      const answers = list.querySelectorAll('[data-testid="answer-text"]');
      const el = answers[answers.length - 1];
      if (!el) return;
      const n = el.textContent?.length ?? 0;
      const last = w.__bench.samples.at(-1);
      if (n > 0 && (!last || n > last[1])) w.__bench.samples.push([t, n]);
    });
    observer.observe(list, { subtree: true, childList: true, characterData: true });
    document.addEventListener('click', () => (w.__bench.click = performance.now()), { capture: true, once: true });
    (w as unknown as { __benchObserver: MutationObserver }).__benchObserver = observer;
  });
  await page.getByTestId('send-button').click();
  const speed = page.getByTestId('answer-speed').last();
  await speed.waitFor({ timeout: 120_000 });
  await page.getByTestId('stop-button').waitFor({ state: 'detached', timeout: 120_000 });
  const b = await page.evaluate(() => {
    const w = window as unknown as { __bench: { click: number; samples: Array<[number, number]> }; __benchObserver: MutationObserver };
    w.__benchObserver.disconnect();
    return w.__bench;
  });
  const engineTps = Number(await speed.getAttribute('data-decode-tps'));
  const engineTtft = Number(await speed.getAttribute('data-engine-ttft-ms'));
  const tokens = Number(await speed.getAttribute('data-tokens'));
  if (tokens !== expected) throw new Error(`expected ${expected} tokens, the engine sent ${tokens}`);
  const [t0, n0] = b.samples[0];
  const [t1, n1] = b.samples.at(-1)!;
  const tokensSeen = (n: number) => Math.ceil(n / TOKEN.length);
  if (tokensSeen(n1) !== expected) throw new Error(`the screen showed ${tokensSeen(n1)} of ${expected} tokens`);
  return {
    screen_tps: ((tokensSeen(n1) - tokensSeen(n0)) * 1000) / (t1 - t0),
    engine_tps: engineTps,
    ui_ttft_ms: t0 - b.click,
    engine_ttft_ms: engineTtft,
    tokens,
  };
}

async function main(): Promise<void> {
  if (!args.includes('--no-build') || !existsSync(`${root}dist-e2e/index.html`)) {
    console.log('Building the e2e app (vite build --mode e2e)…');
    execFileSync('npx', ['vite', 'build', '--mode', 'e2e', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  }
  const server = await preview({ root, mode: 'e2e', logLevel: 'error', preview: { host: '127.0.0.1', port: 0 } });
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}#/ask`);
    // Let the checker finish loading evidence first: it would compete for the CPU.
    await page.waitForFunction(() => /passages/.test(document.querySelector('[data-testid="evidence-status"]')?.textContent ?? ''), null, {
      timeout: 300_000,
    });
    console.log(`Ask view overhead, headless Chromium, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}, pacing ${pacing}, ${runs} runs, medians`);
    // loss %: what the Ask view loses against the engine's own rate (the goal);
    // path loss %: the screen against the script's rate, web-llm's worker protocol included.
    console.log('rate   engine tok/s   screen tok/s   loss %   path loss %   UI TTFT ms   engine TTFT ms   added TTFT ms');
    const rows = [];
    for (const c of CASES) {
      await setUp(page, { tokens: [TOKEN], answerTokens: c.tokens, tokensPerSecond: c.rate, pacing, loadSteps: 1 });
      await once(page, c.tokens); // warm-up
      const rs: Run[] = [];
      for (let i = 0; i < runs; i++) rs.push(await once(page, c.tokens));
      const engine = median(rs.map((r) => r.engine_tps));
      const screen = median(rs.map((r) => r.screen_tps));
      const loss = median(rs.map((r) => (1 - r.screen_tps / r.engine_tps) * 100));
      const pathLoss = median(rs.map((r) => (1 - r.screen_tps / c.rate) * 100));
      const uiTtft = median(rs.map((r) => r.ui_ttft_ms));
      const engineTtft = median(rs.map((r) => r.engine_ttft_ms));
      const added = median(rs.map((r) => r.ui_ttft_ms - r.engine_ttft_ms));
      rows.push({ rate: c.rate, engine, screen, loss, added });
      console.log(
        `${String(c.rate).padStart(4)}   ${engine.toFixed(1).padStart(12)}   ${screen.toFixed(1).padStart(12)}   ${loss.toFixed(1).padStart(6)}   ${pathLoss.toFixed(1).padStart(11)}   ${uiTtft.toFixed(1).padStart(10)}   ${engineTtft.toFixed(1).padStart(14)}   ${added.toFixed(1).padStart(13)}`,
      );
    }
    const ok = rows.filter((r) => r.loss < 3 && r.added < 50).map((r) => r.rate);
    console.log(`Goal (< 3 % loss, < 50 ms added TTFT) met at: ${ok.length ? ok.join(', ') + ' tok/s' : 'no rate tested'}`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

await main();
