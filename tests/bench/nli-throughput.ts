// npm run bench:nli -- [--targets node,wasm] [--model small|full|both] [--pairs 64] [--batch 8] [--passes 2] [--dtypes fp32,q8]
//                      [--settings isolated,isolated-2,off]
//
// NLI throughput (claim–evidence pairs per second) of the project's NLI
// fixtures on realistic pairs (MedQuAD claims with their reference sentence,
// tests/eval/data/medquad-claims.jsonl): in Node (onnxruntime-node, cpu) and in
// headless Chromium in the app's model worker on WASM, once per setting:
//   isolated     COOP/COEP served, ONNX Runtime's own thread count (min(4, half the cores))
//   isolated-N   COOP/COEP served, N WASM threads (?threads=N)
//   off          no COOP/COEP (CLAIMLENS_ISOLATION=off): not cross-origin isolated, one thread
// "small" is the token-overlap test classifier (no transformer: tokenizer and
// call overhead only); "full" is a cross-encoder of nli-deberta-v3-xsmall's size
// (12 layers, 384 hidden; random weights; npm run fixtures -- --full).
// Results go to tests/bench/results/nli-throughput.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { buildFixtures, FIXTURE_IDS } from '../../scripts/build-fixtures.ts';
import { loadNodeNLIModel } from '../../src/cli/model-runtime.ts';
import type { ModelDevice, ModelDtype } from '../../src/core/models/types.ts';
import { launchChromium, openHarness, startHarnessServer } from '../e2e/models-harness/serve.ts';
import type { Harness } from '../e2e/models-harness/main.ts';

const CLAIMS = fileURLToPath(new URL('../eval/data/medquad-claims.jsonl', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/nli-throughput.json', import.meta.url));

interface Pair {
  premise: string;
  hypothesis: string;
}

/** (evidence sentence, claim) pairs, the way the checker asks: premise = evidence, hypothesis = claim. */
function loadPairs(n: number): Pair[] {
  const rows = readFileSync(CLAIMS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { claim: string; ref?: string });
  const pairs = rows.filter((r) => r.ref).map((r) => ({ premise: r.ref!, hypothesis: r.claim }));
  // Cycle when more pairs are asked for than the file has.
  return Array.from({ length: n }, (_, i) => pairs[i % pairs.length]);
}

interface Row {
  target: string;
  setting: string;
  crossOriginIsolated: boolean | null;
  threads: string;
  model: string;
  placement: string;
  pairs: number;
  seconds: number;
  pairsPerSecond: number;
  passSeconds: number[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string', default: 'node,wasm' },
      model: { type: 'string', default: 'both' },
      pairs: { type: 'string', default: '64' },
      batch: { type: 'string', default: '8' },
      passes: { type: 'string', default: '2' },
      // Applies to the full-size fixture; the small one has fp32 only.
      dtypes: { type: 'string', default: 'fp32,q8' },
      settings: { type: 'string', default: 'isolated,isolated-2,off' },
      out: { type: 'string', default: RESULTS },
    },
  });
  const targets = values.targets.split(',').map((s) => s.trim());
  const models = values.model === 'both' ? ['small', 'full'] : [values.model];
  const n = Number(values.pairs);
  const batch = Number(values.batch);
  const passes = Math.max(1, Number(values.passes));
  const dtypes = values.dtypes.split(',').map((s) => s.trim()) as ModelDtype[];
  const settings = values.settings.split(',').map((s) => s.trim());
  const ids: Record<string, string> = { small: FIXTURE_IDS.nli, full: FIXTURE_IDS.nliFull };
  for (const m of models) if (!ids[m]) throw new Error(`--model must be small, full or both (got ${m})`);
  for (const s of settings) if (!/^(isolated(-\d+)?|off)$/.test(s)) throw new Error(`--settings takes isolated, isolated-N or off (got ${s})`);
  const runs = models.flatMap((m) => (m === 'small' ? [[m, 'fp32']] : dtypes.map((d) => [m, d]))) as [string, ModelDtype][];

  await buildFixtures({ full: models.includes('full') });
  const pairs = loadPairs(n);
  const words = pairs.reduce((s, p) => s + `${p.premise} ${p.hypothesis}`.split(/\s+/).length, 0) / pairs.length;
  const loadStart = loadavg();
  console.log(
    `${pairs.length} (reference sentence, claim) pairs from MedQuAD, ${words.toFixed(0)} words per pair on average; batch ${batch}; ` +
      `${cpus().length} CPU cores (${cpus()[0]?.model ?? '?'}); load average ${loadStart.map((x) => x.toFixed(2)).join(', ')}`,
  );

  const rows: Row[] = [];
  if (targets.includes('node')) {
    for (const [m, dtype] of runs) {
      const nli = await loadNodeNLIModel(ids[m], { prefer: { dtype } });
      await nli.classify(pairs.slice(0, batch), { batchSize: batch });
      const passSeconds: number[] = [];
      for (let p = 0; p < passes; p++) {
        const t0 = performance.now();
        await nli.classify(pairs, { batchSize: batch });
        passSeconds.push((performance.now() - t0) / 1000);
      }
      // Best pass: the machine is shared.
      const seconds = Math.min(...passSeconds);
      const placement = `${nli.placement.device}/${nli.placement.dtype}`;
      rows.push({ target: 'node', setting: '-', crossOriginIsolated: null, threads: 'ort default', model: m, placement, pairs: pairs.length, seconds, pairsPerSecond: pairs.length / seconds, passSeconds });
      console.log(`node ${m} ${placement}: ${(pairs.length / seconds).toFixed(1)} pairs/s`);
      await nli.dispose();
    }
  }
  if (targets.includes('wasm')) {
    const device: ModelDevice = 'wasm';
    for (const setting of settings) {
      const threads = setting.startsWith('isolated-') ? setting.slice('isolated-'.length) : '';
      // The harness's Vite config reads this when the server starts.
      if (setting === 'off') process.env.CLAIMLENS_ISOLATION = 'off';
      else delete process.env.CLAIMLENS_ISOLATION;
      const server = await startHarnessServer();
      const browser = await launchChromium();
      try {
        const { page } = await openHarness(browser, threads ? `${server.url}?threads=${threads}` : server.url);
        const isolated = await page.evaluate(() => crossOriginIsolated);
        if (isolated !== (setting !== 'off')) throw new Error(`setting ${setting}: crossOriginIsolated is ${isolated}`);
        // ONNX Runtime Web's default when isolated: min(4, ceil(cores / 2)); 1 when not.
        const cores = await page.evaluate(() => navigator.hardwareConcurrency);
        const threadLabel = threads || (isolated ? `ort default (${Math.min(4, Math.ceil(cores / 2))})` : '1 (not isolated)');
        console.log(`Chromium ${browser.version()}, ${setting}: cross-origin isolated ${isolated ? 'yes' : 'no'}; WASM threads ${threadLabel}`);
        for (const [m, dtype] of runs) {
          const r = await page.evaluate(
            ([id, d, ps, b, p, t]) => (globalThis as unknown as { harness: Harness }).harness.nliThroughput(id, d, ps, b, p, t),
            [ids[m], device, pairs, batch, passes, dtype] as [string, ModelDevice, Pair[], number, number, ModelDtype],
          );
          const placement = `${r.placement.device}/${r.placement.dtype}`;
          rows.push({ target: 'chromium wasm', setting, crossOriginIsolated: isolated, threads: threadLabel, model: m, placement, pairs: pairs.length, seconds: r.seconds, pairsPerSecond: r.pairsPerSecond, passSeconds: r.passSeconds });
          console.log(`chromium wasm ${setting} ${m} ${placement}: ${r.pairsPerSecond.toFixed(1)} pairs/s`);
        }
      } finally {
        await browser.close();
        await server.close();
      }
    }
    delete process.env.CLAIMLENS_ISOLATION;
  }
  const loadEnd = loadavg();
  console.log(`\nload average at the end: ${loadEnd.map((x) => x.toFixed(2)).join(', ')}`);
  console.log('\n| target | setting | threads | model | ran on | pairs | seconds | pairs/s |\n| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.target} | ${r.setting} | ${r.threads} | ${r.model} | ${r.placement} | ${r.pairs} | ${r.seconds.toFixed(2)} | ${r.pairsPerSecond.toFixed(1)} |`);
  }
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        loadAverage: { start: loadStart, end: loadEnd },
        pairs: pairs.length,
        wordsPerPair: words,
        batch,
        passes,
        models: { small: FIXTURE_IDS.nli, full: FIXTURE_IDS.nliFull },
        rows,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwrote ${values.out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
