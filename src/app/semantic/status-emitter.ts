// Sends status snapshots to whoever listens (the checker's event listeners):
// at once for changes the user acts on (a model ready, a job paused), at most
// every `everyMs` for streams of progress (bytes downloaded, passages embedded).
export class StatusEmitter<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly snapshot: () => T,
    private readonly send: (status: T) => void,
    private readonly everyMs = 150,
  ) {}

  /** Sends the current status now (and drops a pending throttled send). */
  now(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.send(this.snapshot());
  }

  /** Sends the status within `everyMs`, once for any number of calls until then. */
  soon(): void {
    this.timer ??= setTimeout(() => this.now(), this.everyMs);
  }

  /** Drops a pending throttled send (shutdown). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
