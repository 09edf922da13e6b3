// Writes src/core/engine/catalog.json — the curated list of local models the
// app offers — from web-llm's own prebuiltAppConfig (the only source of
// truth for which compiled model libraries match the installed web-llm).
// Run: npx tsx scripts/build-catalog.ts   (again after upgrading web-llm)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { modelVersion, prebuiltAppConfig, type ModelRecord } from '@mlc-ai/web-llm';
import type { Catalog, CatalogModel, Quantization, ThinkingMode } from '../src/core/engine/catalog-types.ts';

// Families in the order the picker lists them; sizes from the model cards
// (total parameters, billions) — used for the download-size estimate.
interface Family {
  family: string;
  /** model_id prefix → parameter count and label. */
  models: Array<{ base: string; label: string; params_b: number }>;
  thinking: ThinkingMode;
}
const FAMILIES: Family[] = [
  {
    family: 'qwen3',
    thinking: 'toggle',
    models: [
      { base: 'Qwen3-0.6B', label: 'Qwen3 0.6B', params_b: 0.6 },
      { base: 'Qwen3-1.7B', label: 'Qwen3 1.7B', params_b: 1.7 },
      { base: 'Qwen3-4B', label: 'Qwen3 4B', params_b: 4.0 },
      { base: 'Qwen3-8B', label: 'Qwen3 8B', params_b: 8.2 },
    ],
  },
  {
    family: 'qwen2.5',
    thinking: 'none',
    models: [
      { base: 'Qwen2.5-0.5B-Instruct', label: 'Qwen2.5 0.5B Instruct', params_b: 0.49 },
      { base: 'Qwen2.5-1.5B-Instruct', label: 'Qwen2.5 1.5B Instruct', params_b: 1.54 },
      { base: 'Qwen2.5-3B-Instruct', label: 'Qwen2.5 3B Instruct', params_b: 3.09 },
      { base: 'Qwen2.5-7B-Instruct', label: 'Qwen2.5 7B Instruct', params_b: 7.61 },
    ],
  },
  {
    family: 'llama-3.2',
    thinking: 'none',
    models: [
      { base: 'Llama-3.2-1B-Instruct', label: 'Llama 3.2 1B Instruct', params_b: 1.24 },
      { base: 'Llama-3.2-3B-Instruct', label: 'Llama 3.2 3B Instruct', params_b: 3.21 },
    ],
  },
  {
    family: 'phi-3.5',
    thinking: 'none',
    models: [{ base: 'Phi-3.5-mini-instruct', label: 'Phi-3.5 mini instruct', params_b: 3.82 }],
  },
  {
    family: 'gemma',
    thinking: 'none',
    models: [
      { base: 'gemma3-1b-it', label: 'Gemma 3 1B it', params_b: 1.0 },
      { base: 'gemma-2-2b-it', label: 'Gemma 2 2B it', params_b: 2.61 },
      { base: 'gemma-2-9b-it', label: 'Gemma 2 9B it', params_b: 9.24 },
    ],
  },
];

const QUANTS: Quantization[] = ['q4f16_1', 'q4f32_1'];

/**
 * Bits per weight of MLC's group quantization: 4-bit values plus one scale
 * per group of 32 (f16 scale: +0.5 bit; f32 scale: +1 bit).
 */
export const BITS_PER_WEIGHT: Record<Quantization, number> = { q4f16_1: 4.5, q4f32_1: 5 };

function record(id: string): ModelRecord | undefined {
  return prebuiltAppConfig.model_list.find((r) => r.model_id === id);
}

function entry(fam: Family, m: Family['models'][number], quant: Quantization, lowMemory: boolean): CatalogModel | undefined {
  const id = `${m.base}-${quant}-MLC${lowMemory ? '-1k' : ''}`;
  const r = record(id);
  if (!r) return undefined;
  if (!r.model_lib || r.vram_required_MB === undefined) throw new Error(`${id}: record without model_lib or vram_required_MB`);
  const ctx = r.overrides?.context_window_size ?? (lowMemory ? 1024 : 4096);
  const features = new Set(r.required_features ?? []);
  // Every f16 build needs shader-f16 even where the record does not say so
  // (web-llm fails with ShaderF16SupportError on adapters without it).
  if (quant.includes('f16')) features.add('shader-f16');
  const out: CatalogModel = {
    id,
    base: m.base,
    family: fam.family,
    label: m.label + (lowMemory ? ' (1k context)' : ''),
    params_b: m.params_b,
    quantization: quant,
    required_features: [...features],
    vram_required_MB: Math.round(r.vram_required_MB),
    low_resource_required: r.low_resource_required === true,
    context_window_size: ctx,
    download_MB_estimate: Math.round((m.params_b * 1e9 * BITS_PER_WEIGHT[quant]) / 8 / 1e6),
    thinking: fam.thinking,
    model: r.model,
    model_lib: r.model_lib,
  };
  if (r.buffer_size_required_bytes !== undefined) out.buffer_size_required_bytes = r.buffer_size_required_bytes;
  if (r.overrides && Object.keys(r.overrides).length > 0) out.overrides = { ...r.overrides } as Record<string, unknown>;
  return out;
}

const models: CatalogModel[] = [];
for (const fam of FAMILIES) {
  for (const m of fam.models) {
    for (const quant of QUANTS) {
      for (const low of [false, true]) {
        const e = entry(fam, m, quant, low);
        if (e) models.push(e);
      }
    }
  }
}
// Links between builds of the same model: the f32 build of an f16 one, the
// 1k-context build of a 4k one.
for (const m of models) {
  const f32 = models.find((o) => o.base === m.base && o.quantization === 'q4f32_1' && o.context_window_size === m.context_window_size);
  if (m.quantization !== 'q4f32_1' && f32) m.f32_variant = f32.id;
  const low = models.find((o) => o.base === m.base && o.quantization === m.quantization && o.id === m.id + '-1k');
  if (low) m.low_memory_variant = low.id;
}

const require = createRequire(import.meta.url);
const webllmVersion = (JSON.parse(readFileSync(require.resolve('@mlc-ai/web-llm/package.json'), 'utf8')) as { version: string }).version;
const catalog: Catalog = {
  source: '@mlc-ai/web-llm prebuiltAppConfig',
  web_llm_version: webllmVersion,
  model_version: modelVersion,
  models,
};
const out = fileURLToPath(new URL('../src/core/engine/catalog.json', import.meta.url));
writeFileSync(out, JSON.stringify(catalog, null, 2) + '\n');
console.log(`wrote ${models.length} models to ${out}`);
