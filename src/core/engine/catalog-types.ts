// Shape of src/core/engine/catalog.json (written by scripts/build-catalog.ts),
// and its schema: catalog.ts checks the bundled file once when it loads.
import * as v from 'valibot';

export type Quantization = 'q4f16_1' | 'q4f32_1';

/** How a model thinks: toggle = honours enable_thinking (Qwen3); always = always emits <think>. */
export type ThinkingMode = 'toggle' | 'always' | 'none';

export interface CatalogModel {
  /** web-llm model_id. */
  id: string;
  /** Same model across builds ("Qwen3-0.6B"). */
  base: string;
  family: string;
  label: string;
  /** Parameters, billions (model card). */
  params_b: number;
  quantization: Quantization;
  /** WebGPU features the build needs (shader-f16 for every f16 build). */
  required_features: string[];
  vram_required_MB: number;
  /** web-llm's flag: runs on limited devices (phones, 128 MB binding limits). */
  low_resource_required: boolean;
  context_window_size: number;
  /** Weights download, estimated as parameters × bits per weight. */
  download_MB_estimate: number;
  thinking: ThinkingMode;
  /** Weights (MLC format) URL. */
  model: string;
  /** Compiled model library (WebGPU wasm) URL. */
  model_lib: string;
  buffer_size_required_bytes?: number;
  overrides?: Record<string, unknown>;
  /** The q4f32_1 build of the same model (for GPUs without shader-f16). */
  f32_variant?: string;
  /** The 1k-context build of the same model (less memory). */
  low_memory_variant?: string;
}

export interface Catalog {
  source: string;
  web_llm_version: string;
  model_version: string;
  models: CatalogModel[];
}

const positive = v.pipe(v.number(), v.gtValue(0, 'not a positive number'));
const url = v.pipe(v.string(), v.regex(/^https:\/\//, 'not an https URL'));

export const CatalogModelSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1, 'empty')),
  base: v.string(),
  family: v.string(),
  label: v.string(),
  params_b: positive,
  quantization: v.picklist(['q4f16_1', 'q4f32_1']),
  required_features: v.array(v.string()),
  vram_required_MB: positive,
  low_resource_required: v.boolean(),
  context_window_size: v.pipe(v.number(), v.integer('not a whole number'), v.gtValue(0, 'not a positive number')),
  download_MB_estimate: positive,
  thinking: v.picklist(['toggle', 'always', 'none']),
  model: url,
  model_lib: url,
  buffer_size_required_bytes: v.optional(positive),
  overrides: v.optional(v.record(v.string(), v.unknown())),
  f32_variant: v.optional(v.string()),
  low_memory_variant: v.optional(v.string()),
}) satisfies v.GenericSchema<unknown, CatalogModel>;

/** catalog.json; the variants it names are in it. */
export const CatalogSchema = v.pipe(
  v.object({
    source: v.string(),
    web_llm_version: v.string(),
    model_version: v.string(),
    models: v.array(CatalogModelSchema),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const ids = new Set(dataset.value.models.map((m) => m.id));
    for (const m of dataset.value.models) {
      for (const variant of [m.f32_variant, m.low_memory_variant]) {
        if (variant !== undefined && !ids.has(variant)) addIssue({ message: `${m.id} names the variant ${variant}, which is not in the catalog` });
      }
    }
  }),
) satisfies v.GenericSchema<unknown, Catalog>;
