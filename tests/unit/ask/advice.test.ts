import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/engine/catalog.ts';
import { checkFits, type AdapterFacts } from '../../../src/core/engine/fit.ts';
import { smallerModelAdvice } from '../../../src/lib/ask/advice.ts';

// The SwiftShader adapter headless Chromium gives (see PITFALLS.md).
const swiftshader: AdapterFacts = {
  features: ['subgroups', 'timestamp-query'],
  limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30 },
  info: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader' },
  isFallbackAdapter: true,
};
const models = CATALOG.models;

describe('smallerModelAdvice', () => {
  it('names the 1k-context build of a model that has one and fits', () => {
    const fits = checkFits(models, { adapter: swiftshader, deviceMemoryGB: 8 });
    const a = smallerModelAdvice('Phi-3.5-mini-instruct-q4f32_1-MLC', fits, models);
    expect(a.model).toBe('Phi-3.5-mini-instruct-q4f32_1-MLC-1k');
    expect(a.text).toMatch(/low-memory build Phi-3\.5-mini-instruct-q4f32_1-MLC-1k \(1k-token context/);
  });

  it('else the largest smaller model of the same family that fits', () => {
    const fits = checkFits(models, { adapter: swiftshader, deviceMemoryGB: 8 });
    // 1.7B q4f32 needs 2.6 GB; on this adapter only q4f32 builds fit, and the next smaller Qwen3 is 0.6B.
    expect(smallerModelAdvice('Qwen3-1.7B-q4f32_1-MLC', fits, models).model).toBe('Qwen3-0.6B-q4f32_1-MLC');
    const discrete: AdapterFacts = { ...swiftshader, features: ['shader-f16'], isFallbackAdapter: false, info: { vendor: 'nvidia', architecture: 'ampere', device: '', description: '' } };
    const big = checkFits(models, { adapter: discrete, vramGB: 8 });
    expect(smallerModelAdvice('Qwen3-8B-q4f32_1-MLC', big, models).model).toBe('Qwen3-8B-q4f16_1-MLC');
    expect(smallerModelAdvice('Qwen3-8B-q4f16_1-MLC', big, models).model).toBe('Qwen3-4B-q4f32_1-MLC');
  });

  it('says so when nothing smaller fits', () => {
    const fits = checkFits(models, { adapter: swiftshader, deviceMemoryGB: 8 });
    const a = smallerModelAdvice('gemma3-1b-it-q4f16_1-MLC', fits.map((f) => ({ ...f, status: 'too-big' as const })), models);
    expect(a.model).toBeUndefined();
    expect(a.text).toMatch(/model server/);
  });
});
