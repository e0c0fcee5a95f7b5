export interface Settled<V, R> {
  value: V;
  result: R;
  /** A newer value is already on its way: this result is history, not what the bench shows. */
  superseded: boolean;
}

/**
 * Sends values one at a time and, while one is in flight, keeps only the latest newer value: a
 * slider dragged across its range sends its first value, then whatever it rests on when the ack
 * comes back, never a queue of stale positions. `send` should not reject; if it does, the
 * rejection is reported as a result so the sender never stays busy forever.
 */
export class LatestValueSender<V, R> {
  private inFlight = false;
  private pending: { value: V } | null = null;
  private disposed = false;

  constructor(
    private readonly send: (value: V) => Promise<R>,
    private readonly onSettled: (settled: Settled<V, R>) => void,
    private readonly onRejected: (error: unknown) => R,
  ) {}

  /** True while a value is in flight or waiting. */
  get busy(): boolean {
    return this.inFlight || this.pending !== null;
  }

  submit(value: V): void {
    if (this.disposed) return;
    if (this.inFlight) {
      this.pending = { value };
      return;
    }
    this.dispatch(value);
  }

  /** Drops the waiting value and silences results still to come (the control is going away). */
  dispose(): void {
    this.disposed = true;
    this.pending = null;
  }

  private dispatch(value: V): void {
    this.inFlight = true;
    let sent: Promise<R>;
    try {
      sent = this.send(value);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (result) => this.settle(value, result),
      (error: unknown) => this.settle(value, this.onRejected(error)),
    );
  }

  private settle(value: V, result: R): void {
    this.inFlight = false;
    if (this.disposed) return;
    const next = this.pending;
    this.pending = null;
    if (next) this.dispatch(next.value);
    this.onSettled({ value, result, superseded: next !== null });
  }
}
