// The Batch view's state (runs, the open run, its progress). A skeleton for
// batch-ui to fill in: the checker's batch calls and events are the contract
// (src/core/batch/types.ts, header comment); nothing here holds logic.
import type { BatchProgress, BatchRun } from '../core/batch/types.ts';
import type { CheckerEvent } from '../core/checker.ts';

class BatchState {
  /** Every run, newest first (checker.listBatches()). */
  runs = $state<BatchRun[]>([]);
  /** Latest progress per run id, from 'batch' events. */
  progress = $state<Record<string, BatchProgress>>({});

  /** Applies a checker event (wire with checker.onEvent). */
  receive(e: CheckerEvent): void {
    if (e.type === 'batch') {
      this.progress[e.run.id] = e.progress;
      const at = this.runs.findIndex((r) => r.id === e.run.id);
      if (at >= 0) this.runs[at] = e.run;
      else this.runs = [e.run, ...this.runs];
    } else if (e.type === 'batch-deleted') {
      this.runs = this.runs.filter((r) => r.id !== e.runId);
      delete this.progress[e.runId];
    }
  }
}

export const batch = new BatchState();
