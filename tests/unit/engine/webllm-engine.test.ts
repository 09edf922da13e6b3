// The UI client, the protocol, the worker host and the web-llm adapter, run
// together with only web-llm's MLCEngine swapped for FakeMLCEngine. Messages
// go through a MessageChannel (structured clone, as with a real worker); one
// test runs the real fake worker entry in a worker_thread.
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, StorageQuotaError } from '../../../src/core/errors.ts';
import {
  DeviceLostError,
  EngineNotLoadedError,
  ModelDownloadError,
  ShaderF16SupportError,
} from '../../../src/core/engine/errors.ts';
import { FakeMLCEngine, fakeModelId, type FakeScript } from '../../../src/core/engine/fake.ts';
import { MLCChatEngine } from '../../../src/core/engine/mlc-adapter.ts';
import { ThinkStream } from '../../../src/core/engine/think-stream.ts';
import { collectChat, type ChatChunk } from '../../../src/core/engine/types.ts';
import { WorkerChatEngine } from '../../../src/lib/llm-client.ts';
import { serveChatEngine } from '../../../workers/llm-host.ts';
import { channelPorts, nodeWorkerPort } from '../../support/llm-ports.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(opts: { thinkingToggle?: boolean } = {}) {
  const fake = new FakeMLCEngine();
  const { host, client, close } = channelPorts();
  serveChatEngine(host, new MLCChatEngine(fake));
  const engine = new WorkerChatEngine(() => client, {
    thinkingToggle: () => opts.thinkingToggle ?? false,
    appConfig: () => ({ model_list: [] }),
  });
  cleanups.push(close);
  return { engine, fake };
}

const ask = [{ role: 'user' as const, content: 'Is aspirin safe with warfarin?' }];

describe('worker client + host + adapter', () => {
  it('loads with progress, streams deltas in order and ends with usage', async () => {
    const { engine } = setup();
    const script: FakeScript = { text: 'Aspirin raises bleeding risk with warfarin.', loadSteps: 3, promptTokens: 17 };
    const progress: number[] = [];
    await engine.load(fakeModelId(script), (p) => progress.push(p.progress));
    expect(progress.slice(0, 3)).toEqual([1 / 3, 2 / 3, 1]);
    expect(engine.model).toBe(fakeModelId(script));
    const chunks: ChatChunk[] = [];
    for await (const c of engine.chat(ask)) chunks.push(c);
    const text = chunks.map((c) => (c.kind === 'delta' ? c.delta : '')).join('');
    expect(text).toBe('Aspirin raises bleeding risk with warfarin.');
    const usage = chunks[chunks.length - 1];
    expect(usage.kind).toBe('usage');
    if (usage.kind === 'usage') {
      expect(usage.usage.prompt_tokens).toBe(17);
      expect(usage.usage.completion_tokens).toBe(6);
      expect(usage.usage.finish_reason).toBe('stop');
      expect(usage.usage.engine_time_to_first_token_ms).toBeTypeOf('number');
    }
  });

  it('streams a <think> block that ThinkStream separates; enable_thinking only for toggle models', async () => {
    const { engine, fake } = setup({ thinkingToggle: true });
    await engine.load(fakeModelId({ reasoning: 'Both affect clotting.', text: 'Avoid combining them.' }));
    const think = new ThinkStream();
    for await (const c of engine.chat(ask, { thinking: true })) if (c.kind === 'delta') think.push(c.delta);
    think.end();
    expect(think.reasoningText).toBe('Both affect clotting.');
    expect(think.answerText).toBe('Avoid combining them.');
    expect(fake.requests[0].extra_body).toEqual({ enable_thinking: true });

    const off = await collectChat(engine.chat(ask, { thinking: false }));
    expect(off.content.startsWith('<think>\n\n</think>\n\n')).toBe(true);
    expect(fake.requests[1].extra_body).toEqual({ enable_thinking: false });
  });

  it('never sends enable_thinking to a model without the toggle', async () => {
    const { engine, fake } = setup({ thinkingToggle: false });
    await engine.load(fakeModelId({ text: 'ok' }));
    await collectChat(engine.chat(ask, { thinking: false }));
    expect(fake.requests[0].extra_body).toBeUndefined();
  });

  it('sends the JSON schema as a string with include_usage on', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: '{}' }));
    const schema = { type: 'object', properties: { claims: { type: 'array' } } };
    await collectChat(engine.chat(ask, { response_format: { type: 'json_object', schema }, temperature: 0, max_tokens: 64 }));
    expect(fake.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      max_tokens: 64,
      response_format: { type: 'json_object', schema: JSON.stringify(schema) },
    });
  });

  it('device lost at token N: the deltas before it arrive, then a DeviceLostError, and the model is gone', async () => {
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
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 5000, tokensPerSecond: 2000 }));
    let n = 0;
    let finish: string | undefined;
    for await (const c of engine.chat(ask)) {
      if (c.kind === 'delta' && ++n === 10) engine.interrupt();
      if (c.kind === 'usage') finish = c.usage.finish_reason;
    }
    expect(finish).toBe('abort');
    expect(n).toBeGreaterThanOrEqual(10);
    expect(n).toBeLessThan(5000);
    expect(fake.finished[0]).toEqual({ emitted: fake.finished[0].emitted, finish: 'abort' });
  });

  it('an aborted signal throws AbortedError at once and the next chat still works', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 5000, tokensPerSecond: 2000 }));
    const ac = new AbortController();
    let n = 0;
    const err = await (async () => {
      for await (const c of engine.chat(ask, { signal: ac.signal })) if (c.kind === 'delta' && ++n === 5) ac.abort();
    })().catch((e) => e);
    expect(err).toBeInstanceOf(AbortedError);
    const short = await collectChat(engine.chat(ask, { max_tokens: 3 }));
    expect(short.usage?.finish_reason).toBe('length');
    expect(short.content).toBe('word word');
    // The worker stopped the first generation instead of running all 5000 tokens.
    expect(fake.finished[0].finish).toBe('abort');
    expect(fake.finished[0].emitted).toBeLessThan(5000);
  });

  it('a consumer that stops reading early stops the generation in the worker', async () => {
    const { engine, fake } = setup();
    await engine.load(fakeModelId({ text: 'word ', answerTokens: 100000, tokensPerSecond: 5000 }));
    let n = 0;
    for await (const c of engine.chat(ask)) if (c.kind === 'delta' && ++n === 3) break;
    // If the first generation were still running, this one would queue behind 100000 tokens (20 s).
    const next = await collectChat(engine.chat(ask, { max_tokens: 2 }));
    expect(next.usage?.finish_reason).toBe('length');
    expect(fake.requests.length).toBe(2);
    expect(fake.finished[0].finish).toBe('abort');
  });

  it('maps load failures to named errors (by web-llm error name and by message)', async () => {
    const { engine } = setup();
    await expect(engine.load(fakeModelId({ loadError: { error: 'ShaderF16SupportError' } }))).rejects.toBeInstanceOf(ShaderF16SupportError);
    await expect(
      engine.load(fakeModelId({ loadError: { error: 'Error', message: 'Failed to store https://hf.co/x/params_shard_3.bin with error: TypeError: Failed to fetch', afterStep: 2 } })),
    ).rejects.toBeInstanceOf(ModelDownloadError);
    await expect(engine.load(fakeModelId({ loadError: { error: 'QuotaExceededError', message: 'Quota exceeded.' } }))).rejects.toBeInstanceOf(StorageQuotaError);
    expect(engine.model).toBeUndefined();
  });

  it('cancels a download in progress and can load again', async () => {
    const { engine } = setup();
    const ac = new AbortController();
    const seen: number[] = [];
    const slow = engine.load(fakeModelId({ loadMs: 2000, loadSteps: 20 }), (p) => {
      seen.push(p.progress);
      if (seen.length === 2) ac.abort();
    }, ac.signal);
    await expect(slow).rejects.toBeInstanceOf(AbortedError);
    expect(engine.model).toBeUndefined();
    await engine.load(fakeModelId({ text: 'ready' }));
    expect((await collectChat(engine.chat(ask))).content).toBe('ready');
  });

  it('runs the real fake worker entry in a worker_thread', async () => {
    const engine = new WorkerChatEngine(() => nodeWorkerPort(new URL('../../support/fake-llm.node-worker.ts', import.meta.url)));
    cleanups.push(() => engine.dispose());
    await engine.load(fakeModelId({ reasoning: 'Think.', text: 'Done.' }));
    const out = await collectChat(engine.chat(ask));
    expect(out.content).toBe('<think>\nThink.\n</think>\n\nDone.');
    const err = await engine.load(fakeModelId({ loadError: { error: 'DeviceLostError' } })).catch((e) => e);
    expect(err).toBeInstanceOf(DeviceLostError);
  });
});
