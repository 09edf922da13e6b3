// npm run bench:embed -- [--targets node,wasm,webgpu] [--model small|full|both] [--chunks 128] [--webgpu-chunks 32] [--batch 16] [--passes 2] [--dtypes fp32,q8] [--threads N]
// CLAIMLENS_ISOLATION=off serves the Chromium harness without COOP/COEP (no WASM threads then).
//
// Embedding throughput (chunks per second) of the project's fixture encoders
// over real evidence-sized chunks (PubMedQA abstracts cut into 1–3 sentence
// passages), in Node (onnxruntime-node, cpu), and in headless Chromium in the
// app's model worker on WASM and on WebGPU (SwiftShader here, a real GPU
// elsewhere). "small" is the 1-layer test fixture; "full" has the complete
// all-MiniLM-L6-v2 architecture (6 layers, 384 hidden, 12 heads, 1536 FFN)
// with random weights, so its figures stand in for the real model's.
import { readFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { buildFixtures, FIXTURE_IDS } from '../../scripts/build-fixtures.ts';
import { loadNodeEmbedder } from '../../src/cli/model-runtime.ts';
import { sentences } from '../../src/core/text/sentences.ts';
import type { ModelDevice, ModelDtype } from '../../src/core/models/types.ts';
import { launchChromium, openHarness, startHarnessServer } from '../e2e/models-harness/serve.ts';
import type { Harness } from '../e2e/models-harness/main.ts';

const PUBMEDQA = fileURLToPath(new URL('../../../shared/data/pubmedqa/ori_pqal.json', import.meta.url));

function loadChunks(n: number): string[] {
  if (!existsSync(PUBMEDQA)) {
    throw new Error(`PubMedQA is missing at ${PUBMEDQA}; the benchmark reads ../shared/data beside the checkout.`);
  }
  const data = JSON.parse(readFileSync(PUBMEDQA, 'utf8')) as Record<string, { CONTEXTS: string[] }>;
  const chunks: string[] = [];
  for (const rec of Object.values(data)) {
    for (const ctx of rec.CONTEXTS) {
      const ss = sentences(ctx);
      for (let i = 0; i < ss.length; i += 3) {
        chunks.push(ss.slice(i, i + 3).join(' '));
        if (chunks.length >= n) return chunks;
      }
    }
  }
  return chunks;
}

interface Row {
  target: string;
  model: string;
  placement: string;
  chunks: number;
  seconds: number;
  chunksPerSecond: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string', default: 'node,wasm,webgpu' },
      model: { type: 'string', default: 'small' },
      chunks: { type: 'string', default: '128' },
      batch: { type: 'string', default: '16' },
      // SwiftShader (CPU-emulated WebGPU) is two orders of magnitude slower than a GPU.
      'webgpu-chunks': { type: 'string', default: '32' },
      passes: { type: 'string', default: '2' },
      // q8: the int8 variant, the precision the real models use on cpu/wasm (not used on WebGPU).
      dtypes: { type: 'string', default: 'fp32,q8' },
      // ONNX Runtime's WASM threads in Chromium (default: its own choice, half the cores when isolated).
      threads: { type: 'string', default: '' },
    },
  });
  const targets = values.targets.split(',').map((s) => s.trim());
  const models = values.model === 'both' ? ['small', 'full'] : [values.model];
  const n = Number(values.chunks);
  const batch = Number(values.batch);
  const passes = Math.max(1, Number(values.passes));
  const dtypes = values.dtypes.split(',').map((s) => s.trim()) as ModelDtype[];
  const webgpuChunks = Math.min(n, Number(values['webgpu-chunks']));
  const ids: Record<string, string> = { small: FIXTURE_IDS.encoder, full: FIXTURE_IDS.encoderFull };
  for (const m of models) if (!ids[m]) throw new Error(`--model must be small, full or both (got ${m})`);

  await buildFixtures({ full: models.includes('full') });
  const chunks = loadChunks(n);
  const words = chunks.reduce((s, c) => s + c.split(/\s+/).length, 0) / chunks.length;
  console.log(`${chunks.length} chunks of PubMedQA text, ${words.toFixed(0)} words on average; batch ${batch}; ${cpus().length} CPU cores (${cpus()[0]?.model ?? '?'})`);

  const rows: Row[] = [];
  if (targets.includes('node')) {
    for (const [m, dtype] of models.flatMap((m) => dtypes.map((d) => [m, d] as const))) {
      const e = await loadNodeEmbedder(ids[m], { prefer: { dtype } });
      await e.embed(chunks.slice(0, batch), { batchSize: batch });
      let seconds = Infinity;
      for (let p = 0; p < passes; p++) {
        const t0 = performance.now();
        await e.embed(chunks, { batchSize: batch });
        // Best pass: the machine is shared.
        seconds = Math.min(seconds, (performance.now() - t0) / 1000);
      }
      rows.push({ target: 'node', model: m, placement: `${e.placement.device}/${e.placement.dtype}`, chunks: chunks.length, seconds, chunksPerSecond: chunks.length / seconds });
      console.log(`node ${m} ${dtype}: ${(chunks.length / seconds).toFixed(1)} chunks/s`);
      await e.dispose();
    }
  }
  const browserTargets = targets.filter((t) => t === 'wasm' || t === 'webgpu') as ModelDevice[];
  if (browserTargets.length) {
    const server = await startHarnessServer();
    const browser = await launchChromium();
    try {
      const { page } = await openHarness(browser, values.threads ? `${server.url}?threads=${values.threads}` : server.url);
      const caps = await page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.capabilities());
      const isolated = await page.evaluate(() => crossOriginIsolated);
      console.log(`Chromium ${browser.version()}: WebGPU ${caps.webgpu ? 'yes' : 'no'}, shader-f16 ${caps.shaderF16 ? 'yes' : 'no'}; cross-origin isolated ${isolated ? 'yes' : 'no'}; WASM threads ${values.threads || 'default'}`);
      for (const m of models) {
        const runs: [ModelDevice, ModelDtype][] = browserTargets.flatMap((d): [ModelDevice, ModelDtype][] =>
          d === 'webgpu' ? [[d, 'fp32']] : dtypes.map((t): [ModelDevice, ModelDtype] => [d, t]),
        );
        for (const [device, dtype] of runs) {
          const texts = device === 'webgpu' ? chunks.slice(0, webgpuChunks) : chunks;
          const r = await page.evaluate(
            ([id, d, c, b, p, t]) => (globalThis as unknown as { harness: Harness }).harness.throughput(id, d, c, b, p, t),
            [ids[m], device, texts, batch, passes, dtype] as [string, ModelDevice, string[], number, number, ModelDtype],
          );
          rows.push({ target: `chromium ${device}`, model: m, placement: `${r.placement.device}/${r.placement.dtype}`, chunks: texts.length, seconds: r.seconds, chunksPerSecond: r.chunksPerSecond });
          console.log(`chromium ${device} ${m} ${dtype}: ${r.chunksPerSecond.toFixed(1)} chunks/s`);
        }
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  console.log('\n| target | model | ran on | chunks | seconds | chunks/s |\n| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.target} | ${r.model} | ${r.placement} | ${r.chunks} | ${r.seconds.toFixed(2)} | ${r.chunksPerSecond.toFixed(1)} |`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
