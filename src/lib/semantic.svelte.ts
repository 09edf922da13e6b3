// Settings → Models: what the checker says about semantic search (models,
// where they run, embedding per corpus) and the user's actions on it. The
// checker worker does the work; this module only keeps its latest status.
import type { SemanticStatus } from '../core/checker.ts';
import type { SemanticSettings } from '../core/models/settings.ts';
import { HUB_URL, selectableModels } from '../core/models/settings.ts';
import { checker } from './checker.ts';
import { describeError, type UiMessage } from './messages.ts';
import {
  deleteCachedModel,
  listCachedModels,
  modelReach,
  type CacheListing,
  type ModelLocations,
} from '../core/models/transformers-cache.ts';
import { catalogEntry } from '../core/models/catalog.ts';

/** Test fixtures are offered only in test builds (the production build has no fixture files). */
export const OFFER_FIXTURES = import.meta.env.MODE !== 'production';

export const embedderChoices = selectableModels('feature-extraction', OFFER_FIXTURES);
export const nliChoices = selectableModels('nli', OFFER_FIXTURES);

function locations(hubUrl: string): ModelLocations {
  return { mirrorBase: new URL(`${import.meta.env.BASE_URL}models/`, location.origin).href, hubUrl };
}

class SemanticState {
  status = $state<SemanticStatus | null>(null);
  /** The user's choice before they press the button (starts as the stored settings). */
  draft = $state<SemanticSettings | null>(null);
  busy = $state(false);
  error = $state<UiMessage | null>(null);
  cache = $state<CacheListing | null>(null);
  cacheError = $state<UiMessage | null>(null);

  enabled = $derived(this.status?.settings.enabled ?? false);
  /** Corpora still being embedded (or waiting), for the header. */
  pending = $derived(this.status?.corpora.filter((c) => c.state === 'queued' || c.state === 'running') ?? []);

  /**
   * Whether the chosen models' files are in the app's model folder, probed
   * (same origin) before the first download is offered: 'checking', 'yes',
   * or 'not-in-folder'. The hub is never probed: it is asked only when the
   * user presses the button. `key` is the choice it is for.
   */
  reach = $state<{ key: string; state: 'checking' | 'yes' | 'not-in-folder' } | null>(null);

  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    checker.onEvent((e) => {
      if (e.type === 'semantic') this.update(e.status);
    });
    void this.refresh();
  }

  /** The user changed the choice and has not applied it yet. */
  changed = $state(false);

  private update(s: SemanticStatus): void {
    this.status = s;
    // Keep what the user is choosing; follow the stored settings otherwise.
    if (!this.changed) this.draft = { ...s.settings };
  }

  async refresh(): Promise<void> {
    try {
      this.update(await checker.semanticStatus());
    } catch (err) {
      this.error = describeError(err);
    }
    await this.refreshCache();
  }

  /** Downloads (when needed) and loads the chosen models, then turns semantic search on. */
  async enable(): Promise<void> {
    if (this.busy || !this.draft) return;
    this.busy = true;
    this.error = null;
    try {
      const { enabled: _e, ...choice } = this.draft;
      this.changed = false;
      this.update(await checker.enableSemantic(choice, (s) => (this.status = s)));
    } catch (err) {
      this.error = describeError(err);
      await this.refresh();
    } finally {
      this.busy = false;
      await this.refreshCache();
    }
  }

  async disable(): Promise<void> {
    this.error = null;
    try {
      this.changed = false;
      this.update(await checker.configureSemantic({ enabled: false }));
    } catch (err) {
      this.error = describeError(err);
    }
  }

  /** A new choice of models, source or device; applied by enable() (it may need a download). */
  choose(change: Partial<SemanticSettings>): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, ...change };
    this.changed = this.status ? !sameChoice(this.draft, this.status.settings) : true;
  }

  async embedding(corpusId: string, action: 'pause' | 'resume'): Promise<void> {
    this.error = null;
    try {
      this.update(await checker.embedding(corpusId, action));
    } catch (err) {
      this.error = describeError(err);
    }
  }

  /** Probes the chosen models' files (their config.json) in the app's model folder; see `reach`. */
  async checkReach(): Promise<void> {
    const d = this.draft;
    if (!d) return;
    const key = reachKey(d);
    if (d.source !== 'mirror') {
      this.reach = { key, state: 'yes' };
      return;
    }
    this.reach = { key, state: 'checking' };
    let state: 'yes' | 'not-in-folder' = 'yes';
    try {
      const loc = locations(d.hubUrl);
      for (const id of [d.embedder, d.nli]) {
        if (!(await modelReach(catalogEntry(id), 'mirror', loc)).reachable) state = 'not-in-folder';
      }
    } catch {
      state = 'not-in-folder';
    }
    // A newer choice has its own probe.
    if (this.reach?.key === key) this.reach = { key, state };
  }

  async refreshCache(): Promise<void> {
    try {
      this.cache = await listCachedModels(locations(this.status?.settings.hubUrl ?? HUB_URL));
      this.cacheError = null;
    } catch (err) {
      this.cacheError = describeError(err);
    }
  }

  async deleteCached(id: string, source: 'mirror' | 'hub'): Promise<void> {
    try {
      await deleteCachedModel(id, locations(this.status?.settings.hubUrl ?? HUB_URL), source);
    } catch (err) {
      this.cacheError = describeError(err);
    }
    await this.refreshCache();
  }
}

/** The part of the choice the folder probe depends on. */
export function reachKey(d: SemanticSettings): string {
  return d.source === 'mirror' ? `mirror ${d.embedder} ${d.nli}` : 'hub';
}

function sameChoice(a: SemanticSettings, b: SemanticSettings): boolean {
  return a.embedder === b.embedder && a.nli === b.nli && a.source === b.source && a.hubUrl === b.hubUrl && a.device === b.device;
}

export const semantic = new SemanticState();
