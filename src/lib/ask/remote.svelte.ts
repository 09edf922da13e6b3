// The model server (OpenAI-compatible) the user connects to: its address,
// optional API key and model name, kept in IndexedDB settings.
import * as v from 'valibot';
import { normalizeBaseUrl, type OpenAICompatibleConfig } from '../../core/engine/openai.ts';
import { describeError, type UiMessage } from '../messages.ts';
import { createRemoteEngine } from './engines.ts';
import { readSetting, SETTING, writeSetting } from './store.ts';

export interface RemoteSettings {
  baseUrl: string;
  apiKey: string;
  model: string;
}

/** As stored (older versions may lack the key or the model). */
const StoredRemoteSettingsSchema = v.object({
  baseUrl: v.string(),
  apiKey: v.optional(v.string()),
  model: v.optional(v.string()),
}) satisfies v.GenericSchema<unknown, Partial<RemoteSettings>>;

export const DEFAULT_SERVER = 'http://127.0.0.1:8000';

class RemoteServer {
  baseUrl = $state(DEFAULT_SERVER);
  apiKey = $state('');
  model = $state('');
  /** Models the server listed (GET /v1/models). */
  models = $state<string[]>([]);
  listing = $state(false);
  error = $state<UiMessage | null>(null);

  /** Where text goes, for the notice ("127.0.0.1:8000"). */
  host = $derived(hostOf(this.baseUrl));

  private started: Promise<void> | undefined;

  init(): Promise<void> {
    this.started ??= readSetting(SETTING.remote, StoredRemoteSettingsSchema)
      .then((s) => {
        if (!s) return;
        this.baseUrl = s.baseUrl || DEFAULT_SERVER;
        this.apiKey = s.apiKey ?? '';
        this.model = s.model ?? '';
      })
      .catch(() => undefined);
    return this.started;
  }

  async save(): Promise<void> {
    await writeSetting(SETTING.remote, { baseUrl: this.baseUrl.trim(), apiKey: this.apiKey, model: this.model.trim() }).catch(
      () => undefined,
    );
  }

  config(): OpenAICompatibleConfig {
    return { baseUrl: this.baseUrl.trim(), ...(this.apiKey.trim() ? { apiKey: this.apiKey.trim() } : {}) };
  }

  /** Asks the server which models it serves; picks the first when none is chosen. */
  async listModels(): Promise<void> {
    this.error = null;
    this.listing = true;
    try {
      this.models = await createRemoteEngine(this.config()).listModels();
      if (this.models.length && !this.models.includes(this.model)) this.model = this.models[0];
      await this.save();
    } catch (err) {
      this.models = [];
      this.error = describeError(err);
    } finally {
      this.listing = false;
    }
  }
}

function hostOf(url: string): string {
  try {
    return new URL(normalizeBaseUrl(url)).host;
  } catch {
    return url.trim() || 'the server';
  }
}

export const remoteServer = new RemoteServer();
