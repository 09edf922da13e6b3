// Shape of src/core/engine/catalog.json (written by scripts/build-catalog.ts).

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
