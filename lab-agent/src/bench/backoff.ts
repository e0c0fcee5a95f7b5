/** Exponential backoff with a ceiling: initial, 2x, 4x ... up to max. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly limits: { initialMs: number; maxMs: number }) {}

  next(): number {
    const delay = Math.min(this.limits.maxMs, this.limits.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
