// Retrieval benchmark: `npm run bench:retrieval` (not a test).
//   --sizes=10k,100k,1m   corpus sizes (default all three)
//   --env=node,chromium   where to run (default both)
//   --hard                also run a 100k set with weaker cluster structure
// Node runs in this process; Chromium runs the same code (bundled with
// esbuild) in a module worker of a headless page served on 127.0.0.1:4473.
// Prints a table per environment and writes tests/bench/results/retrieval-<env>.json.
import { createServer, type Server } from 'node:http';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRetrievalBench, type IndexResult, type MemorySample } from './retrieval-core.ts';
import { makeConfigs, type SerializableConfig } from './retrieval-config.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PORT = 4473;

function arg(name: string): string | undefined {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`) || x === `--${name}`);
  return a === undefined ? undefined : (a.split('=')[1] ?? 'true');
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`Bad size "${s}" (use e.g. 10k, 100k, 1m)`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1));
}

const sizes = (arg('sizes') ?? '10k,100k,1m').split(',').map(parseSize);
const envs = (arg('env') ?? 'node,chromium').split(',');
const hard = arg('hard') !== undefined;

function fmtBytes(b: number | undefined): string {
  if (b === undefined || Number.isNaN(b)) return '–';
  const mib = b / 2 ** 20;
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${mib.toFixed(1)} MiB`;
}
function fmtMs(x: number): string {
  return Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function table(results: IndexResult[]): string {
  const head = ['n', 'data', 'index', 'params', 'build s', 'index bytes', 'RSS Δ', 'heap Δ', 'q', 'p50 ms', 'p95 ms', 'cpu p50', 'cpu p95', 'recall@10', 'load'];
  const rows = results.map((r) => [
    r.n >= 1e6 ? `${r.n / 1e6}M` : `${r.n / 1e3}k`,
    r.data,
    r.index,
    r.params ? Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ') : '',
    Number.isNaN(r.buildMs) ? '–' : (r.buildMs / 1000).toFixed(2),
    fmtBytes(r.indexBytes),
    fmtBytes(r.rssDeltaBytes),
    fmtBytes(r.heapDeltaBytes),
    String(r.queries),
    fmtMs(r.p50Ms),
    fmtMs(r.p95Ms),
    r.cpuP50Ms === undefined ? '–' : fmtMs(r.cpuP50Ms),
    r.cpuP95Ms === undefined ? '–' : fmtMs(r.cpuP95Ms),
    Number.isNaN(r.recallAt10) ? '–' : r.recallAt10.toFixed(3),
    r.load === undefined ? '–' : r.load.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const notes = results.filter((r) => r.note).map((r) => `  note (${r.n} ${r.index}): ${r.note}`);
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...notes].join('\n');
}

/**
 * Goals of the issue: p95 < 20 ms at 100k and < 100 ms at 1M with recall@10
 * ≥ 0.95. Judged on wall time; where wall time misses but per-query CPU time
 * (Node) meets it, the machine was busy with other work and that is said.
 */
export function goalVerdicts(results: IndexResult[]): string[] {
  const goals = [
    { n: 100_000, p95: 20 },
    { n: 1_000_000, p95: 100 },
  ];
  const out: string[] = [];
  for (const g of goals) {
    const cands = results.filter((r) => r.n === g.n && r.data === 'clustered' && r.recallAt10 >= 0.95);
    if (results.every((r) => r.n !== g.n)) continue;
    const describe = (r: IndexResult) =>
      `${r.index} ${r.params ? JSON.stringify(r.params) : ''} p95 ${fmtMs(r.p95Ms)} ms wall` +
      (r.cpuP95Ms !== undefined ? ` / ${fmtMs(r.cpuP95Ms)} ms CPU` : '') +
      `, recall@10 ${r.recallAt10.toFixed(3)}` +
      (r.load !== undefined ? `, load ${r.load.toFixed(1)}` : '');
    const wall = cands.filter((r) => r.p95Ms < g.p95).sort((a, b) => a.p95Ms - b.p95Ms)[0];
    const cpu = cands.filter((r) => (r.cpuP95Ms ?? Infinity) < g.p95).sort((a, b) => a.cpuP95Ms! - b.cpuP95Ms!)[0];
    if (wall) out.push(`goal ${g.n / 1000}k (p95 < ${g.p95} ms, recall ≥ 0.95): MET by ${describe(wall)}`);
    else if (cpu) out.push(`goal ${g.n / 1000}k (p95 < ${g.p95} ms, recall ≥ 0.95): MET on CPU time only (wall time inflated by a loaded machine): ${describe(cpu)}`);
    else out.push(`goal ${g.n / 1000}k (p95 < ${g.p95} ms, recall ≥ 0.95): NOT MET`);
  }
  return out;
}

function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version };
}

function report(env: string, results: IndexResult[], extra: Record<string, unknown>) {
  const verdicts = goalVerdicts(results);
  console.log(`\n=== ${env} ===\n${table(results)}\n${verdicts.join('\n')}\n`);
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `retrieval-${env}.json`),
    JSON.stringify({ env, date: new Date().toISOString(), machine: machine(), ...extra, goals: verdicts, results }, null, 2) + '\n',
  );
}

async function runNode() {
  const gc = (globalThis as { gc?: () => void }).gc;
  const load0 = loadavg();
  const results: IndexResult[] = [];
  for (const cfg of makeConfigs({ sizes, f32UpTo: 1_000_000, hard })) {
    results.push(
      ...(await runRetrievalBench(cfg, {
        name: 'node',
        log: (m) => console.log(m),
        gc,
        cpuMs: () => {
          const u = process.cpuUsage();
          return (u.user + u.system) / 1000;
        },
        load: () => loadavg()[0],
        memory: async (): Promise<MemorySample> => {
          const m = process.memoryUsage();
          return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
        },
      })),
    );
  }
  report('node', results, { loadavgBefore: load0, loadavgAfter: loadavg(), gcExposed: Boolean(gc) });
}

/** RSS of a process and its descendants, from /proc (Linux). */
function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // Gone.
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function runChromium() {
  const { build } = await import('esbuild');
  const bundle = await build({
    entryPoints: [join(here, 'retrieval-worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: false,
  });
  const workerJs = bundle.outputFiles[0].text;
  const html = `<!doctype html><meta charset="utf-8"><title>retrieval bench</title><body>bench</body>`;
  const server: Server = createServer((req, res) => {
    if (req.url === '/worker.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(workerJs);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  const { chromium } = await import('playwright-core');
  const browserServer = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
  const rootPid = browserServer.process().pid!;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const load0 = loadavg();
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(loadavg()[0]), 5000);
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`[chromium] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[chromium error] ${e.message}`));
    await page.exposeFunction('benchRss', () => treeRss(rootPid));
    await page.goto(`http://127.0.0.1:${PORT}/`);
    const ua = await page.evaluate(() => navigator.userAgent);
    // Chromium gives one renderer a few GiB at most: no 1.5 GiB f32 store at 1M there.
    const cfg: SerializableConfig = { sizes, f32UpTo: 100_000, hard: false };
    const results = (await page.evaluate(
      (c) =>
        new Promise((resolve, reject) => {
          const w = new Worker('/worker.js', { type: 'module' });
          w.onmessage = async (e: MessageEvent) => {
            const m = e.data as { type: string; text?: string; results?: unknown; id?: number };
            if (m.type === 'log') console.log(m.text);
            else if (m.type === 'memory') {
              const rss = await (window as unknown as { benchRss: () => Promise<number> }).benchRss();
              w.postMessage({ type: 'memory', id: m.id, rss });
            } else if (m.type === 'done') resolve(m.results);
            else if (m.type === 'error') reject(new Error(m.text));
          };
          w.onerror = (e) => reject(new Error(e.message));
          w.postMessage({ type: 'run', config: c });
        }),
      cfg,
    )) as unknown as IndexResult[];
    const meanLoad = loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length);
    report('chromium', results, {
      userAgent: ua,
      loadavgBefore: load0,
      loadavgAfter: loadavg(),
      loadDuringRun: { mean: +meanLoad.toFixed(2), max: Math.max(0, ...loads) },
    });
    console.log(`load average during the Chromium run: mean ${meanLoad.toFixed(1)}, max ${Math.max(0, ...loads).toFixed(1)} (2 cores)`);
  } finally {
    clearInterval(sampler);
    await browser.close();
    await browserServer.close();
    server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const env of envs) {
    if (env === 'node') await runNode();
    else if (env === 'chromium') await runChromium();
    else throw new Error(`Unknown env "${env}" (node, chromium)`);
  }
}
