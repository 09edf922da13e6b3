import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/engine/catalog.ts';
import { checkFits, gpuKind, memoryBudget, recommendModel, type AdapterFacts, type FitEnvironment, type ModelFit } from '../../../src/core/engine/fit.ts';

const GiB = 2 ** 30;

// What headless Chromium reports here (PITFALLS.md): SwiftShader, 1 GiB limits, no shader-f16.
const swiftshader: AdapterFacts = {
  features: ['subgroups', 'timestamp-query'],
  limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB },
  info: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device (Subzero)' },
  isFallbackAdapter: true,
};
const integratedIntel: AdapterFacts = {
  features: ['shader-f16', 'subgroups'],
  limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: 2 * GiB - 4 },
  info: { vendor: 'intel', architecture: 'gen-12lp', device: '', description: '' },
  isFallbackAdapter: false,
};
const rtx24: AdapterFacts = {
  features: ['shader-f16', 'subgroups', 'timestamp-query'],
  limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB - 4 },
  info: { vendor: 'nvidia', architecture: 'lovelace', device: '', description: '' },
  isFallbackAdapter: false,
};
const phone: AdapterFacts = {
  features: ['shader-f16'],
  limits: { maxBufferSize: 256 * 2 ** 20, maxStorageBufferBindingSize: 128 * 2 ** 20 },
  info: { vendor: 'qualcomm', architecture: 'adreno-7xx', device: '', description: '' },
  isFallbackAdapter: false,
};

function fitsOf(env: FitEnvironment): Map<string, ModelFit> {
  return new Map(checkFits(CATALOG.models, env).map((f) => [f.id, f]));
}

describe('fit check on a table of adapters', () => {
  it('SwiftShader fallback without shader-f16: offers the q4f32_1 builds, small ones only, marked slow', () => {
    const f = fitsOf({ adapter: swiftshader, deviceMemoryGB: 8 });
    expect(f.get('Qwen3-0.6B-q4f16_1-MLC')).toMatchObject({ status: 'needs-shader-f16', alternative: 'Qwen3-0.6B-q4f32_1-MLC' });
    expect(f.get('Qwen3-0.6B-q4f16_1-MLC')!.reason).toMatch(/shader-f16.*Qwen3-0\.6B-q4f32_1-MLC/);
    expect(f.get('Qwen3-0.6B-q4f32_1-MLC')).toMatchObject({ status: 'fits', slow: true });
    expect(f.get('Qwen3-0.6B-q4f32_1-MLC')!.unusable).toBeUndefined();
    // Bigger models would run on the CPU emulation, far too slowly: said so, never "fits (slow)" alone.
    const bigger = [...f].filter(([id, fit]) => fit.status === 'fits' && CATALOG.models.find((x) => x.id === id)!.params_b > 1);
    expect(bigger.length).toBeGreaterThan(0);
    for (const [id, fit] of bigger) {
      expect(fit.unusable, id).toBe(true);
      expect(fit.reason).toMatch(/CPU emulation of one .* unusably slow/);
    }
    expect(f.get('Qwen3-0.6B-q4f32_1-MLC')!.reason).toMatch(/SwiftShader/);
    expect(f.get('Qwen3-8B-q4f32_1-MLC')!.status).toBe('too-big');
    // f16 with no f32 build at all.
    expect(f.get('gemma3-1b-it-q4f16_1-MLC')).toMatchObject({ status: 'needs-shader-f16' });
    expect(f.get('gemma3-1b-it-q4f16_1-MLC')!.alternative).toBeUndefined();
    // f16 whose f32 build only fits in its 1k-context form.
    expect(f.get('Phi-3.5-mini-instruct-q4f16_1-MLC')).toMatchObject({ status: 'needs-shader-f16', alternative: 'Phi-3.5-mini-instruct-q4f32_1-MLC-1k' });
    // No f16 build is ever "fits" here.
    for (const fit of f.values()) if (fit.id.includes('q4f16')) expect(fit.status).not.toBe('fits');
    expect(recommendModel(CATALOG.models, [...f.values()])).toBe('Qwen3-0.6B-q4f32_1-MLC');
  });

  it('integrated GPU sharing 8 GB: half of system memory', () => {
    const env = { adapter: integratedIntel, deviceMemoryGB: 8 };
    expect(memoryBudget(env)).toMatchObject({ MB: 4096, kind: 'integrated' });
    const f = fitsOf(env);
    expect(f.get('Qwen3-4B-q4f16_1-MLC')!.status).toBe('fits');
    expect(f.get('Qwen3-8B-q4f16_1-MLC')!.status).toBe('too-big');
    expect(f.get('Qwen3-8B-q4f16_1-MLC')!.reason).toMatch(/5\.6 GB.*4\.0 GB/);
    expect(f.get('Phi-3.5-mini-instruct-q4f32_1-MLC')).toMatchObject({ status: 'fits-low-resource', alternative: 'Phi-3.5-mini-instruct-q4f32_1-MLC-1k' });
    expect(f.get('Qwen3-4B-q4f16_1-MLC')!.slow).toBeUndefined();
    expect(recommendModel(CATALOG.models, [...f.values()])).toBe('Qwen3-4B-q4f16_1-MLC');
    // A 4 GB machine: the recommendation drops to 1.7B.
    const small = checkFits(CATALOG.models, { adapter: integratedIntel, deviceMemoryGB: 4 });
    expect(recommendModel(CATALOG.models, small)).toBe('Qwen3-1.7B-q4f16_1-MLC');
  });

  it('24 GB discrete GPU with shader-f16: everything fits, Qwen3 8B recommended', () => {
    const f = fitsOf({ adapter: rtx24, vramGB: 24 });
    for (const fit of f.values()) expect(fit.status, fit.id).toBe('fits');
    expect(recommendModel(CATALOG.models, [...f.values()])).toBe('Qwen3-8B-q4f16_1-MLC');
  });

  it('discrete GPU of unknown size: assumes 4 GB and says so', () => {
    const f = fitsOf({ adapter: rtx24 });
    expect(f.get('Qwen3-4B-q4f16_1-MLC')!.status).toBe('fits');
    expect(f.get('Qwen3-8B-q4f16_1-MLC')!.status).toBe('too-big');
    expect(f.get('Qwen3-8B-q4f16_1-MLC')!.reason).toMatch(/assumed 4 GB/);
  });

  it('no adapter: nothing runs locally', () => {
    for (const fit of checkFits(CATALOG.models, { adapter: null })) {
      expect(fit.status).toBe('no-webgpu');
      expect(fit.reason).toMatch(/model server/);
    }
  });

  it('phone-sized limits: only low-resource builds', () => {
    const f = fitsOf({ adapter: phone, deviceMemoryGB: 8 });
    expect(f.get('Qwen3-0.6B-q4f16_1-MLC')!.status).toBe('fits');
    expect(f.get('Qwen3-8B-q4f16_1-MLC')!.status).toBe('too-big');
    expect(f.get('Qwen3-8B-q4f16_1-MLC')!.reason).toMatch(/buffer limit \(128 MB\)/);
    const below = checkFits(CATALOG.models, { adapter: { ...phone, limits: { maxBufferSize: 128 * 2 ** 20, maxStorageBufferBindingSize: 64 * 2 ** 20 } } });
    expect(new Set(below.map((x) => x.status))).toEqual(new Set(['no-webgpu']));
  });

  it('storage: a download that does not fit is refused unless already cached', () => {
    const storage = { quota: 2e9, usage: 1.5e9 };
    const f = fitsOf({ adapter: rtx24, vramGB: 24, storage });
    expect(f.get('Qwen3-4B-q4f16_1-MLC')!.status).toBe('no-storage');
    expect(f.get('Qwen3-4B-q4f16_1-MLC')!.reason).toMatch(/2\.3 GB.*0\.5 GB free/);
    expect(f.get('Qwen3-0.6B-q4f16_1-MLC')!.status).toBe('fits');
    const cached = fitsOf({ adapter: rtx24, vramGB: 24, storage, cached: new Set(['Qwen3-4B-q4f16_1-MLC']) });
    expect(cached.get('Qwen3-4B-q4f16_1-MLC')!.status).toBe('fits');
  });

  it('classifies GPUs by what the adapter reports', () => {
    expect(gpuKind(swiftshader)).toBe('fallback');
    expect(gpuKind(integratedIntel)).toBe('integrated');
    expect(gpuKind({ ...integratedIntel, info: { ...integratedIntel.info, architecture: 'xe-hpg' } })).toBe('discrete');
    expect(gpuKind(rtx24)).toBe('discrete');
    expect(gpuKind({ ...rtx24, info: { vendor: 'apple', architecture: 'metal-3', device: '', description: '' } })).toBe('integrated');
    expect(gpuKind({ ...rtx24, info: { vendor: 'amd', architecture: 'rdna-3', device: '', description: 'AMD Radeon(TM) Graphics' } })).toBe('integrated');
  });
});
