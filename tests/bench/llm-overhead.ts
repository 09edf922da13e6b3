// The app's overhead between the engine and the screen: the same scripted
// engine emitting at a fixed rate, consumed directly vs. through the path a
// real web-llm model takes — web-llm's WebWorkerMLCEngineHandler in a worker
// (FakeMLCEngine in place of the GPU model), web-llm's WebWorkerMLCEngine
// client (CreateWebWorkerMLCEngine), our MLCChatEngine adapter, WebLLMEngine.
//   Node:     FakeEngine on this thread vs. a worker_threads worker.
//   Chromium: FakeEngine on the page vs. a real Web Worker
//             (workers/fake-llm.worker.ts); each delta split by ThinkStream
//             and appended to a DOM text node (stands in for the Ask view).
// web-llm's client pulls every chunk with a request/response round trip
// (completionStreamNextChunk), and web-llm decodes a token only when asked,
// so by default the fake paces like that ('step': each token takes 1/rate
// after it is asked for); `--pacing schedule` lets the engine run ahead.
// Prints tokens/s both ways, % loss and added time to first token. Goal:
// < 3 % loss, < 50 ms added TTFT.
//   npm run bench:llm [-- --node-only | --browser-only] [-- --runs 5] [-- --pacing step|schedule]
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { FakeEngine, fakeModelId, type FakeScript } from '../../src/testing/fake-engine.ts';
import { ThinkStream } from '../../src/core/engine/think-stream.ts';
import type { ChatEngine } from '../../src/core/engine/types.ts';
import { WebLLMEngine } from '../../src/lib/webllm-engine.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { startHarnessServer } from '../e2e/llm-harness/serve.ts';
import { nodeFakeWorker } from '../support/llm-workers.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const node = !args.includes('--browser-only');
const browser = !args.includes('--node-only');
const pacing: 'step' | 'schedule' = args.includes('--pacing') && args[args.indexOf('--pacing') + 1] === 'schedule' ? 'schedule' : 'step';

/** Rates to test; 0 = as fast as the engine can (the path's ceiling). */
const CASES = [
  { rate: 20, tokens: 80 },
  { rate: 50, tokens: 150 },
  { rate: 100, tokens: 300 },
  { rate: 200, tokens: 500 },
  { rate: 500, tokens: 1000 },
  { rate: 1000, tokens: 2000 },
  { rate: 0, tokens: 5000 },
];

interface Side {
  tokens_per_s: number;
  ttft_ms: number;
}
interface Result {
  rate: number;
  tokens: number;
  direct: Side;
  worker: Side;
  loss_pct: number;
  added_ms_per_token: number;
  added_ttft_ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function consume(engine: ChatEngine, max_tokens?: number): Promise<Side> {
  const think = new ThinkStream();
  let shown = '';
  const t0 = performance.now();
  let first = -1;
  let last = t0;
  let n = 0;
  for await (const c of engine.chat([{ role: 'user', content: 'benchmark' }], max_tokens ? { max_tokens } : {})) {
    if (c.kind !== 'delta') continue;
    last = performance.now();
    if (first < 0) first = last;
    n++;
    shown += think.push(c.delta).answer;
  }
  if (shown.length === 0) throw new Error('nothing reached the screen');
  return { ttft_ms: first - t0, tokens_per_s: n > 1 ? ((n - 1) * 1000) / (last - first) : 0 };
}

async function nodeCase(rate: number, tokens: number): Promise<Result> {
  const script: FakeScript = { text: 'word ', answerTokens: tokens, tokensPerSecond: rate, pacing };
  const local = new FakeEngine(script);
  await local.load('fake:{}');
  const worker = new WebLLMEngine({ createWorker: nodeFakeWorker });
  try {
    await worker.load(fakeModelId(script));
    await consume(local); // warm up both paths (JIT, first-message costs)
    await consume(worker);
    const d: Side[] = [];
    const w: Side[] = [];
    for (let i = 0; i < runs; i++) {
      d.push(await consume(local));
      w.push(await consume(worker));
    }
    return summarize(rate, tokens, d, w);
  } finally {
    worker.dispose();
  }
}

// Each worker run is paired with the direct run just before it, so load
// from other processes that drifts during the benchmark hits both alike:
// loss, added time per token and added TTFT are medians of the pairs.
function summarize(rate: number, tokens: number, d: Side[], w: Side[]): Result {
  const direct = { tokens_per_s: median(d.map((x) => x.tokens_per_s)), ttft_ms: median(d.map((x) => x.ttft_ms)) };
  const worker = { tokens_per_s: median(w.map((x) => x.tokens_per_s)), ttft_ms: median(w.map((x) => x.ttft_ms)) };
  const pairs = d.map((x, i) => [x, w[i]] as const);
  return {
    rate,
    tokens,
    direct,
    worker,
    loss_pct: median(pairs.map(([a, b]) => (100 * (a.tokens_per_s - b.tokens_per_s)) / a.tokens_per_s)),
    added_ms_per_token: median(pairs.map(([a, b]) => 1000 / b.tokens_per_s - 1000 / a.tokens_per_s)),
    added_ttft_ms: median(pairs.map(([a, b]) => b.ttft_ms - a.ttft_ms)),
  };
}

function print(title: string, rows: Result[]): void {
  console.log(`\n${title}`);
  console.log('rate (tok/s)  tokens   direct tok/s   worker tok/s   loss %   added ms/token   direct TTFT ms   worker TTFT ms   added TTFT ms');
  for (const r of rows) {
    const rate = r.rate === 0 ? 'max' : String(r.rate);
    console.log(
      [
        rate.padStart(12),
        String(r.tokens).padStart(7),
        r.direct.tokens_per_s.toFixed(0).padStart(14),
        r.worker.tokens_per_s.toFixed(0).padStart(14),
        r.loss_pct.toFixed(2).padStart(8),
        // What each token costs on top; loss at a rate r is about cost·r.
        r.added_ms_per_token.toFixed(3).padStart(16),
        r.direct.ttft_ms.toFixed(2).padStart(16),
        r.worker.ttft_ms.toFixed(2).padStart(16),
        r.added_ttft_ms.toFixed(2).padStart(15),
      ].join(' '),
    );
  }
  const paced = rows.filter((r) => r.rate > 0);
  const meets = (r: Result) => r.loss_pct < 3 && r.added_ttft_ms < 50;
  for (const r of paced) console.log(`goal (< 3 % loss, < 50 ms added TTFT) at ${r.rate} tok/s: ${meets(r) ? 'met' : 'NOT met'}`);
  const best = paced.filter(meets).map((r) => r.rate);
  console.log(best.length ? `highest fixed rate meeting the goal: ${Math.max(...best)} tok/s` : 'no fixed rate met the goal');
}

async function main(): Promise<void> {
  console.log(`LLM overhead benchmark — median of ${runs} runs per case; pacing '${pacing}'; "max" = engine unthrottled (ceiling of each path).`);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (timings are noisy on a busy machine)`);
  if (node) {
    const rows: Result[] = [];
    for (const c of CASES) rows.push(await nodeCase(c.rate, c.tokens));
    print("Node: FakeEngine on this thread vs. WebLLMEngine over web-llm's handler in worker_threads", rows);
  }
  if (browser) {
    const server = await startHarnessServer();
    const b = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await b.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => 'llmHarness' in window, null, { timeout: 120_000 });
      const rows: Result[] = [];
      for (const c of CASES) {
        rows.push(
          await page.evaluate(
            ([rate, tokens, n, p]) =>
              (window as unknown as { llmHarness: { bench(r: number, t: number, n: number, p: string): Promise<Result> } }).llmHarness.bench(rate, tokens, n, p),
            [c.rate, c.tokens, runs, pacing] as const,
          ),
        );
      }
      const version = b.version();
      print(`Chromium ${version} (headless): FakeEngine on the page vs. WebLLMEngine + web-llm's handler in a Web Worker, ThinkStream + DOM text sink`, rows);
    } finally {
      await b.close();
      await server.close();
    }
  }
}

await main();
