import { describe, expect, it } from 'vitest';
import { CATALOG, catalogModel } from '../../../src/core/engine/catalog.ts';
import {
  estimateVramMB,
  quantizationOf,
  toAppConfigRecord,
  validateCustomModel,
} from '../../../src/core/engine/custom-model.ts';
import { fromErrorPayload, InvalidCustomModelError, toErrorPayload } from '../../../src/core/errors.ts';

const taken = CATALOG.models.map((m) => m.id);
const fixedNow = () => '2026-11-23T10:00:00.000Z';

describe('custom model records', () => {
  it('accepts a complete record and infers the quantization from the id', () => {
    const r = validateCustomModel(
      {
        id: 'Baichuan-M2-32B-q4f16_1-MLC',
        label: ' Baichuan-M2 32B ',
        model: 'https://models.example.org/Baichuan-M2-32B-q4f16_1-MLC/',
        model_lib: 'https://models.example.org/libs/Baichuan-M2-32B-q4f16_1-webgpu.wasm',
        vram_required_MB: '20101',
        context_window_size: 4096,
        thinking: 'toggle',
      },
      taken,
      fixedNow,
    );
    expect(r).toEqual({
      id: 'Baichuan-M2-32B-q4f16_1-MLC',
      label: 'Baichuan-M2 32B',
      model: 'https://models.example.org/Baichuan-M2-32B-q4f16_1-MLC/',
      model_lib: 'https://models.example.org/libs/Baichuan-M2-32B-q4f16_1-webgpu.wasm',
      quantization: 'q4f16_1',
      vram_required_MB: 20101,
      context_window_size: 4096,
      thinking: 'toggle',
      low_resource_required: false,
      addedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(toAppConfigRecord(r)).toEqual({
      model: 'https://models.example.org/Baichuan-M2-32B-q4f16_1-MLC/',
      model_id: 'Baichuan-M2-32B-q4f16_1-MLC',
      model_lib: 'https://models.example.org/libs/Baichuan-M2-32B-q4f16_1-webgpu.wasm',
      vram_required_MB: 20101,
      low_resource_required: false,
      required_features: ['shader-f16'],
      overrides: { context_window_size: 4096 },
    });
  });

  it('lists every problem of a bad record in one named error', () => {
    let err: unknown;
    try {
      validateCustomModel(
        { id: 'Qwen3-0.6B-q4f16_1-MLC', model: 'models/qwen', model_lib: 'http://cdn.example.org/lib.js', vram_required_MB: -1, thinking: 'maybe' },
        taken,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidCustomModelError);
    const problems = (err as InvalidCustomModelError).problems;
    expect(problems.some((p) => p.startsWith('id:') && p.includes('already used'))).toBe(true);
    expect(problems.some((p) => p.startsWith('model URL:') && p.includes('not an absolute URL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('model library URL:') && p.includes('https'))).toBe(true);
    expect(problems.some((p) => p.startsWith('GPU memory'))).toBe(true);
    expect(problems.some((p) => p.startsWith('thinking:'))).toBe(true);
    // It crosses a worker boundary as itself.
    expect(fromErrorPayload(toErrorPayload(err))).toBeInstanceOf(InvalidCustomModelError);
  });

  it('allows plain http only for localhost, and wants a .wasm library', () => {
    const base = { id: 'local-q4f32_1', vram_required_MB: 1000 };
    expect(validateCustomModel({ ...base, model: 'http://127.0.0.1:8080/m/', model_lib: 'http://localhost:8080/lib.wasm' }).quantization).toBe('q4f32_1');
    expect(() => validateCustomModel({ ...base, model: 'https://x.org/m/', model_lib: 'https://x.org/lib.wasm.gz' })).toThrow(/\.wasm/);
    expect(() => validateCustomModel({ ...base, id: 'no-quant', model: 'https://x.org/m/', model_lib: 'https://x.org/lib.wasm' })).toThrow(/quantization/);
    expect(quantizationOf('https://hf.co/mlc-ai/Qwen3-8B-q4f32_1-MLC')).toBe('q4f32_1');
  });

  it('does not ask for shader-f16 for f32 builds', () => {
    const r = validateCustomModel({ id: 'm-q4f32_1', model: 'https://x.org/m/', model_lib: 'https://x.org/m.wasm', vram_required_MB: 900 });
    expect(toAppConfigRecord(r).required_features).toEqual([]);
  });
});

describe('estimateVramMB', () => {
  // Qwen3 architectures (config.json): layers, KV heads, head_dim.
  const qwen3: Record<string, [number, number, number, number]> = {
    'Qwen3-0.6B': [0.6, 28, 8, 128],
    'Qwen3-1.7B': [1.7, 28, 8, 128],
    'Qwen3-4B': [4.0, 36, 8, 128],
    'Qwen3-8B': [8.2, 36, 8, 128],
  };

  it('lands within 5% of web-llm\'s own figures for the Qwen3 builds', () => {
    for (const [base, [params_b, layers, kv_heads, head_dim]] of Object.entries(qwen3)) {
      for (const quantization of ['q4f16_1', 'q4f32_1']) {
        const m = catalogModel(`${base}-${quantization}-MLC`)!;
        const est = estimateVramMB({ params_b, quantization, layers, kv_heads, head_dim, context_window_size: 4096 });
        expect(Math.abs(est.total_MB - m.vram_required_MB) / m.vram_required_MB, m.id).toBeLessThan(0.05);
      }
    }
  });

  it('gives the figures docs/custom-models.md shows for Baichuan-M2-32B q4f16_1', () => {
    const e = estimateVramMB({ params_b: 32.76, quantization: 'q4f16_1', layers: 64, kv_heads: 8, head_dim: 128, context_window_size: 4096 });
    expect(e).toEqual({ weights_MB: 18427, kv_cache_MB: 1074, total_MB: 20101 }); // 32.76e9 × 4.5 / 8 = 18.43 GB
    const small = estimateVramMB({ params_b: 32.76, quantization: 'q4f16_1', layers: 64, kv_heads: 8, head_dim: 128, context_window_size: 1024 });
    expect(small.kv_cache_MB).toBe(268);
  });

  it('counts unquantized weights at their float width', () => {
    expect(estimateVramMB({ params_b: 1, quantization: 'q0f16', layers: 1, kv_heads: 1, head_dim: 1, context_window_size: 1 }).weights_MB).toBe(2000);
  });
});
