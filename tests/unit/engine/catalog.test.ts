import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { CATALOG, catalogModel, hasThinkingToggle, toAppConfig } from '../../../src/core/engine/catalog.ts';
import { validateCustomModel } from '../../../src/core/engine/custom-model.ts';
import { CatalogSchema } from '../../../src/core/engine/catalog-types.ts';
import { checkWith, parseWith } from '../../../src/core/validate.ts';
import data from '../../../src/core/engine/catalog.json';

describe('model catalog', () => {
  it('lists Qwen3 0.6B, 1.7B, 4B, 8B first, f16 build before f32', () => {
    expect(CATALOG.models.slice(0, 8).map((m) => m.id)).toEqual([
      'Qwen3-0.6B-q4f16_1-MLC',
      'Qwen3-0.6B-q4f32_1-MLC',
      'Qwen3-1.7B-q4f16_1-MLC',
      'Qwen3-1.7B-q4f32_1-MLC',
      'Qwen3-4B-q4f16_1-MLC',
      'Qwen3-4B-q4f32_1-MLC',
      'Qwen3-8B-q4f16_1-MLC',
      'Qwen3-8B-q4f32_1-MLC',
    ]);
  });

  it('keeps the family order Qwen3, Qwen2.5, Llama 3.2, Phi-3.5, Gemma', () => {
    const order: string[] = [];
    for (const m of CATALOG.models) if (order[order.length - 1] !== m.family) order.push(m.family);
    expect(order).toEqual(['qwen3', 'qwen2.5', 'llama-3.2', 'phi-3.5', 'gemma']);
  });

  it('gives every record its GPU memory, library, weights URL, context and download estimate', () => {
    for (const m of CATALOG.models) {
      expect(m.vram_required_MB, m.id).toBeGreaterThan(0);
      expect(m.model_lib, m.id).toMatch(/^https:\/\/.+\.wasm$/);
      expect(m.model, m.id).toMatch(/^https:\/\//);
      expect([1024, 4096]).toContain(m.context_window_size);
      expect(['q4f16_1', 'q4f32_1']).toContain(m.quantization);
      expect(m.download_MB_estimate, m.id).toBeGreaterThan(100);
      expect(m.download_MB_estimate, m.id).toBeLessThan(m.vram_required_MB);
    }
  });

  it('matches what the installed web-llm says about each model', () => {
    for (const m of CATALOG.models) {
      const r = prebuiltAppConfig.model_list.find((x) => x.model_id === m.id);
      expect(r, m.id).toBeDefined();
      expect(m.model_lib).toBe(r!.model_lib);
      expect(m.model).toBe(r!.model);
      expect(m.vram_required_MB).toBe(Math.round(r!.vram_required_MB!));
      expect(m.low_resource_required).toBe(r!.low_resource_required === true);
    }
  });

  it('marks every f16 build as needing shader-f16 and links it to its q4f32_1 build', () => {
    for (const m of CATALOG.models.filter((x) => x.quantization === 'q4f16_1')) {
      expect(m.required_features).toContain('shader-f16');
      if (m.id !== 'gemma3-1b-it-q4f16_1-MLC') {
        const f32 = catalogModel(m.f32_variant!);
        expect(f32?.quantization, m.id).toBe('q4f32_1');
        expect(f32?.base).toBe(m.base);
        expect(f32?.context_window_size).toBe(m.context_window_size);
      }
    }
    expect(catalogModel('gemma3-1b-it-q4f16_1-MLC')?.f32_variant).toBeUndefined();
    expect(catalogModel('Phi-3.5-mini-instruct-q4f32_1-MLC')?.low_memory_variant).toBe('Phi-3.5-mini-instruct-q4f32_1-MLC-1k');
  });

  it('only Qwen3 has the thinking toggle', () => {
    expect(hasThinkingToggle('Qwen3-4B-q4f16_1-MLC')).toBe(true);
    expect(hasThinkingToggle('Llama-3.2-3B-Instruct-q4f16_1-MLC')).toBe(false);
    expect(hasThinkingToggle('unknown')).toBe(false);
  });

  it('builds the worker AppConfig from the catalog plus custom models', () => {
    const custom = validateCustomModel({
      id: 'Shanzhi-M1-q4f16_1-MLC',
      model: 'https://models.example.org/Shanzhi-M1-q4f16_1-MLC',
      model_lib: 'https://models.example.org/libs/Shanzhi-M1-q4f16_1-webgpu.wasm',
      vram_required_MB: 5800,
      thinking: 'toggle',
    }, CATALOG.models.map((m) => m.id), () => '2026-01-01T00:00:00.000Z');
    const cfg = toAppConfig([custom]);
    expect(cfg.model_list.length).toBe(CATALOG.models.length + 1);
    const qwen = cfg.model_list[0];
    expect(qwen).toMatchObject({ model_id: 'Qwen3-0.6B-q4f16_1-MLC', required_features: ['shader-f16'], overrides: { context_window_size: 4096 } });
    const last = cfg.model_list[cfg.model_list.length - 1];
    expect(last).toMatchObject({ model_id: 'Shanzhi-M1-q4f16_1-MLC', required_features: ['shader-f16'], vram_required_MB: 5800 });
    expect(hasThinkingToggle('Shanzhi-M1-q4f16_1-MLC', [custom])).toBe(true);
  });

  it('catalog.json passes its schema, and a damaged copy is named by path', () => {
    expect(checkWith(CatalogSchema, data)).toMatchObject({ ok: true });
    expect(CATALOG.models.length).toBe(data.models.length);
    const bad = structuredClone(data) as { models: Record<string, unknown>[] };
    bad.models[3].vram_required_MB = '2 GB';
    bad.models[5].thinking = 'sometimes';
    bad.models[0].f32_variant = 'Nothing-q4f32_1-MLC';
    const r = checkWith(CatalogSchema, bad);
    expect(r.ok ? '' : r.message).toBe('models[3].vram_required_MB: expected number, got "2 GB"; models[5].thinking: expected (toggle | always | none), got "sometimes"');
    const variants = structuredClone(data);
    variants.models[0].f32_variant = 'Nothing-q4f32_1-MLC';
    expect(() => parseWith(CatalogSchema, variants, 'catalog.json')).toThrow(
      `catalog.json is not in the expected form: ${data.models[0].id} names the variant Nothing-q4f32_1-MLC, which is not in the catalog.`,
    );
  });
});
