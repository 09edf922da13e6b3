import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TENSOR_CACHE_MANIFEST_FILENAME, type AppConfig } from '@mlc-ai/web-llm';
import {
  CACHE_SCOPES,
  MANIFESTS,
  clearModelCaches,
  completeModelIds,
  deleteModelDownload,
  listModelDownloads,
  modelDownloadStatus,
  weightsUrl,
} from '../../../src/lib/model-cache.ts';
import { MemoryCacheStorage, putFile } from '../../support/memory-cache-storage.ts';

const HF = 'https://huggingface.co/mlc-ai';
const LIBS = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base';
const appConfig: AppConfig = {
  model_list: [
    { model: `${HF}/Qwen3-0.6B-q4f32_1-MLC`, model_id: 'Qwen3-0.6B-q4f32_1-MLC', model_lib: `${LIBS}/Qwen3-0.6B-q4f32_1_cs1k-webgpu.wasm` },
    // Two builds sharing one set of weights (4k and 1k context).
    { model: `${HF}/Phi-3.5-mini-instruct-q4f32_1-MLC`, model_id: 'Phi-3.5-mini-instruct-q4f32_1-MLC', model_lib: `${LIBS}/Phi-3.5-mini-instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm` },
    { model: `${HF}/Phi-3.5-mini-instruct-q4f32_1-MLC`, model_id: 'Phi-3.5-mini-instruct-q4f32_1-MLC-1k', model_lib: `${LIBS}/Phi-3.5-mini-instruct-q4f32_1-ctx1k_cs1k-webgpu.wasm` },
  ],
};

/** Lays out a model download the way web-llm stores it; `skip` leaves files out. */
async function seed(storage: MemoryCacheStorage, model: string, lib: string, shards: number, skip: string[] = []) {
  const base = weightsUrl(model);
  const records = Array.from({ length: shards }, (_, i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: 1000 + i, format: 'raw-shard', records: [] }));
  const files: Array<[string, string, string | Uint8Array]> = [
    [CACHE_SCOPES.config, base + 'mlc-chat-config.json', '{"context_window_size":4096}'],
    [CACHE_SCOPES.model, base + 'tensor-cache.json', JSON.stringify({ metadata: {}, records })],
    [CACHE_SCOPES.model, base + 'tokenizer.json', '{"model":{}}'],
    [CACHE_SCOPES.wasm, lib, new Uint8Array(500)],
    ...records.map((r): [string, string, Uint8Array] => [CACHE_SCOPES.model, base + r.dataPath, new Uint8Array(r.nbytes)]),
  ];
  for (const [scope, url, body] of files) {
    if (!skip.some((s) => url.endsWith(s))) await putFile(storage, scope, url, body);
  }
}

describe('model cache helpers', () => {
  it('lists a complete download with its size and the ids using it', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, `${HF}/Qwen3-0.6B-q4f32_1-MLC`, appConfig.model_list[0].model_lib, 3);
    const [d] = await listModelDownloads(appConfig, s);
    expect(d.modelUrl).toBe(`${HF}/Qwen3-0.6B-q4f32_1-MLC/resolve/main/`);
    expect(d.modelIds).toEqual(['Qwen3-0.6B-q4f32_1-MLC']);
    expect(d.status).toBe('complete');
    expect(d.missing).toEqual([]);
    expect(d.shards).toEqual({ expected: 3, present: 3 });
    const manifestBytes = new TextEncoder().encode(
      JSON.stringify({ metadata: {}, records: [0, 1, 2].map((i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: 1000 + i, format: 'raw-shard', records: [] })) }),
    ).byteLength;
    expect(d.bytes).toBe(1000 + 1001 + 1002 + 500 + manifestBytes + '{"model":{}}'.length + '{"context_window_size":4096}'.length);
    expect(completeModelIds([d])).toEqual(new Set(['Qwen3-0.6B-q4f32_1-MLC']));
  });

  it('finds an incomplete download: shards missing against the manifest', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, `${HF}/Qwen3-0.6B-q4f32_1-MLC`, appConfig.model_list[0].model_lib, 5, ['params_shard_1.bin', 'params_shard_4.bin']);
    const d = await modelDownloadStatus('Qwen3-0.6B-q4f32_1-MLC', appConfig, s);
    expect(d?.status).toBe('incomplete');
    expect(d?.missing).toEqual(['params_shard_1.bin', 'params_shard_4.bin']);
    expect(d?.shards).toEqual({ expected: 5, present: 3 });
    expect(completeModelIds([d!]).size).toBe(0);
  });

  it('finds an incomplete download: no manifest, no library, no config', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, `${HF}/Qwen3-0.6B-q4f32_1-MLC`, appConfig.model_list[0].model_lib, 2, ['tensor-cache.json', '.wasm', 'mlc-chat-config.json']);
    const d = await modelDownloadStatus('Qwen3-0.6B-q4f32_1-MLC', appConfig, s);
    expect(d?.status).toBe('incomplete');
    expect(d?.missing).toEqual(['tensor-cache.json', 'mlc-chat-config.json', `model library ${appConfig.model_list[0].model_lib}`]);
    expect(d?.shards.present).toBe(2);
  });

  it('reports nothing for a model that was never downloaded', async () => {
    const s = new MemoryCacheStorage();
    expect(await modelDownloadStatus('Qwen3-0.6B-q4f32_1-MLC', appConfig, s)).toBeUndefined();
    expect(await listModelDownloads(appConfig, s)).toEqual([]);
  });

  it('groups builds that share weights, and a download with one of their libraries is complete', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, `${HF}/Phi-3.5-mini-instruct-q4f32_1-MLC`, appConfig.model_list[2].model_lib, 2);
    const [d] = await listModelDownloads(appConfig, s);
    expect(d.modelIds).toEqual(['Phi-3.5-mini-instruct-q4f32_1-MLC', 'Phi-3.5-mini-instruct-q4f32_1-MLC-1k']);
    expect(d.status).toBe('complete');
  });

  it('lists weights no record knows (a removed custom model) so they can be deleted', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, 'https://models.example.org/Old-q4f16_1-MLC', 'https://models.example.org/old.wasm', 1);
    const [d] = await listModelDownloads(appConfig, s);
    expect(d.modelIds).toEqual([]);
    expect(d.modelUrl).toBe('https://models.example.org/Old-q4f16_1-MLC/resolve/main/');
    expect(await deleteModelDownload(d.modelUrl, appConfig, s)).toBe(4); // config, manifest, tokenizer, shard
    expect(await listModelDownloads(appConfig, s)).toEqual([]);
  });

  it('deletes one model and leaves the others', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, `${HF}/Qwen3-0.6B-q4f32_1-MLC`, appConfig.model_list[0].model_lib, 2);
    await seed(s, `${HF}/Phi-3.5-mini-instruct-q4f32_1-MLC`, appConfig.model_list[1].model_lib, 2);
    const removed = await deleteModelDownload('Phi-3.5-mini-instruct-q4f32_1-MLC', appConfig, s);
    expect(removed).toBe(6); // config, manifest, tokenizer, 2 shards, 1 library
    const left = await listModelDownloads(appConfig, s);
    expect(left.map((d) => d.modelIds[0])).toEqual(['Qwen3-0.6B-q4f32_1-MLC']);
    expect(left[0].status).toBe('complete');
  });

  it('clears every model cache', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, `${HF}/Qwen3-0.6B-q4f32_1-MLC`, appConfig.model_list[0].model_lib, 2);
    await clearModelCaches(s);
    for (const scope of Object.values(CACHE_SCOPES)) expect(await s.has(scope)).toBe(false);
    expect(await listModelDownloads(appConfig, s)).toEqual([]);
  });

  it('measures entries without a Content-Length by their body', async () => {
    const s = new MemoryCacheStorage();
    await seed(s, `${HF}/Qwen3-0.6B-q4f32_1-MLC`, appConfig.model_list[0].model_lib, 1);
    const withLength = (await listModelDownloads(appConfig, s))[0].bytes;
    await putFile(s, CACHE_SCOPES.model, weightsUrl(`${HF}/Qwen3-0.6B-q4f32_1-MLC`) + 'params_shard_0.bin', new Uint8Array(1000), false);
    expect((await listModelDownloads(appConfig, s))[0].bytes).toBe(withLength);
  });

  it('cleans model URLs as web-llm does', () => {
    expect(weightsUrl('https://huggingface.co/mlc-ai/X')).toBe('https://huggingface.co/mlc-ai/X/resolve/main/');
    expect(weightsUrl('https://mirror.example/X/resolve/v2/')).toBe('https://mirror.example/X/resolve/v2/');
  });
});

describe("web-llm's cache names", () => {
  // web-llm exports no constant for its cache names: read the bundle the app ships.
  const bundle = readFileSync(createRequire(import.meta.url).resolve('@mlc-ai/web-llm'), 'utf8');

  it.each(Object.entries(CACHE_SCOPES))('%s: "%s" is a cache the installed web-llm opens', (_scope, name) => {
    expect(bundle).toContain(`"${name}"`);
  });

  it('the first shard manifest name is the one web-llm exports', () => {
    expect(MANIFESTS[0]).toBe(TENSOR_CACHE_MANIFEST_FILENAME);
  });
});
