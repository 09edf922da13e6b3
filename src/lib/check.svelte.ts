// The Check view's state: the pasted answer, the running check and the result
// on screen (a fresh check or one reopened from history).
import type { CheckRecord } from '../core/export.ts';
import type { CheckProgress } from '../core/checker.ts';
import { fromErrorPayload } from '../core/errors.ts';
import { checker } from './checker.ts';
import { describeError, type UiMessage } from './messages.ts';
import { hasReasoning } from './highlight.ts';
import { history } from './history.svelte.ts';
import { verifierChoice } from './judge.svelte.ts';

class CheckState {
  answer = $state('');
  checkReasoning = $state(false);
  running = $state(false);
  progress = $state<CheckProgress | null>(null);
  /** The check on screen. */
  record = $state<CheckRecord | null>(null);
  /** Index of the claim whose evidence is open. */
  selected = $state<number | null>(null);
  error = $state<UiMessage | null>(null);
  /** Something that half-worked (e.g. not saved to history). */
  warning = $state<UiMessage | null>(null);

  /** The pasted answer has a <think> block: offer to check it too. */
  hasReasoning = $derived(hasReasoning(this.answer));
  selectedClaim = $derived(
    this.record && this.selected !== null ? (this.record.report.claims[this.selected] ?? null) : null,
  );

  private controller: AbortController | null = null;

  async run(): Promise<void> {
    if (this.running) return;
    this.error = null;
    this.warning = null;
    this.running = true;
    this.progress = null;
    this.controller = new AbortController();
    try {
      const outcome = await checker.check(
        this.answer,
        { checkReasoning: this.checkReasoning, signal: this.controller.signal, judge: verifierChoice.option() },
        (p) => (this.progress = p),
      );
      this.record = outcome.record;
      this.selected = outcome.record.report.claims.length ? 0 : null;
      if (!outcome.saved && outcome.saveError) {
        this.warning = {
          ...describeError(fromErrorPayload(outcome.saveError)),
          title: 'Not saved to history',
          tone: 'warning',
        };
      }
      void history.refresh();
    } catch (err) {
      // The pasted text stays in the box whatever went wrong.
      this.error = describeError(err);
    } finally {
      this.running = false;
      this.progress = null;
      this.controller = null;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Shows a saved check (from history) with its answer back in the box. */
  open(record: CheckRecord): void {
    this.record = record;
    this.answer = record.answer;
    this.checkReasoning = record.checkReasoning;
    this.selected = record.report.claims.length ? 0 : null;
    this.error = null;
    this.warning = null;
  }

  select(index: number | null): void {
    this.selected = index;
  }

  clear(): void {
    this.answer = '';
    this.record = null;
    this.selected = null;
    this.error = null;
    this.warning = null;
  }
}

export const check = new CheckState();
