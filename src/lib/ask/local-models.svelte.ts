// Models that can run on this device: the catalog plus custom models, what
// this GPU can run (fit check), what is downloaded, and the user's pick.
import type { AppConfig } from '@mlc-ai/web-llm';
import * as v from 'valibot';
import { CATALOG, hasThinkingToggle, toAppConfig } from '../../core/engine/catalog.ts';
import type { CatalogModel, Quantization } from '../../core/engine/catalog-types.ts';
import { validateCustomModel, type CustomModelInput, type CustomModelRecord } from '../../core/engine/custom-model.ts';
import { checkFits, memoryBudget, recommendModel, type FitEnvironment, type ModelFit } from '../../core/engine/fit.ts';
import { InvalidCustomModelError } from '../../core/errors.ts';
import { fitEnvironment, requestPersistentStorage, storageEstimate, type AdapterProbe } from '../gpu.ts';
import { clearModelCaches, completeModelIds, deleteModelDownload, listModelDownloads, type ModelDownload } from '../model-cache.ts';
import { describeError, type UiMessage } from '../messages.ts';
import { askDb, readSetting, SETTING, writeSetting } from './store.ts';

/** A custom model as the fit check and the picker see it. */
export function customAsCatalog(r: CustomModelRecord): CatalogModel {
  return {
    id: r.id,
    base: r.id,
    family: 'custom',
    label: r.label,
    params_b: 0,
    quantization: r.quantization as Quantization,
    required_features: /f16/.test(r.quantization) ? ['shader-f16'] : [],
    vram_required_MB: r.vram_required_MB,
    low_resource_required: r.low_resource_required,
    context_window_size: r.context_window_size,
    // Unknown until it is downloaded; the storage check then only sees what is free.
    download_MB_estimate: 0,
    thinking: r.thinking,
    model: r.model,
    model_lib: r.model_lib,
  };
}

class LocalModels {
  /** The WebGPU adapter, or why there is none; null until probed. */
  probe = $state<AdapterProbe | null>(null);
  env = $state<FitEnvironment | null>(null);
  /** GPU memory the user entered (GB); null: estimate. */
  vramGB = $state<number | null>(null);
  custom = $state<CustomModelRecord[]>([]);
  downloads = $state<ModelDownload[]>([]);
  /** The picked model. */
  selected = $state<string | null>(null);
  /** The browser agreed not to evict downloaded models (null: not asked yet). */
  persisted = $state<boolean | null>(null);
  error = $state<UiMessage | null>(null);
  /** Problems with the custom model form, one per field. */
  customProblems = $state<string[]>([]);
  ready = $state(false);

  models = $derived<CatalogModel[]>([...CATALOG.models, ...this.custom.map(customAsCatalog)]);
  cached = $derived(completeModelIds(this.downloads));
  fits = $derived<ModelFit[]>(
    this.env
      ? checkFits(this.models, { ...this.env, cached: this.cached, ...(this.vramGB ? { vramGB: this.vramGB } : {}) })
      : [],
  );
  budget = $derived(this.env ? memoryBudget({ ...this.env, ...(this.vramGB ? { vramGB: this.vramGB } : {}) }) : undefined);
  recommended = $derived(recommendModel(this.models, this.fits));
  hasWebGPU = $derived(this.probe?.ok === true);

  private started: Promise<void> | undefined;

  /** Probes the GPU and reads custom models, downloads and the last pick (once). */
  init(): Promise<void> {
    this.started ??= this.load();
    return this.started;
  }

  private async load(): Promise<void> {
    try {
      const [vram, last, custom] = await Promise.all([
        readSetting(SETTING.vramGB, v.pipe(v.number(), v.gtValue(0))).catch(() => undefined),
        readSetting(SETTING.lastModel, v.string()).catch(() => undefined),
        askDb().then(({ db, listCustomModels }) => listCustomModels(db)).catch(() => []),
      ]);
      this.vramGB = vram ?? null;
      this.custom = custom;
      const { env, probe } = await fitEnvironment();
      this.probe = probe;
      this.env = env;
      await this.refreshDownloads();
      const known = (id: string | undefined) => (id && this.models.some((m) => m.id === id) ? id : undefined);
      this.selected = known(last) ?? this.recommended ?? CATALOG.models[0].id;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.ready = true;
    }
  }

  appConfig(): AppConfig {
    return toAppConfig($state.snapshot(this.custom) as CustomModelRecord[]);
  }

  thinkingToggle(id: string): boolean {
    return hasThinkingToggle(id, this.custom);
  }

  model(id: string | null | undefined): CatalogModel | undefined {
    return id ? this.models.find((m) => m.id === id) : undefined;
  }

  fit(id: string | null | undefined): ModelFit | undefined {
    return id ? this.fits.find((f) => f.id === id) : undefined;
  }

  select(id: string): void {
    this.selected = id;
    void writeSetting(SETTING.lastModel, id).catch(() => undefined);
  }

  async setVram(gb: number | null): Promise<void> {
    this.vramGB = gb && gb > 0 ? gb : null;
    await writeSetting(SETTING.vramGB, this.vramGB ?? undefined).catch(() => undefined);
  }

  /** Fresh storage figures (before a download), and the browser's promise not to evict. */
  async prepareDownload(): Promise<void> {
    const storage = await storageEstimate();
    if (storage && this.env) this.env = { ...this.env, storage };
    this.persisted = await requestPersistentStorage();
  }

  async refreshDownloads(): Promise<void> {
    if (typeof caches === 'undefined') return;
    try {
      this.downloads = await listModelDownloads(this.appConfig());
    } catch (err) {
      this.error = describeError(err);
    }
  }

  async deleteDownload(target: string): Promise<void> {
    try {
      await deleteModelDownload(target, this.appConfig());
    } catch (err) {
      this.error = describeError(err);
    }
    await this.refreshDownloads();
    await this.prepareDownload().catch(() => undefined);
  }

  async clearDownloads(): Promise<void> {
    try {
      await clearModelCaches();
    } catch (err) {
      this.error = describeError(err);
    }
    await this.refreshDownloads();
  }

  /** Validates and stores a custom model; false (with customProblems) when the form is not right. */
  async addCustom(input: CustomModelInput): Promise<boolean> {
    this.customProblems = [];
    try {
      const record = validateCustomModel(input, this.models.map((m) => m.id));
      const { db, saveCustomModel } = await askDb();
      await saveCustomModel(db, record);
      this.custom = [...this.custom, record];
      this.select(record.id);
      return true;
    } catch (err) {
      if (err instanceof InvalidCustomModelError) this.customProblems = err.problems;
      else this.error = describeError(err);
      return false;
    }
  }

  async removeCustom(id: string): Promise<void> {
    try {
      const { db, deleteCustomModel } = await askDb();
      await deleteCustomModel(db, id);
      this.custom = this.custom.filter((m) => m.id !== id);
      if (this.selected === id) this.selected = this.recommended ?? CATALOG.models[0].id;
    } catch (err) {
      this.error = describeError(err);
    }
  }
}

export const localModels = new LocalModels();
