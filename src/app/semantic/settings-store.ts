// Where semantic search keeps its settings and the precisions its models last
// loaded with (the IndexedDB settings table), read and written in one place.
import { ModelCatalogError, NotFoundError, StorageQuotaError, toErrorPayload, type ErrorPayload } from '../../core/errors.ts';
import * as v from 'valibot';
import { semanticSettings, StoredSemanticSettingsSchema, type SemanticSettings } from '../../core/models/settings.ts';
import { ModelDtypeSchema } from '../../core/models/catalog.ts';
import type { ModelDtype } from '../../core/models/types.ts';
import { getSetting, setSetting, type ClaimLensDB } from '../../db.ts';

const SETTINGS_KEY = 'semantic';
/** The precisions the models last loaded with, so a later start loads the same files. */
const LOADED_KEY = 'semanticLoaded';

export interface LoadedRecord {
  embedder?: { id: string; dtype: ModelDtype };
  nli?: { id: string; dtype: ModelDtype };
}

const LoadedModelSchema = v.object({ id: v.string(), dtype: ModelDtypeSchema });
const LoadedRecordSchema = v.object({ embedder: v.optional(LoadedModelSchema), nli: v.optional(LoadedModelSchema) }) satisfies v.GenericSchema<unknown, LoadedRecord>;

export class SemanticSettingsStore {
  constructor(private readonly db: ClaimLensDB) {}

  /**
   * The stored settings. Settings that name a model this version's catalog no
   * longer has (or a value it refuses) give the defaults, off, and `problem`
   * says why; a database that cannot be read is an error.
   */
  async read(): Promise<{ settings: SemanticSettings; problem?: ErrorPayload }> {
    const stored = await getSetting(this.db, SETTINGS_KEY, StoredSemanticSettingsSchema);
    try {
      return { settings: semanticSettings(stored) };
    } catch (err) {
      if (!(err instanceof ModelCatalogError || err instanceof NotFoundError)) throw err;
      const problem = new ModelCatalogError(
        `The semantic search settings saved earlier could not be used (${err.message}); semantic search is off with the default models.`,
        { cause: err },
      );
      return { settings: semanticSettings(undefined), problem: toErrorPayload(problem) };
    }
  }

  save(settings: SemanticSettings): Promise<void> {
    return setSetting(this.db, SETTINGS_KEY, settings);
  }

  async loaded(): Promise<LoadedRecord> {
    return (await getSetting(this.db, LOADED_KEY, LoadedRecordSchema)) ?? {};
  }

  /**
   * Remembers the precisions the models loaded with. Storage full is handled:
   * the models are loaded all the same, and the next start, lacking the
   * record, asks for the button (the model status says so then).
   */
  async saveLoaded(record: LoadedRecord): Promise<void> {
    try {
      await setSetting(this.db, LOADED_KEY, record);
    } catch (err) {
      if (!(err instanceof StorageQuotaError)) throw err;
    }
  }
}
