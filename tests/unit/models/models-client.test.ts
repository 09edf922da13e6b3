// The worker client's load plan and restarts, against scripted fake workers
// that speak the real protocol (models.protocol.ts). The browser spec covers
// the real worker; this covers the branches a real GPU rarely takes.
import { describe, expect, it } from 'vitest';
import { ModelWorkerClient } from '../../../src/lib/models-client.ts';
import type { ModelsRequest, ModelsResponse } from '../../../workers/models.protocol.ts';
import type { ModelEvent, ModelPlacement, RuntimeCapabilities } from '../../../src/core/models/types.ts';
import { ModelDownloadError, ModelLoadError, toErrorPayload } from '../../../src/core/errors.ts';

const FIXTURE = 'fixtures/claimlens-fixture-minilm';
const NLI = 'fixtures/claimlens-fixture-nli';

interface Script {
  caps: RuntimeCapabilities;
  /** The error a failed load answers with (default: ModelLoadError). */
  loadError?: Error;
  /** Whether a load on this placement works, by worker generation (1-based). */
  loadOk: (p: ModelPlacement, generation: number) => boolean;
  /** Whether an embed on this placement works. */
  embedOk: (p: ModelPlacement, generation: number) => boolean;
}

/** A worker that answers like models.worker.ts, following a script. */
class FakeWorker extends EventTarget {
  readonly loads: { model: string; placement: ModelPlacement }[] = [];
  /** Every request kind in the order received. */
  readonly kinds: string[] = [];
  terminated = false;
  private handles = new Map<number, ModelPlacement>();
  private next = 1;
  constructor(
    private readonly script: Script,
    readonly generation: number,
  ) {
    super();
  }
  private reply(msg: ModelsResponse): void {
    queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: msg })));
  }
  postMessage(req: ModelsRequest): void {
    if (this.terminated) return;
    this.kinds.push(req.kind);
    switch (req.kind) {
      case 'configure':
        return this.reply({ id: req.id, kind: 'result', value: null });
      case 'capabilities':
        return this.reply({ id: req.id, kind: 'result', value: this.script.caps });
      case 'load': {
        this.loads.push({ model: req.model, placement: req.placement });
        if (!this.script.loadOk(req.placement, this.generation)) {
          return this.reply({ id: req.id, kind: 'error', error: toErrorPayload(this.script.loadError ?? new ModelLoadError(`cannot create a ${req.placement.device} session`)) });
        }
        const handle = this.next++;
        this.handles.set(handle, req.placement);
        this.reply({ id: req.id, kind: 'event', handle, event: { type: 'ready', model: req.model, placement: req.placement, ms: 1 } });
        return this.reply({ id: req.id, kind: 'result', value: { handle, model: req.model, placement: req.placement, dim: 4 } });
      }
      case 'embed': {
        const p = this.handles.get(req.handle);
        if (!p) return this.reply({ id: req.id, kind: 'error', error: { name: 'NotFoundError', message: `no handle ${req.handle}` } });
        if (!this.script.embedOk(p, this.generation)) {
          return this.reply({ id: req.id, kind: 'error', error: { name: 'Error', message: 'Device was lost' } });
        }
        const data = new Float32Array(req.texts.length * 4).map((_, i) => (p.device === 'webgpu' ? 1 : 2) + i);
        return this.reply({ id: req.id, kind: 'result', value: { dim: 4, data } });
      }
      case 'classify': {
        const p = this.handles.get(req.handle);
        if (!p) return this.reply({ id: req.id, kind: 'error', error: { name: 'NotFoundError', message: `no handle ${req.handle}` } });
        return this.reply({ id: req.id, kind: 'result', value: req.pairs.map(() => ({ entailment: 0.8, contradiction: 0.1, neutral: 0.1 })) });
      }
      case 'unload':
      case 'cancel':
        return this.reply({ id: req.id, kind: 'result', value: null });
    }
  }
  terminate(): void {
    this.terminated = true;
  }
}

function setup(script: Script, settings?: ConstructorParameters<typeof ModelWorkerClient>[1]) {
  const workers: FakeWorker[] = [];
  const client = new ModelWorkerClient(() => {
    const w = new FakeWorker(script, workers.length + 1);
    workers.push(w);
    return w as unknown as Worker;
  }, settings);
  return { client, workers };
}

const GPU: RuntimeCapabilities = { runtime: 'browser', webgpu: true, shaderF16: false };

describe('ModelWorkerClient', () => {
  it('loads on WebGPU when it works, in one worker', async () => {
    const { client, workers } = setup({ caps: GPU, loadOk: () => true, embedOk: () => true });
    const events: ModelEvent[] = [];
    const e = await client.loadEmbedder(FIXTURE, { onEvent: (ev) => events.push(ev) });
    expect(e.placement).toEqual({ device: 'webgpu', dtype: 'fp32' });
    expect(e.dim).toBe(4);
    expect(workers).toHaveLength(1);
    expect(events.map((x) => x.type)).toEqual(['ready']);
    const vs = await e.embed(['a', 'b']);
    expect(vs.map((v) => Array.from(v))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it('moves to WASM in a fresh worker when the WebGPU session cannot be created', async () => {
    const { client, workers } = setup({ caps: GPU, loadOk: (p) => p.device !== 'webgpu', embedOk: () => true });
    const events: ModelEvent[] = [];
    const e = await client.loadEmbedder(FIXTURE, { onEvent: (ev) => events.push(ev) });
    expect(e.placement).toEqual({ device: 'wasm', dtype: 'fp32' });
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].loads).toEqual([{ model: FIXTURE, placement: { device: 'wasm', dtype: 'fp32' } }]);
    expect(e.fallbacks).toHaveLength(1);
    expect(e.fallbacks[0]).toMatchObject({ from: { device: 'webgpu' }, to: { device: 'wasm' }, reason: 'cannot create a webgpu session' });
    expect(events.map((x) => x.type)).toEqual(['fallback', 'ready']);
  });

  it('after a GPU failure while running: restarts, reloads the other models where they were, retries the call', async () => {
    const { client, workers } = setup({ caps: GPU, loadOk: () => true, embedOk: (p, gen) => !(p.device === 'webgpu' && gen === 1) });
    const nli = await client.loadNLIModel(NLI, { prefer: { device: 'wasm' } });
    const e = await client.loadEmbedder(FIXTURE);
    expect(e.placement.device).toBe('webgpu');
    const [v] = await e.embed(['x']);
    expect(Array.from(v)).toEqual([2, 3, 4, 5]); // the WASM answer, from the second worker
    expect(e.placement).toEqual({ device: 'wasm', dtype: 'fp32' });
    expect(e.fallbacks.map((f) => f.reason)).toEqual(['Device was lost']);
    expect(workers).toHaveLength(2);
    expect(workers[1].loads.map((l) => l.model).sort()).toEqual([FIXTURE, NLI].sort());
    expect(await nli.classify([{ premise: 'p', hypothesis: 'h' }])).toHaveLength(1);
  });

  it('does not retry failures on WASM, and gives the worker error by name when nothing loads', async () => {
    const { client, workers } = setup({ caps: { runtime: 'browser', webgpu: false, shaderF16: false }, loadOk: () => true, embedOk: () => false });
    const e = await client.loadEmbedder(FIXTURE);
    await expect(e.embed(['x'])).rejects.toThrow('Device was lost');
    expect(workers).toHaveLength(1);

    const broken = setup({ caps: GPU, loadOk: () => false, embedOk: () => true });
    const err = await broken.client.loadEmbedder(FIXTURE).catch((x) => x);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect(err.message).toMatch(/webgpu\/fp32: cannot create a webgpu session; wasm\/fp32: cannot create a wasm session/);
  });

  it('sends the model settings first to every fresh worker, restarts included', async () => {
    const { client, workers } = setup(
      { caps: GPU, loadOk: (p) => p.device !== 'webgpu', embedOk: () => true },
      { models: { source: 'hub', hubUrl: 'http://127.0.0.1:9/hub/' } },
    );
    await client.loadEmbedder(FIXTURE);
    expect(workers).toHaveLength(2);
    for (const w of workers) expect(w.kinds[0]).toBe('configure');
  });

  it('a failed download is not a device problem: no other placement is tried', async () => {
    const { client, workers } = setup({
      caps: GPU,
      loadOk: () => false,
      embedOk: () => true,
      loadError: new ModelDownloadError('Downloading x failed at onnx/model.onnx (Failed to fetch).'),
    });
    const events: ModelEvent[] = [];
    const err = await client.loadEmbedder(FIXTURE, { onEvent: (e) => events.push(e) }).catch((x) => x);
    expect(err).toBeInstanceOf(ModelDownloadError);
    expect(err.message).toMatch(/onnx\/model\.onnx/);
    expect(workers).toHaveLength(1);
    expect(workers[0].loads).toHaveLength(1);
    expect(events.filter((e) => e.type === 'fallback')).toEqual([]);
  });
});
