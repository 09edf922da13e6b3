// Models the user adds by URL: MLC-format weights plus a compiled WebGPU
// model library (see docs/custom-models.md for how to make them). The UI
// stores CustomModelRecord in Dexie; the worker gets toAppConfigRecord().
import type { ModelRecord } from '@mlc-ai/web-llm';
import { InvalidCustomModelError } from '../errors.ts';
import type { ThinkingMode } from './catalog-types.ts';

export interface CustomModelRecord {
  /** web-llm model_id; unique among catalog and custom models. */
  id: string;
  label: string;
  /** MLC weights URL (the folder with mlc-chat-config.json, tokenizer, tensor-cache.json, shards). */
  model: string;
  /** Compiled model library (…-webgpu.wasm) URL. */
  model_lib: string;
  /** MLC quantization code, e.g. q4f16_1 (f16 builds need shader-f16). */
  quantization: string;
  /** GPU memory the model needs at its context size (see estimateVramMB). */
  vram_required_MB: number;
  context_window_size: number;
  thinking: ThinkingMode;
  low_resource_required: boolean;
  /** ISO time it was added. */
  addedAt: string;
}

/** What a form gives; everything is checked by validateCustomModel. */
export interface CustomModelInput {
  id?: unknown;
  label?: unknown;
  model?: unknown;
  model_lib?: unknown;
  quantization?: unknown;
  vram_required_MB?: unknown;
  context_window_size?: unknown;
  thinking?: unknown;
  low_resource_required?: unknown;
}

const QUANT = /\b(q\d+f(?:16|32)(?:_\d)?)\b/i;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function url(value: unknown, field: string, problems: string[]): URL | undefined {
  if (typeof value !== 'string' || !value.trim()) {
    problems.push(`${field}: required (an absolute https:// URL).`);
    return undefined;
  }
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    problems.push(`${field}: "${value}" is not an absolute URL (it must start with https://).`);
    return undefined;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOCAL_HOSTS.has(u.hostname))) {
    problems.push(`${field}: use https:// (plain http:// only works for localhost; the browser blocks it elsewhere).`);
    return undefined;
  }
  return u;
}

/** The quantization code inside an id or URL ("…-q4f16_1-MLC" → "q4f16_1"). */
export function quantizationOf(text: string): string | undefined {
  return QUANT.exec(text)?.[1]?.toLowerCase();
}

/**
 * Checks a form's input; returns a clean record or throws
 * InvalidCustomModelError listing every problem.
 */
export function validateCustomModel(
  input: CustomModelInput,
  takenIds: Iterable<string> = [],
  now: () => string = () => new Date().toISOString(),
): CustomModelRecord {
  const problems: string[] = [];
  const id = typeof input.id === 'string' ? input.id.trim() : '';
  if (!ID.test(id)) {
    problems.push('id: required; letters, digits, ".", "_" and "-" only, at most 120 characters.');
  } else if (new Set(takenIds).has(id)) {
    problems.push(`id: "${id}" is already used by another model.`);
  }
  const model = url(input.model, 'model URL', problems);
  const lib = url(input.model_lib, 'model library URL', problems);
  if (lib && !/\.wasm$/i.test(lib.pathname)) {
    problems.push('model library URL: must point to the compiled .wasm file (…-webgpu.wasm).');
  }
  const quantization =
    (typeof input.quantization === 'string' && input.quantization.trim()
      ? quantizationOf(input.quantization)
      : undefined) ??
    quantizationOf(id) ??
    (model ? quantizationOf(model.href) : undefined);
  if (!quantization) problems.push('quantization: could not tell it from the id or URL; give it (e.g. q4f16_1).');
  const vram = Number(input.vram_required_MB);
  if (!Number.isFinite(vram) || vram <= 0) {
    problems.push('GPU memory needed (MB): required, a positive number (see estimateVramMB / docs/custom-models.md).');
  }
  const ctxRaw = input.context_window_size ?? 4096;
  const ctx = Number(ctxRaw);
  if (!Number.isInteger(ctx) || ctx < 256 || ctx > 1_048_576) {
    problems.push('context window: a whole number of tokens between 256 and 1048576.');
  }
  const thinking = input.thinking ?? 'none';
  if (thinking !== 'toggle' && thinking !== 'always' && thinking !== 'none') {
    problems.push('thinking: one of "toggle", "always", "none".');
  }
  if (problems.length > 0) {
    throw new InvalidCustomModelError(`This custom model cannot be added: ${problems.join(' ')}`, problems);
  }
  const label = typeof input.label === 'string' && input.label.trim() ? input.label.trim() : id;
  return {
    id,
    label,
    model: model!.href,
    model_lib: lib!.href,
    quantization: quantization!,
    vram_required_MB: Math.round(vram),
    context_window_size: ctx,
    thinking: thinking as ThinkingMode,
    low_resource_required: input.low_resource_required === true,
    addedAt: now(),
  };
}

/** web-llm's ModelRecord for a custom model. */
export function toAppConfigRecord(r: CustomModelRecord): ModelRecord {
  return {
    model: r.model,
    model_id: r.id,
    model_lib: r.model_lib,
    vram_required_MB: r.vram_required_MB,
    low_resource_required: r.low_resource_required,
    // f16 builds fail on adapters without shader-f16; saying so up front makes
    // web-llm stop before downloading the weights.
    required_features: /f16/.test(r.quantization) ? ['shader-f16'] : [],
    overrides: { context_window_size: r.context_window_size },
  };
}

export interface VramEstimateInput {
  /** Total parameters, billions. */
  params_b: number;
  quantization: string;
  layers: number;
  kv_heads: number;
  head_dim: number;
  context_window_size: number;
}

/** Workspace web-llm allocates besides weights and KV cache (logits, activations), MB. */
export const RUNTIME_OVERHEAD_MB = 600;

/**
 * GPU memory a model needs: weights + KV cache + runtime workspace.
 * weights = params × bits/8 (4-bit groups of 32 with an f16 or f32 scale:
 * 4.5 or 5 bits per weight); KV cache = layers × 2 (K and V) × kv_heads ×
 * head_dim × context × bytes per value (2 for f16 builds, 4 for f32).
 */
export function estimateVramMB(m: VramEstimateInput): { weights_MB: number; kv_cache_MB: number; total_MB: number } {
  const q = /q(\d+)f(16|32)/.exec(m.quantization);
  const bits = q ? Number(q[1]) : 0;
  const floatBits = q ? Number(q[2]) : 16;
  // q0fXX: unquantized floats; qNfXX_1: N-bit values, one XX-bit scale per 32.
  const bitsPerWeight = bits === 0 ? floatBits : bits + floatBits / 32;
  const weights = (m.params_b * 1e9 * bitsPerWeight) / 8 / 1e6;
  const kvBytes = q && q[2] === '32' ? 4 : 2;
  const kv = (m.layers * 2 * m.kv_heads * m.head_dim * m.context_window_size * kvBytes) / 1e6;
  return {
    weights_MB: Math.round(weights),
    kv_cache_MB: Math.round(kv),
    total_MB: Math.round(weights + kv + RUNTIME_OVERHEAD_MB),
  };
}
