// TEST-ONLY page script: exposes the LLM pieces to Playwright (tests/e2e/
// llm-webgpu.spec.ts) and to the overhead benchmark (tests/bench/
// llm-overhead.ts). Runs in real Chromium: real WebGPU adapter, real Web
// Worker, real Cache Storage.
import { CATALOG, toAppConfig } from '../../../src/core/engine/catalog.ts';
import { validateCustomModel } from '../../../src/core/engine/custom-model.ts';
import { FakeEngine, fakeModelId, type FakeScript } from '../../../src/testing/fake-engine.ts';
import { checkFits, recommendModel } from '../../../src/core/engine/fit.ts';
import { ThinkStream } from '../../../src/core/engine/think-stream.ts';
import type { ChatChunk, ChatEngine, ChatOptions, ChatUsage } from '../../../src/core/engine/types.ts';
import { fitEnvironment } from '../../../src/lib/gpu.ts';
import {
  CACHE_SCOPES,
  clearModelCaches,
  deleteModelDownload,
  listModelDownloads,
  weightsUrl,
} from '../../../src/lib/model-cache.ts';
import { WebLLMEngine } from '../../../src/lib/webllm-engine.ts';

/** WebLLMEngine on the fake worker: web-llm's handler and client, FakeMLCEngine inside. */
function fakeWorkerEngine(): WebLLMEngine {
  return new WebLLMEngine({
    createWorker: () => new Worker(new URL('../../../workers/fake-llm.worker.ts', import.meta.url), { type: 'module' }),
    thinkingToggle: () => true,
  });
}

const errorInfo = (e: unknown) => ({
  name: e instanceof Error ? e.constructor.name : typeof e,
  message: e instanceof Error ? e.message : String(e),
});

/** What the screen would do per delta: split thinking and append the text. */
function screenSink() {
  const think = new ThinkStream();
  const node = document.createTextNode('');
  document.getElementById('out')!.replaceChildren(node);
  return {
    push(delta: string) {
      const u = think.push(delta);
      if (u.answer) node.appendData(u.answer);
    },
    think,
  };
}

interface RunStats {
  deltas: number;
  ttft_ms: number;
  tokens_per_s: number;
  usage?: ChatUsage;
}

async function consume(engine: ChatEngine, options: ChatOptions = {}): Promise<RunStats> {
  const sink = screenSink();
  const t0 = performance.now();
  let first = -1;
  let last = t0;
  let deltas = 0;
  let usage: ChatUsage | undefined;
  for await (const c of engine.chat([{ role: 'user', content: 'benchmark' }], options) as AsyncIterable<ChatChunk>) {
    if (c.kind === 'delta') {
      last = performance.now();
      if (first < 0) first = last;
      deltas++;
      sink.push(c.delta);
    } else usage = c.usage;
  }
  return {
    deltas,
    ttft_ms: first - t0,
    tokens_per_s: deltas > 1 ? ((deltas - 1) * 1000) / (last - first) : 0,
    usage,
  };
}

const harness = {
  /** The real adapter, what the fit check makes of it, and the recommendation. */
  async probe() {
    const { env, probe } = await fitEnvironment();
    const fits = checkFits(CATALOG.models, env);
    return {
      probe,
      deviceMemoryGB: env.deviceMemoryGB,
      storage: env.storage,
      fits: Object.fromEntries(fits.map((f) => [f.id, f])),
      recommended: recommendModel(CATALOG.models, fits),
      persisted: await navigator.storage.persisted(),
    };
  },

  /** Load + chat through a real Web Worker: web-llm's handler + client, fake engine. */
  async fakeChat(script: FakeScript, options: { thinking?: boolean } = {}) {
    const engine = fakeWorkerEngine();
    try {
      const progress: number[] = [];
      await engine.load(fakeModelId(script), (p) => progress.push(p.progress));
      const think = new ThinkStream();
      let raw = '';
      let usage: ChatUsage | undefined;
      for await (const c of engine.chat([{ role: 'user', content: 'q' }], options)) {
        if (c.kind === 'delta') {
          raw += c.delta;
          think.push(c.delta);
        } else usage = c.usage;
      }
      think.end();
      return { progress, raw, reasoning: think.reasoningText, answer: think.answerText, usage };
    } finally {
      engine.dispose();
    }
  },

  /** Failure paths through the real worker. */
  async fakeFailures() {
    const engine = fakeWorkerEngine();
    try {
      let partial = '';
      let deviceLost: unknown;
      await engine.load(fakeModelId({ text: 'one two three four five', failAt: { token: 3, error: 'DeviceLostError' } }));
      try {
        for await (const c of engine.chat([{ role: 'user', content: 'q' }])) if (c.kind === 'delta') partial += c.delta;
      } catch (e) {
        deviceLost = e;
      }
      const modelAfterLoss = engine.model ?? null;
      const shader = await engine.load(fakeModelId({ loadError: { error: 'ShaderF16SupportError' } })).catch((e) => e);
      await engine.load(fakeModelId({ text: 'word ', answerTokens: 100000, tokensPerSecond: 1000 }));
      const ac = new AbortController();
      let n = 0;
      const aborted = await (async () => {
        for await (const c of engine.chat([{ role: 'user', content: 'q' }], { signal: ac.signal })) {
          if (c.kind === 'delta' && ++n === 5) ac.abort();
        }
      })().catch((e) => e);
      // The stop button: interrupt() ends the stream normally, finish_reason 'abort'.
      let stoppedAt = 0;
      let stopFinish: string | undefined;
      for await (const c of engine.chat([{ role: 'user', content: 'q' }])) {
        if (c.kind === 'delta' && ++stoppedAt === 5) engine.interrupt();
        if (c.kind === 'usage') stopFinish = c.usage.finish_reason;
      }
      const after = await (async () => {
        let t = '';
        for await (const c of engine.chat([{ role: 'user', content: 'q' }], { max_tokens: 4 })) if (c.kind === 'delta') t += c.delta;
        return t;
      })();
      // Cancelling a download stops the worker; the next load starts a fresh one.
      const download = new AbortController();
      const cancelled = await engine
        .load(fakeModelId({ loadMs: 5000, loadSteps: 50 }), (p) => p.progress >= 0.1 && download.abort(), download.signal)
        .catch((e) => e);
      await engine.load(fakeModelId({ text: 'fresh worker' }));
      let fresh = '';
      for await (const c of engine.chat([{ role: 'user', content: 'q' }])) if (c.kind === 'delta') fresh += c.delta;
      return {
        partial,
        deviceLost: errorInfo(deviceLost),
        modelAfterLoss,
        shader: errorInfo(shader),
        aborted: errorInfo(aborted),
        stopFinish,
        stoppedAt,
        after,
        cancelled: errorInfo(cancelled),
        fresh,
      };
    } finally {
      engine.dispose();
    }
  },

  /**
   * The real llm.worker.ts (web-llm inside) asked for a model whose host can
   * never resolve (.invalid, RFC 2606), so the result is the same with or
   * without a network: web-llm's fetch fails and must map to ModelDownloadError.
   */
  async realWorkerOffline() {
    const custom = validateCustomModel({
      id: 'Unreachable-0.6B-q4f32_1-MLC',
      model: 'https://models.invalid/Unreachable-0.6B-q4f32_1-MLC',
      model_lib: 'https://models.invalid/libs/Unreachable-0.6B-q4f32_1-webgpu.wasm',
      vram_required_MB: 1900,
    });
    const engine = new WebLLMEngine({ appConfig: () => toAppConfig([custom]) });
    try {
      const progress: string[] = [];
      const err = await engine.load(custom.id, (p) => progress.push(p.text)).then(() => undefined, (e) => e);
      return { error: err ? errorInfo(err) : null, progress };
    } finally {
      engine.dispose();
    }
  },

  /**
   * A partly downloaded model (config, manifest and one of two shards in the
   * cache) whose host cannot be reached: load() must say the download is
   * incomplete, so the UI can offer to resume or re-download.
   */
  async realWorkerIncomplete() {
    const custom = validateCustomModel({
      id: 'Partial-0.6B-q4f32_1-MLC',
      model: 'https://models.invalid/Partial-0.6B-q4f32_1-MLC',
      model_lib: 'https://models.invalid/libs/Partial-0.6B-q4f32_1-webgpu.wasm',
      vram_required_MB: 1900,
    });
    const appConfig = toAppConfig([custom]);
    const base = weightsUrl(custom.model);
    const records = [0, 1].map((i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: 64 }));
    await (await caches.open(CACHE_SCOPES.config)).put(base + 'mlc-chat-config.json', new Response('{"tokenizer_files":["tokenizer.json"]}'));
    await (await caches.open(CACHE_SCOPES.model)).put(base + 'tensor-cache.json', new Response(JSON.stringify({ records })));
    await (await caches.open(CACHE_SCOPES.model)).put(base + 'params_shard_0.bin', new Response(new Uint8Array(64)));
    const engine = new WebLLMEngine({ appConfig: () => appConfig });
    try {
      const err = await engine.load(custom.id).then(() => undefined, (e) => e);
      const status = await listModelDownloads(appConfig);
      return { error: err ? errorInfo(err) : null, status };
    } finally {
      engine.dispose();
      await deleteModelDownload(custom.id, appConfig);
    }
  },

  /** Model cache helpers against the browser's real Cache Storage. */
  async cache() {
    await clearModelCaches();
    const appConfig = toAppConfig();
    const rec = appConfig.model_list.find((r) => r.model_id === 'Qwen3-0.6B-q4f32_1-MLC')!;
    const base = weightsUrl(rec.model);
    const put = async (scope: string, url: string, bytes: number) =>
      (await caches.open(scope)).put(url, new Response(new Uint8Array(bytes), { headers: { 'content-length': String(bytes) } }));
    const records = [0, 1, 2].map((i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: 4096 }));
    await (await caches.open(CACHE_SCOPES.model)).put(base + 'tensor-cache.json', new Response(JSON.stringify({ records })));
    await put(CACHE_SCOPES.model, base + 'params_shard_0.bin', 4096);
    await put(CACHE_SCOPES.model, base + 'params_shard_2.bin', 4096);
    await put(CACHE_SCOPES.model, base + 'tokenizer.json', 100);
    await put(CACHE_SCOPES.config, base + 'mlc-chat-config.json', 50);
    await put(CACHE_SCOPES.wasm, rec.model_lib, 1000);
    const partial = await listModelDownloads(appConfig);
    await put(CACHE_SCOPES.model, base + 'params_shard_1.bin', 4096);
    const complete = await listModelDownloads(appConfig);
    const removed = await deleteModelDownload(rec.model_id, appConfig);
    const afterDelete = await listModelDownloads(appConfig);
    return { partial, complete, removed, afterDelete };
  },

  /**
   * Overhead of web-llm's worker protocol + our adapter + screen vs. the same
   * fake engine on this thread: tokens/s and time to first token, median of
   * `runs`. `pacing: 'step'` decodes a token only when asked, as web-llm does.
   */
  async bench(rate: number, tokens: number, runs = 3, pacing: FakeScript['pacing'] = 'step') {
    const script: FakeScript = { text: 'word ', answerTokens: tokens, tokensPerSecond: rate, pacing };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const direct: RunStats[] = [];
    const worker: RunStats[] = [];
    const engine = fakeWorkerEngine();
    try {
      await engine.load(fakeModelId(script));
      const local = new FakeEngine(script);
      await local.load('fake:{}');
      await consume(local); // warm up both paths (JIT, first-message costs)
      await consume(engine);
      for (let i = 0; i < runs; i++) {
        direct.push(await consume(local));
        worker.push(await consume(engine));
      }
    } finally {
      engine.dispose();
    }
    const d = { tokens_per_s: median(direct.map((r) => r.tokens_per_s)), ttft_ms: median(direct.map((r) => r.ttft_ms)) };
    const w = { tokens_per_s: median(worker.map((r) => r.tokens_per_s)), ttft_ms: median(worker.map((r) => r.ttft_ms)) };
    return {
      rate,
      tokens,
      runs,
      pacing,
      deltas: worker[0].deltas,
      direct: d,
      worker: w,
      // Paired with the direct run just before each worker run (see tests/bench/llm-overhead.ts).
      loss_pct: median(direct.map((a, i) => (100 * (a.tokens_per_s - worker[i].tokens_per_s)) / a.tokens_per_s)),
      added_ms_per_token: median(direct.map((a, i) => 1000 / worker[i].tokens_per_s - 1000 / a.tokens_per_s)),
      added_ttft_ms: median(direct.map((a, i) => worker[i].ttft_ms - a.ttft_ms)),
    };
  },
};

(window as unknown as { llmHarness: typeof harness }).llmHarness = harness;
document.getElementById('out')!.textContent = 'ready';
