// The fixture encoder through the same transformers.js path as the real
// embedders (pipeline('feature-extraction'), mean pooling, normalisation),
// on onnxruntime-node's CPU backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../../scripts/build-fixtures.ts';
import { loadNodeEmbedder, NODE_CAPABILITIES } from '../../../src/cli/model-runtime.ts';
import { catalogEntry } from '../../../src/core/models/catalog.ts';
import { TransformersEmbedder } from '../../../src/app/models/transformers-runner.ts';
import { AbortedError, ModelLoadError } from '../../../src/core/errors.ts';
import type { ModelEvent } from '../../../src/core/models/types.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

const TEXTS = [
  'Aspirin lowers the risk of a second heart attack.',
  'Low-dose aspirin reduces the risk of heart attack.',
  'Vitamin D deficiency causes rickets in children.',
  'Children with rickets often lack vitamin D.',
  'Metformin is a first-line drug for type 2 diabetes.',
];

let embedder: TransformersEmbedder;
const events: ModelEvent[] = [];

beforeAll(async () => {
  embedder = await loadNodeEmbedder(FIXTURE_IDS.encoder, { onEvent: (e) => events.push(e) });
});
afterAll(async () => {
  await embedder?.dispose();
});

describe('fixture embedder (Node, cpu)', () => {
  it('loads on the cpu in fp32 and reports it', () => {
    expect(embedder.placement).toEqual({ device: 'cpu', dtype: 'fp32' });
    expect(embedder.dim).toBe(384);
    const ready = events.find((e) => e.type === 'ready');
    expect(ready).toMatchObject({ type: 'ready', model: FIXTURE_IDS.encoder, placement: { device: 'cpu', dtype: 'fp32' } });
    expect(embedder.fallbacks).toEqual([]);
  });

  it('gives one 384-dimensional unit vector per text, in order', async () => {
    const vs = await embedder.embed(TEXTS, { batchSize: 2 });
    expect(vs).toHaveLength(TEXTS.length);
    for (const v of vs) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(384);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
    // Order is kept even though batches are formed by length.
    const single = await embedder.embed([TEXTS[3]]);
    expect(dot(single[0], vs[3])).toBeCloseTo(1, 5);
  });

  it('puts texts that share words closer than unrelated ones', async () => {
    const [aspirin1, aspirin2, vitD1, vitD2, metformin] = await embedder.embed(TEXTS);
    expect(dot(aspirin1, aspirin2)).toBeGreaterThan(dot(aspirin1, vitD1));
    expect(dot(aspirin1, aspirin2)).toBeGreaterThan(dot(aspirin1, metformin));
    expect(dot(vitD1, vitD2)).toBeGreaterThan(dot(vitD1, aspirin2));
    expect(dot(vitD1, vitD2)).toBeGreaterThan(dot(vitD2, metformin));
  });

  it('gives the same vector whatever the padding of its batch (the mask works)', async () => {
    const short = 'Aspirin thins blood.';
    const alone = (await embedder.embed([short]))[0];
    const padded = (await embedder.embed([short, 'A much longer sentence about the treatment of hypertension in elderly patients with kidney disease.'], { batchSize: 2 }))[0];
    expect(dot(alone, padded)).toBeGreaterThan(0.9999);
  });

  it('reports progress per batch and stops when aborted', async () => {
    const seen: [number, number][] = [];
    await embedder.embed(TEXTS, { batchSize: 2, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(embedder.embed(TEXTS, { signal: ctrl.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('adds the model prefix for queries and passages (e5 style)', async () => {
    const entry = { ...catalogEntry(FIXTURE_IDS.encoder), prefixes: { query: 'query: ', passage: 'passage: ' } };
    const e5like = await TransformersEmbedder.load({ entry, caps: NODE_CAPABILITIES });
    try {
      const [q] = await e5like.embed(['aspirin dose'], { kind: 'query' });
      const [p] = await e5like.embed(['aspirin dose'], { kind: 'passage' });
      const [manual] = await embedder.embed(['query: aspirin dose']);
      expect(dot(q, manual)).toBeGreaterThan(0.9999);
      expect(dot(q, p)).toBeLessThan(0.9999);
    } finally {
      await e5like.dispose();
    }
  });

  it('runs the genuine int8 variant (q8) close to fp32', async () => {
    const q8 = await loadNodeEmbedder(FIXTURE_IDS.encoder, { prefer: { dtype: 'q8' } });
    try {
      expect(q8.placement).toEqual({ device: 'cpu', dtype: 'q8' });
      const a = await embedder.embed(TEXTS);
      const b = await q8.embed(TEXTS);
      for (let i = 0; i < TEXTS.length; i++) expect(dot(a[i], b[i])).toBeGreaterThan(0.99);
    } finally {
      await q8.dispose();
    }
  });

  it('falls back to the next precision when a weight file is missing, and says so', async () => {
    // fp16 is not built for the fixture: the same path as a mirror without fp16 weights.
    const entry = { ...catalogEntry(FIXTURE_IDS.encoder), dtypes: { cpu: ['fp16' as const, 'fp32' as const] } };
    const seen: ModelEvent[] = [];
    const e = await TransformersEmbedder.load({ entry, caps: NODE_CAPABILITIES, onEvent: (ev) => seen.push(ev) });
    try {
      expect(e.placement).toEqual({ device: 'cpu', dtype: 'fp32' });
      expect(e.fallbacks).toHaveLength(1);
      expect(e.fallbacks[0]).toMatchObject({ from: { device: 'cpu', dtype: 'fp16' }, to: { device: 'cpu', dtype: 'fp32' } });
      expect(e.fallbacks[0].reason).toMatch(/model_fp16\.onnx/);
      expect(seen.map((s) => s.type)).toEqual(expect.arrayContaining(['fallback', 'ready']));
    } finally {
      await e.dispose();
    }
  });

  it('fails with ModelLoadError and a hint when the model files are absent', async () => {
    const entry = { ...catalogEntry('Xenova/all-MiniLM-L6-v2') };
    const err = await TransformersEmbedder.load({ entry, caps: NODE_CAPABILITIES }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect(err.message).toMatch(/Xenova\/all-MiniLM-L6-v2/);
    expect(err.message).toMatch(/models:mirror/);
  });
});
