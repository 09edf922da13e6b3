import { describe, expect, it } from 'vitest';
import { CATALOG, catalogEntry, filesFor, loadPlan, parseCatalog } from '../../../src/core/models/catalog.ts';
import { ModelCatalogError, NotFoundError } from '../../../src/core/errors.ts';
import type { RuntimeCapabilities } from '../../../src/core/models/types.ts';

const GPU_F16: RuntimeCapabilities = { runtime: 'browser', webgpu: true, shaderF16: true };
const SWIFTSHADER: RuntimeCapabilities = { runtime: 'browser', webgpu: true, shaderF16: false };
const NO_GPU: RuntimeCapabilities = { runtime: 'browser', webgpu: false, shaderF16: false };
const NODE: RuntimeCapabilities = { runtime: 'node', webgpu: false, shaderF16: false };

describe('model catalog', () => {
  it('lists the default models with their files, MiniLM with its known size and sha256', () => {
    const minilm = catalogEntry(CATALOG.defaults.embedder);
    expect(minilm.dim).toBe(384);
    const q8 = minilm.files.find((f) => f.dtype === 'q8');
    expect(q8).toEqual({
      path: 'onnx/model_quantized.onnx',
      dtype: 'q8',
      size: 22972370,
      sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1',
    });
    expect(catalogEntry(CATALOG.defaults.multilingualEmbedder).prefixes).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(catalogEntry(CATALOG.defaults.nli).task).toBe('nli');
    expect(() => catalogEntry('nobody/nothing')).toThrow(NotFoundError);
  });

  it('gives the shared files plus one weight file per asked precision', () => {
    const files = filesFor(catalogEntry('Xenova/nli-deberta-v3-xsmall'), ['q8']).map((f) => f.path);
    expect(files).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
  });

  it('rejects malformed catalogs naming the problem', () => {
    const good = JSON.parse(JSON.stringify(CATALOG));
    expect(() => parseCatalog(good)).not.toThrow();
    const bad = (mutate: (c: typeof good) => void) => {
      const c = JSON.parse(JSON.stringify(CATALOG));
      mutate(c);
      return () => parseCatalog(c);
    };
    expect(bad((c) => (c.models[0].files[0].path = '../etc/passwd'))).toThrow(/^Model catalog: models\[0\]\.files\[0\]\.path: bad file path/);
    expect(bad((c) => (c.models[0].files[3].sha256 = 'xyz'))).toThrow(/models\[0\]\.files\[3\]\.sha256: bad sha256/);
    expect(bad((c) => (c.models[0].dtypes.wasm = ['int4']))).toThrow(ModelCatalogError);
    expect(bad((c) => (c.models[0].dtypes.wasm = ['int4']))).toThrow(/models\[0\]\.dtypes\.wasm\[0\]: expected \(fp32 \| fp16 \| q8\), got "int4"/);
    expect(bad((c) => (c.models[1].id = c.models[0].id))).toThrow(/models\[1\]: model .* is listed twice/);
    expect(bad((c) => (c.defaults.nli = 'missing/model'))).toThrow(/not in the catalog/);
    expect(bad((c) => c.models[0].files.splice(3, 1))).toThrow(/models\[0\]: no file for dtype q8/);
    expect(bad((c) => delete c.models[2].task)).toThrow(/models\[2\]\.task: missing/);
    expect(() => parseCatalog(null)).toThrow(ModelCatalogError);
  });
});

describe('loadPlan', () => {
  const minilm = catalogEntry('Xenova/all-MiniLM-L6-v2');
  const fixture = catalogEntry('fixtures/claimlens-fixture-minilm');

  it('tries WebGPU (fp16 only with shader-f16) before WASM q8', () => {
    expect(loadPlan(minilm, GPU_F16)).toEqual([
      { device: 'webgpu', dtype: 'fp16' },
      { device: 'webgpu', dtype: 'fp32' },
      { device: 'wasm', dtype: 'q8' },
    ]);
    expect(loadPlan(minilm, SWIFTSHADER)).toEqual([
      { device: 'webgpu', dtype: 'fp32' },
      { device: 'wasm', dtype: 'q8' },
    ]);
    expect(loadPlan(minilm, NO_GPU)).toEqual([{ device: 'wasm', dtype: 'q8' }]);
  });

  it('uses the CPU in Node, and fixtures stay fp32 everywhere', () => {
    expect(loadPlan(minilm, NODE)).toEqual([{ device: 'cpu', dtype: 'q8' }]);
    expect(loadPlan(fixture, NODE)).toEqual([{ device: 'cpu', dtype: 'fp32' }]);
    expect(loadPlan(fixture, GPU_F16)).toEqual([
      { device: 'webgpu', dtype: 'fp32' },
      { device: 'wasm', dtype: 'fp32' },
    ]);
  });

  it('honours a forced device or dtype, still falling back from WebGPU to WASM', () => {
    expect(loadPlan(fixture, SWIFTSHADER, { device: 'wasm' })).toEqual([{ device: 'wasm', dtype: 'fp32' }]);
    expect(loadPlan(minilm, SWIFTSHADER, { device: 'webgpu', dtype: 'q8' })).toEqual([
      { device: 'webgpu', dtype: 'q8' },
      { device: 'wasm', dtype: 'q8' },
    ]);
    expect(loadPlan(minilm, NO_GPU, { device: 'webgpu' })).toEqual([{ device: 'wasm', dtype: 'q8' }]);
    expect(loadPlan(fixture, NODE, { device: 'wasm', dtype: 'q8' })).toEqual([{ device: 'cpu', dtype: 'q8' }]);
  });
});
