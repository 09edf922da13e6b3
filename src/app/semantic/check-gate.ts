// Checks go first: background embedding waits between batches while any check
// runs (a check's query embeddings and NLI share the model worker with it).
export class CheckGate {
  private running = 0;
  private waiting: (() => void)[] = [];

  /** Marks a check as running until the returned function is called (idempotent). */
  started(): () => void {
    this.running++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.running === 0) for (const resume of this.waiting.splice(0)) resume();
    };
  }

  /** Resolves once no check runs. */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
