// App-wide state: the current view, the checker's corpora and packs, first-start
// loading progress, and banners (e.g. a crashed worker).
import type { CheckerState, LoadProgress } from '../core/checker.ts';
import { checker } from './checker.ts';
import { fromErrorPayload } from '../core/errors.ts';
import { describeError, type UiMessage } from './messages.ts';

export type View = 'check' | 'ask' | 'batch' | 'corpora' | 'history' | 'settings';
const VIEWS: View[] = ['check', 'ask', 'batch', 'corpora', 'history', 'settings'];

function viewFromHash(): View {
  const v = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] as View;
  return VIEWS.includes(v) ? v : 'check';
}

class AppState {
  view = $state<View>(viewFromHash());
  /** What the checker holds; null until it has started. */
  checker = $state<CheckerState | null>(null);
  /** Progress of loading evidence (first start, pack restore); null when idle. */
  loading = $state<LoadProgress | null>(null);
  /**
   * Progress of saving evidence that is already searchable (the pack on first
   * start is checked from memory while it is saved for offline use); null when idle.
   */
  saving = $state<LoadProgress | null>(null);
  /** Why the checker could not start, if it could not. */
  startError = $state<UiMessage | null>(null);
  /** A message for the whole app (the worker crashed…). */
  banner = $state<UiMessage | null>(null);

  /** Resolves when the first start has ended (evidence loaded, or failed to). */
  readonly started: Promise<void>;
  private markStarted!: () => void;

  corpusCount = $derived(this.checker?.corpora.length ?? 0);
  passageCount = $derived(this.checker?.corpora.reduce((n, c) => n + c.chunks, 0) ?? 0);

  constructor() {
    this.started = new Promise<void>((resolve) => (this.markStarted = resolve));
    addEventListener('hashchange', () => (this.view = viewFromHash()));
    checker.onCrash((err) => {
      this.banner = describeError(err);
      this.saving = null;
    });
    checker.onEvent((e) => {
      if (e.type !== 'saving') return;
      this.saving = e.progress;
      if (e.error) this.banner = { ...describeError(fromErrorPayload(e.error)), tone: 'warning' };
    });
  }

  go(view: View): void {
    this.view = view;
    if (viewFromHash() !== view) history.replaceState(null, '', `#/${view}`);
  }

  /** Starts the checker: loads stored corpora, installs the built-in pack on first start. */
  async start(): Promise<void> {
    this.startError = null;
    try {
      this.checker = await checker.init((p) => (this.loading = p));
      if (this.checker.packError) this.banner = { ...describeError(fromErrorPayload(this.checker.packError)), tone: 'warning' };
    } catch (err) {
      this.startError = describeError(err);
    } finally {
      this.loading = null;
      this.markStarted();
    }
  }

  dismissBanner(): void {
    this.banner = null;
  }
}

export const app = new AppState();
