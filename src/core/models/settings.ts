// Semantic search settings (Settings → Models), as data: which embedding and
// NLI models, where their files come from, which device to prefer. Stored by
// the checker (IndexedDB settings table) and shown by the UI.
import * as v from 'valibot';
import { CATALOG, catalogEntry, type CatalogEntry } from './catalog.ts';
import { ModelCatalogError } from '../errors.ts';

export interface SemanticSettings {
  /** Hybrid retrieval and NLI verification in checks; background embedding of corpora. */
  enabled: boolean;
  /** Embedding model (catalog id). */
  embedder: string;
  /** NLI verifier (catalog id). */
  nli: string;
  /**
   * 'mirror': the app's own /models/ folder (filled by `npm run models:mirror`);
   * 'hub': downloaded from `hubUrl` (Hugging Face) on this machine. Either
   * way the files are then cached in the browser and work offline.
   */
  source: 'mirror' | 'hub';
  hubUrl: string;
  /** 'auto': WebGPU when the browser has it, else WASM. 'wasm': CPU only. */
  device: 'auto' | 'wasm';
}

/**
 * The model hub (Hugging Face) that models come from unless the settings name
 * a mirror: the catalog's `hub`, the one place it is written.
 */
export const HUB_URL: string = CATALOG.hub;

/** The settings as stored (any of them may be absent: the defaults fill in). */
export const StoredSemanticSettingsSchema = v.partial(
  v.object({
    enabled: v.boolean(),
    embedder: v.string(),
    nli: v.string(),
    source: v.picklist(['mirror', 'hub']),
    hubUrl: v.string(),
    device: v.picklist(['auto', 'wasm']),
  }),
) satisfies v.GenericSchema<unknown, Partial<SemanticSettings>>;

export const DEFAULT_SEMANTIC_SETTINGS: SemanticSettings = {
  enabled: false,
  embedder: CATALOG.defaults.embedder,
  nli: CATALOG.defaults.nli,
  source: 'mirror',
  hubUrl: HUB_URL,
  device: 'auto',
};

/** Stored settings merged over the defaults; unknown models are refused with ModelCatalogError. */
export function semanticSettings(stored: Partial<SemanticSettings> | undefined, change: Partial<SemanticSettings> = {}): SemanticSettings {
  const s: SemanticSettings = { ...DEFAULT_SEMANTIC_SETTINGS, ...stored, ...change };
  const e = catalogEntry(s.embedder);
  if (e.task !== 'feature-extraction') throw new ModelCatalogError(`${s.embedder} is not an embedding model.`);
  const n = catalogEntry(s.nli);
  if (n.task !== 'nli') throw new ModelCatalogError(`${s.nli} is not an NLI model.`);
  if (s.source !== 'mirror' && s.source !== 'hub') throw new ModelCatalogError(`Unknown model source "${String(s.source)}".`);
  if (s.device !== 'auto' && s.device !== 'wasm') throw new ModelCatalogError(`Unknown device "${String(s.device)}".`);
  if (!/^https?:\/\/[^/]+/.test(s.hubUrl)) throw new ModelCatalogError(`The hub address must be an http(s) URL, not "${s.hubUrl}".`);
  return s;
}

/**
 * Version key of an embedding model: vectors made by it are stored under
 * (corpus, this key), so another model or revision never mixes with them.
 */
export function embedderVersion(entry: CatalogEntry): string {
  return `${entry.id}@${entry.source === 'fixture' ? 'fixture' : (entry.revision ?? 'main')}`;
}

/** Models the user may pick: the real ones, plus the test fixtures in test builds. */
export function selectableModels(task: CatalogEntry['task'], includeFixtures: boolean): CatalogEntry[] {
  return CATALOG.models.filter((m) => m.task === task && (includeFixtures || m.source !== 'fixture') && !m.id.endsWith('-full'));
}
