// The curated local-model catalog (data: catalog.json, made from web-llm's
// prebuiltAppConfig by scripts/build-catalog.ts) and the web-llm AppConfig
// built from it plus the user's custom models.
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import data from './catalog.json';
import { CatalogSchema, type Catalog, type CatalogModel } from './catalog-types.ts';
import { parseWith } from '../validate.ts';
import { toAppConfigRecord, type CustomModelRecord } from './custom-model.ts';

export type { Catalog, CatalogModel, Quantization, ThinkingMode } from './catalog-types.ts';

/** The bundled catalog, checked once when this module loads (a test keeps it passing). */
export const CATALOG: Catalog = parseWith(CatalogSchema, data, 'The model catalog (src/core/engine/catalog.json)');

export function catalogModel(id: string, catalog: Catalog = CATALOG): CatalogModel | undefined {
  return catalog.models.find((m) => m.id === id);
}

/** web-llm ModelRecord of a catalog entry. */
export function catalogRecord(m: CatalogModel): ModelRecord {
  const r: ModelRecord = {
    model: m.model,
    model_id: m.id,
    model_lib: m.model_lib,
    vram_required_MB: m.vram_required_MB,
    low_resource_required: m.low_resource_required,
    required_features: m.required_features,
    overrides: { context_window_size: m.context_window_size, ...(m.overrides ?? {}) },
  };
  if (m.buffer_size_required_bytes !== undefined) r.buffer_size_required_bytes = m.buffer_size_required_bytes;
  return r;
}

/** The AppConfig the LLM worker loads from: catalog models, then custom ones. */
export function toAppConfig(custom: CustomModelRecord[] = [], catalog: Catalog = CATALOG): AppConfig {
  return { model_list: [...catalog.models.map(catalogRecord), ...custom.map(toAppConfigRecord)] };
}

/** Whether `thinking` can be switched for this model (sends enable_thinking). */
export function hasThinkingToggle(id: string, custom: CustomModelRecord[] = [], catalog: Catalog = CATALOG): boolean {
  const c = custom.find((m) => m.id === id);
  if (c) return c.thinking === 'toggle';
  return catalogModel(id, catalog)?.thinking === 'toggle';
}
