// WebLLMEngine end to end in Node: web-llm's real CreateWebWorkerMLCEngine /
// WebWorkerMLCEngine client and WebWorkerMLCEngineHandler, our MLCChatEngine
// adapter, with only the MLCEngine inside the handler swapped for
// FakeMLCEngine. Messages cross a MessageChannel (structured clone, as with a
// real worker); one test runs the fake worker entry in a worker_thread.
import { afterEach, describe, expect, it } from 'vitest';
import { CreateWebWorkerMLCEngine, type WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import {
  AbortedError,
  DeviceLostError,
  EngineError,
  EngineNotLoadedError,
  ModelDownloadError,
  ShaderF16SupportError,
  StorageQuotaError,
} from '../../../src/core/errors.ts';
import { fakeModelId, type FakeScript } from '../../../src/testing/fake-engine.ts';
import { FAKE_GPU, FakeMLCEngine } from '../../../src/testing/fake-mlc.ts';
import { MLCChatEngine } from '../../../src/core/engine/mlc-adapter.ts';
import { ThinkStream } from '../../../src/core/engine/think-stream.ts';
import { collectChat, type ChatChunk } from '../../../src/core/engine/types.ts';
import { mapWebLLMError } from '../../../src/core/engine/webllm-errors.ts';
import { WebLLMEngine } from '../../../src/lib/webllm-engine.ts';
import { channelWorker, channelWorkers, nodeFakeWorker } from '../../support/llm-workers.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(opts: { thinkingToggle?: boolean } = {}) {
  const workers = channelWorkers();
  const engine = new WebLLMEngine({
    createWorker: workers.create,
    thinkingToggle: () => opts.thinkingToggle ?? false,
    appConfig: () => ({ model_list: [] }),
  });
  cleanups.push(() => engine.dispose());
  return { engine, workers, fake: () => workers.latest().fake };
}

const ask = [{ role: 'user' as const, content: 'Is aspirin safe with warfarin?' }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WebLLMEngine over web-llm’s worker protocol (fake engine in the handler)', () => {
  it('loads with progress, streams deltas in order and ends with web-llm’s usage', async () => {
    const { engine, fake } = setup();
    const script: FakeScript = { text: 'Aspirin raises bleeding risk with warfarin.', loadSteps: 3, promptTokens: 17 };
    const progress: Array<{ progress: number; text: string }> = [];
    await engine.load(fakeModelId(script), (p) => progress.push(p));
    expect(progress.map((p) => p.progress)).toEqual([1 / 3, 2 / 3, 1, 1]);
    expect(progress[3].text).toMatch(/^Finish loading/);
    expect(engine.model).toBe(fakeModelId(script));
    expect(fake().appConfig).toEqual({ model_list: [] }); // sent by CreateWebWorkerMLCEngine
    const chunks: ChatChunk[] = [];
    for await (const c of engine.chat(ask)) chunks.push(c);
    const text = chunks.map((c) => (c.kind === 'delta' ? c.delta : '')).join('');
    expect(text).toBe('Aspirin raises bleeding risk with warfarin.');
    expect(chunks.filter((c) => c.kind === 'delta')).toHaveLength(6);
    const last = chunks[chunks.length - 1];
    expect(last.kind).toBe('usage');
    if (last.kind === 'usage') {
      expect(last.usage).toMatchObject({ prompt_tokens: 17, completion_tokens: 6, finish_reason: 'stop' });
      // web-llm's own figures (usage.extra) travel through.
      expect(last.usage.decode_tokens_per_s).toBeGreaterThan(0);
      expect(last.usage.engine_time_to_first_token_ms).toBeTypeOf('number');
      expect(last.usage.time_to_first_token_ms).toBeGreaterThanOrEqual(last.usage.engine_time_to_first_token_ms!);
    }
    expect(fake().requests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams a <think> block that ThinkStream separates; enable_thinking only for toggle models', async () => {
    const { engine, fake } = setup({ thinkingToggle: true });
    await engine.load(fakeModelId({ reasoning: 'Both affect clotting.', text: 'Avoid combining them.' }));
    const think = new ThinkStream();
    for await (const c of engine.chat(ask, { thinking: true })) if (c.kind === 'delta') think.push(c.delta);
    think.end();
    expect(think.reasoningText).toBe('Both affect clotting.');
    expect(think.answerText).toBe('Avoid combining them.');
    expect(fake().requests[0].extra_body).toEqual({ enable_thinking: true });

    const off = await collectChat(engine.chat(ask, { thinking: false }));
    expect(off.content.startsWith('<think>\n\n</think>\n\n')).toBe(true);
    expect(fake().requests[1].extra_body).toEqual({ enable_thinking: false });
  });

  it('never sends enable_thinking to a model without the toggle', async () => {
    const { engine, fake } = setup({ thinkingToggle: false });
    await engine.load(fakeModelId({ text: 'ok' }));
    await collectChat(engine.chat(ask, { thinking: false }));
    expect(fake().requests[0].extra_body).toBeUndefined();
  });

  it('sends the JSON schema as a string; stream: false yields one delta', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: '{"claims": []}' }));
    const schema = { type: 'object', properties: { claims: { type: 'array' } } };
    const out = await collectChat(
      engine.chat(ask, { response_format: { type: 'json_object', schema }, temperature: 0, max_tokens: 64, stream: false }),
    );
    expect(out).toMatchObject({ content: '{"claims": []}', chunks: 1 });
    expect(fake().requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      max_tokens: 64,
      response_format: { type: 'json_object', schema: JSON.stringify(schema) },
    });
  });

  it('device lost at token N: the deltas before it arrive, then DeviceLostError, and the model is gone', async () => {
    const { engine } = setup();
    await engine.load(fakeModelId({ text: 'one two three four five six', failAt: { token: 4, error: 'DeviceLostError' } }));
    let text = '';
    const err = await (async () => {
      for await (const c of engine.chat(ask)) if (c.kind === 'delta') text += c.delta;
    })().catch((e) => e);
    expect(text).toBe('one two three four');
    expect(err).toBeInstanceOf(DeviceLostError);
    expect(err.message).toMatch(/GPU memory/);
    expect(engine.model).toBeUndefined();
    await expect(collectChat(engine.chat(ask))).rejects.toBeInstanceOf(EngineNotLoadedError);
  });

  it('interrupt() ends the stream early with finish_reason abort', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 5000, tokensPerSecond: 2000, pacing: 'step' }));
    let n = 0;
    let finish: string | undefined;
    for await (const c of engine.chat(ask)) {
      if (c.kind === 'delta' && ++n === 10) engine.interrupt();
      if (c.kind === 'usage') finish = c.usage.finish_reason;
    }
    expect(finish).toBe('abort');
    expect(n).toBeGreaterThanOrEqual(10);
    expect(n).toBeLessThan(5000);
    expect(fake().finished[0].finish).toBe('abort');
  });

  it('a stop asked before the generation started is not lost (web-llm resets its flag on the first pull)', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 5000, tokensPerSecond: 2000, pacing: 'step' }));
    const it = engine.chat(ask)[Symbol.asyncIterator]();
    const first = it.next(); // posts chatCompletionStreamInit
    engine.interrupt(); // reaches the worker before the generator runs
    const chunks: ChatChunk[] = [];
    for (let r = await first; !r.done; r = await it.next()) chunks.push(r.value);
    const usage = chunks.find((c) => c.kind === 'usage');
    expect(usage?.kind === 'usage' && usage.usage.finish_reason).toBe('abort');
    expect(fake().finished[0].emitted).toBeLessThan(5000);
  });

  it('an aborted signal throws AbortedError and the next chat still works', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 5000, tokensPerSecond: 2000 }));
    const ac = new AbortController();
    let n = 0;
    const err = await (async () => {
      for await (const c of engine.chat(ask, { signal: ac.signal })) if (c.kind === 'delta' && ++n === 5) ac.abort();
    })().catch((e) => e);
    expect(err).toBeInstanceOf(AbortedError);
    expect(n).toBe(5);
    const short = await collectChat(engine.chat(ask, { max_tokens: 3 }));
    expect(short.usage?.finish_reason).toBe('length');
    expect(short.content).toBe('word word');
    // The worker stopped the first generation instead of running all 5000 tokens.
    expect(fake().finished[0].finish).toBe('abort');
    expect(fake().finished[0].emitted).toBeLessThan(5000);
  });

  it('abort during a long prefill rejects before the model produced anything', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: 'late answer', prefillMs: 1500 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await collectChat(engine.chat(ask, { signal: ac.signal })).catch((e) => e);
    expect(err).toBeInstanceOf(AbortedError);
    expect(fake().finished).toEqual([]); // still in prefill when the UI gave up
    // The engine finishes the prefill, stops, frees its lock; the next chat runs.
    const next = await collectChat(engine.chat(ask));
    expect(next.content).toBe('late answer');
    expect(fake().finished[0]).toEqual({ emitted: 0, finish: 'abort' });
  }, 15_000);

  it('a consumer that stops reading early stops the generation in the worker', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 100000, tokensPerSecond: 5000 }));
    let n = 0;
    for await (const c of engine.chat(ask)) if (c.kind === 'delta' && ++n === 3) break;
    // If the first generation still held the model's lock, this one would wait behind 100000 tokens (20 s).
    const next = await collectChat(engine.chat(ask, { max_tokens: 2 }));
    expect(next.usage?.finish_reason).toBe('length');
    expect(fake().requests.length).toBe(2);
    expect(fake().finished[0].finish).toBe('abort');
  });

  it('maps load failures (strings from the worker) to named errors', async () => {
    const { engine } = setup();
    await expect(engine.load(fakeModelId({ loadError: { error: 'ShaderF16SupportError' } }))).rejects.toBeInstanceOf(
      ShaderF16SupportError,
    );
    await expect(
      engine.load(
        fakeModelId({
          loadError: { error: 'Error', message: 'Failed to store https://hf.co/x/params_shard_3.bin with error: TypeError: Failed to fetch', afterStep: 2 },
        }),
      ),
    ).rejects.toBeInstanceOf(ModelDownloadError);
    await expect(engine.load(fakeModelId({ loadError: { error: 'QuotaExceededError', message: 'Quota exceeded.' } }))).rejects.toBeInstanceOf(
      StorageQuotaError,
    );
    expect(engine.model).toBeUndefined();
    // The same worker still serves a good load after failures.
    await engine.load(fakeModelId({ text: 'fine' }));
    expect((await collectChat(engine.chat(ask))).content).toBe('fine');
  });

  it('cancels a download in progress: AbortedError, worker stopped, and a new load works', async () => {
    const { engine, workers } = setup();
    const ac = new AbortController();
    const seen: number[] = [];
    const slow = engine.load(
      fakeModelId({ loadMs: 2000, loadSteps: 20 }),
      (p) => {
        seen.push(p.progress);
        if (seen.length === 2) ac.abort();
      },
      ac.signal,
    );
    await expect(slow).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toHaveLength(2); // no progress after the cancel
    expect(engine.model).toBeUndefined();
    expect(workers.all[0].terminated).toBe(true);
    await engine.load(fakeModelId({ text: 'ready' }));
    expect(workers.all).toHaveLength(2);
    expect((await collectChat(engine.chat(ask))).content).toBe('ready');
  });

  it('a newer load() cancels a pending one', async () => {
    const { engine } = setup();
    const first = engine.load(fakeModelId({ loadMs: 2000, loadSteps: 20 })).catch((e) => e);
    await sleep(20);
    await engine.load(fakeModelId({ text: 'second' }));
    expect(await first).toBeInstanceOf(AbortedError);
    expect(engine.model).toBe(fakeModelId({ text: 'second' }));
    expect((await collectChat(engine.chat(ask))).content).toBe('second');
  });

  it('switching models unloads the old one in the same worker', async () => {
    const { engine, workers } = setup();
    await engine.load(fakeModelId({ text: 'first' }));
    await engine.load(fakeModelId({ text: 'second' }));
    expect(workers.all).toHaveLength(1);
    expect(workers.latest().fake.reloads).toEqual([fakeModelId({ text: 'first' }), fakeModelId({ text: 'second' })]);
    expect((await collectChat(engine.chat(ask))).content).toBe('second');
  });

  it('loading another model right after an abort mid-prefill: late replies reach the client that asked', async () => {
    // A reply for a request the client does not know would throw inside the
    // MessagePort handler, which vitest reports as an unhandled error.
    const { engine, workers } = setup();
    await engine.load(fakeModelId({ text: 'slow', prefillMs: 400 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(collectChat(engine.chat(ask, { signal: ac.signal }))).rejects.toBeInstanceOf(AbortedError);
    await engine.load(fakeModelId({ text: 'next model' }));
    expect((await collectChat(engine.chat(ask))).content).toBe('next model');
    // The old generation's last replies arrive meanwhile: wait for its end, not a fixed time.
    await expect.poll(() => workers.latest().fake.finished, { timeout: 5000 }).toContainEqual({ emitted: 0, finish: 'abort' });
    expect(workers.all).toHaveLength(1);
  });

  it('unload() frees the model; chat then says no model is loaded', async () => {
    const { engine, handler } = (() => {
      const s = setup();
      return { ...s, handler: () => s.workers.latest().handler };
    })();
    await engine.load(fakeModelId({ text: 'x' }));
    expect(handler().modelId).toEqual([fakeModelId({ text: 'x' })]);
    await engine.unload();
    expect(engine.model).toBeUndefined();
    expect(handler().modelId).toBeUndefined();
    await expect(collectChat(engine.chat(ask))).rejects.toBeInstanceOf(EngineNotLoadedError);
  });

  it('a worker that fails (error event) rejects a pending load with EngineError', async () => {
    const { engine, workers } = setup();
    const pending = engine.load(fakeModelId({ loadMs: 5000, loadSteps: 50 }));
    await sleep(20);
    workers.latest().crash('Failed to fetch dynamically imported module');
    const err = await pending.catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.message).toMatch(/model worker stopped: Failed to fetch dynamically imported module/);
    expect(workers.latest().terminated).toBe(true);
  });

  it('a worker that fails mid-answer ends the stream with EngineError', async () => {
    const { engine, workers } = setup();
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 100000, tokensPerSecond: 2000 }));
    let n = 0;
    const err = await (async () => {
      for await (const c of engine.chat(ask)) if (c.kind === 'delta' && ++n === 3) workers.latest().crash('worker died');
    })().catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(engine.model).toBeUndefined();
  });

  it('runs the fake worker entry in a worker_thread', async () => {
    const engine = new WebLLMEngine({ createWorker: nodeFakeWorker });
    cleanups.push(() => engine.dispose());
    await engine.load(fakeModelId({ reasoning: 'Think.', text: 'Done.' }));
    const out = await collectChat(engine.chat(ask));
    expect(out.content).toBe('<think>\nThink.\n</think>\n\nDone.');
    expect(out.usage?.finish_reason).toBe('stop');
    const err = await engine.load(fakeModelId({ loadError: { error: 'DeviceLostError' } })).catch((e) => e);
    expect(err).toBeInstanceOf(DeviceLostError);
  });
});

describe('FakeMLCEngine behind WebWorkerMLCEngineHandler: the rest of web-llm’s client API', () => {
  async function client(model: string): Promise<WebWorkerMLCEngine> {
    const w = channelWorker();
    cleanups.push(() => w.terminate());
    return CreateWebWorkerMLCEngine(w, model);
  }

  it('answers every request kind the handler forwards, or fails with a clear error', async () => {
    const c = await client(fakeModelId({ text: 'Short answer.', promptTokens: 4 }));
    expect(await c.getGPUVendor()).toBe(FAKE_GPU.vendor);
    expect(await c.getMaxStorageBufferBindingSize()).toBe(FAKE_GPU.maxStorageBufferBindingSize);
    const whole = await c.chat.completions.create({ messages: ask, stream: false });
    expect(whole.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Short answer.' }, finish_reason: 'stop' });
    expect(whole.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 2 });
    expect(await c.getMessage()).toBe('Short answer.');
    expect(await c.runtimeStatsText()).toMatch(/^prefill: [\d.]+ tokens\/sec, decoding: [\d.]+ tokens\/sec$/);
    await c.resetChat();
    expect(await c.getMessage()).toBe('');
    expect(await c.listResumableSessions()).toEqual([]);
    // Unsupported: rejected with a string naming the fake and the method.
    for (const p of [
      c.completions.create({ prompt: 'x' }),
      c.embeddings.create({ input: 'x' }),
      c.forwardTokensAndSample([1, 2], true),
    ]) {
      const e = await (p as Promise<unknown>).catch((x) => x);
      expect(e).toMatch(/^FakeEngineUnsupportedError: FakeMLCEngine does not implement \w+\(\)/);
    }
    await c.unload();
    const e = await c.chat.completions.create({ messages: ask, stream: false }).catch((x) => x);
    // The client notices the unloaded model itself and throws web-llm's named error.
    expect(mapWebLLMError(e)).toBeInstanceOf(EngineNotLoadedError);
  });

  it('streams without usage when include_usage is off, ending with web-llm’s finish chunk', async () => {
    const c = await client(fakeModelId({ text: 'a b' }));
    const chunks = [];
    for await (const ch of await c.chat.completions.create({ messages: ask, stream: true })) chunks.push(ch);
    expect(chunks.map((ch) => ch.choices[0]?.delta?.content ?? null)).toEqual(['a', ' b', null]);
    expect(chunks[2].choices[0].finish_reason).toBe('stop');
    expect(chunks.some((ch) => ch.usage)).toBe(false);
  });
});

describe('MLCChatEngine.load on an in-process engine (no worker)', () => {
  it('loads through reload(), and a cancel (unload) becomes AbortedError', async () => {
    const fake = new FakeMLCEngine();
    const engine = new MLCChatEngine(fake);
    const ac = new AbortController();
    const slow = engine.load(fakeModelId({ loadMs: 1000, loadSteps: 10 }), (p) => p.progress >= 0.2 && ac.abort(), ac.signal);
    await expect(slow).rejects.toBeInstanceOf(AbortedError);
    expect(engine.model).toBeUndefined();
    await engine.loadWith(fakeModelId({ text: 'in process' }), { appConfig: { model_list: [] } });
    expect(fake.appConfig).toEqual({ model_list: [] });
    expect((await collectChat(engine.chat(ask))).content).toBe('in process');
  });
});
