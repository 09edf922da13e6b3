// Cached model files (Cache Storage "transformers-cache", keyed by URL as
// transformers.js stores them): grouping per model and source, sizes,
// complete vs incomplete downloads, loading without a download, deleting.
// The e2e spec runs the same functions on Chromium's real Cache Storage.
import { describe, expect, it } from 'vitest';
import {
  TRANSFORMERS_CACHE,
  deleteCachedModel,
  isModelCached,
  listCachedModels,
  modelFileUrl,
  parseModelUrl,
} from '../../../src/core/models/transformers-cache.ts';
import { catalogEntry } from '../../../src/core/models/catalog.ts';
import { MemoryCacheStorage, putFile } from '../../support/memory-cache-storage.ts';

const LOC = { mirrorBase: 'http://127.0.0.1:4173/models/', hubUrl: 'https://huggingface.co/' };
const MINILM = catalogEntry('Xenova/all-MiniLM-L6-v2');
const FIXTURE = catalogEntry('fixtures/claimlens-fixture-minilm');

async function put(storage: MemoryCacheStorage, url: string, bytes: number): Promise<void> {
  await putFile(storage, TRANSFORMERS_CACHE, url, new Uint8Array(bytes));
}

describe('model file URLs', () => {
  it('are the app folder for the mirror and resolve/<revision> on the hub', () => {
    expect(modelFileUrl(FIXTURE, 'onnx/model.onnx', 'mirror', LOC)).toBe(
      'http://127.0.0.1:4173/models/fixtures/claimlens-fixture-minilm/onnx/model.onnx',
    );
    expect(modelFileUrl(MINILM, 'config.json', 'hub', LOC)).toBe('https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/config.json');
    expect(modelFileUrl(MINILM, 'config.json', 'hub', { ...LOC, hubUrl: 'http://127.0.0.1:4174/hub' })).toBe(
      'http://127.0.0.1:4174/hub/Xenova/all-MiniLM-L6-v2/resolve/main/config.json',
    );
  });

  it('parse back to model, file and source; the longest catalog id wins; runtime files are no model', () => {
    expect(parseModelUrl('http://127.0.0.1:4173/models/fixtures/claimlens-fixture-minilm-full/onnx/model.onnx', LOC)).toEqual({
      id: 'fixtures/claimlens-fixture-minilm-full',
      file: 'onnx/model.onnx',
      source: 'mirror',
      origin: LOC.mirrorBase,
    });
    expect(parseModelUrl('https://huggingface.co/Xenova/nli-deberta-v3-xsmall/resolve/main/onnx/model_quantized.onnx', LOC)).toMatchObject({
      id: 'Xenova/nli-deberta-v3-xsmall',
      file: 'onnx/model_quantized.onnx',
      source: 'hub',
    });
    expect(parseModelUrl('http://127.0.0.1:4173/assets/ort-wasm-simd-threaded.asyncify-abc.wasm', LOC)).toBeNull();
  });
});

describe('cached models', () => {
  it('lists each model with its files and size; a model without weights is incomplete', async () => {
    const storage = new MemoryCacheStorage();
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) await put(storage, modelFileUrl(MINILM, f, 'hub', LOC), 1000);
    await put(storage, modelFileUrl(MINILM, 'onnx/model_quantized.onnx', 'hub', LOC), 23_000);
    // A fixture whose weights never arrived (the download broke).
    await put(storage, modelFileUrl(FIXTURE, 'config.json', 'mirror', LOC), 600);
    await put(storage, modelFileUrl(FIXTURE, 'tokenizer.json', 'mirror', LOC), 700);
    await put(storage, 'http://127.0.0.1:4173/assets/ort-wasm-simd-threaded.asyncify-abc.wasm', 5000);

    const { models, runtimeBytes } = await listCachedModels(LOC, storage as unknown as CacheStorage);
    expect(runtimeBytes).toBe(5000);
    expect(models.map((m) => [m.id, m.source, m.bytes, m.complete])).toEqual([
      ['Xenova/all-MiniLM-L6-v2', 'hub', 26_000, true],
      ['fixtures/claimlens-fixture-minilm', 'mirror', 1300, false],
    ]);
    expect(models[0]).toMatchObject({ dtypes: ['q8'], missing: [], name: MINILM.name });
    expect(models[1].missing).toEqual(['tokenizer_config.json', 'weights']);
  });

  it('knows whether a model loads with a precision without downloading anything', async () => {
    const storage = new MemoryCacheStorage() as unknown as CacheStorage;
    expect(await isModelCached(MINILM, 'q8', 'hub', LOC, storage)).toBe(false);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      await put(storage as unknown as MemoryCacheStorage, modelFileUrl(MINILM, f, 'hub', LOC), 10);
    }
    expect(await isModelCached(MINILM, 'q8', 'hub', LOC, storage)).toBe(true);
    expect(await isModelCached(MINILM, 'fp32', 'hub', LOC, storage)).toBe(false);
    expect(await isModelCached(MINILM, 'q8', 'mirror', LOC, storage)).toBe(false);
  });

  it('deletes one model (one source or all), leaving the others', async () => {
    const storage = new MemoryCacheStorage();
    await put(storage, modelFileUrl(MINILM, 'config.json', 'hub', LOC), 10);
    await put(storage, modelFileUrl(MINILM, 'config.json', 'mirror', LOC), 10);
    await put(storage, modelFileUrl(FIXTURE, 'config.json', 'mirror', LOC), 10);
    const cs = storage as unknown as CacheStorage;
    expect(await deleteCachedModel(MINILM.id, LOC, 'hub', cs)).toBe(1);
    expect((await listCachedModels(LOC, cs)).models.map((m) => `${m.source}:${m.id}`).sort()).toEqual([
      'mirror:Xenova/all-MiniLM-L6-v2',
      'mirror:fixtures/claimlens-fixture-minilm',
    ]);
    expect(await deleteCachedModel(MINILM.id, LOC, undefined, cs)).toBe(1);
    expect((await listCachedModels(LOC, cs)).models.map((m) => m.id)).toEqual(['fixtures/claimlens-fixture-minilm']);
  });
});
