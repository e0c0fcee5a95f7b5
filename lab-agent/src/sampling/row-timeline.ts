/** Beyond this, a timeline that lags the arrivals is re-anchored instead of eased back. */
const REANCHOR_MS = 50;
/** Share of the lag removed per frame, so the plot's time axis never jumps for jitter. */
const EASE = 0.1;
const RATE_WINDOW_MS = 1000;

/**
 * Places rows on a time axis. Firmata carries no timestamps and serial bytes arrive in bursts, so
 * an arrival time is an upper bound of when the firmware sampled. The row period comes from the
 * measured row rate; the axis continues from the previous frame and is pulled back so that no row
 * is placed after it arrived (the lower envelope of the arrivals).
 */
export class RowTimeline {
  private nextT: number | undefined;
  private readonly rateWindow: number[] = [];

  constructor(private readonly nominalDtMs: number) {}

  countRow(arrivedAt: number): void {
    this.rateWindow.push(arrivedAt);
    const horizon = arrivedAt - RATE_WINDOW_MS;
    let drop = 0;
    while (drop < this.rateWindow.length && this.rateWindow[drop]! < horizon) drop += 1;
    if (drop > 0) this.rateWindow.splice(0, drop);
  }

  get rowsPerSecond(): number {
    const n = this.rateWindow.length;
    if (n < 2) return 0;
    const span = this.rateWindow[n - 1]! - this.rateWindow[0]!;
    return span > 0 ? ((n - 1) * 1000) / span : 0;
  }

  /** The period between rows: measured when there is enough history, nominal otherwise. */
  get dtMs(): number {
    const n = this.rateWindow.length;
    if (n < 20) return this.nominalDtMs;
    const span = this.rateWindow[n - 1]! - this.rateWindow[0]!;
    return span > 0 ? span / (n - 1) : this.nominalDtMs;
  }

  place(arrivals: readonly number[]): { t0: number; dt: number } {
    const dt = this.dtMs;
    let lower = Infinity;
    arrivals.forEach((arrivedAt, i) => {
      lower = Math.min(lower, arrivedAt - i * dt);
    });
    let t0 = lower;
    const predicted = this.nextT;
    if (predicted !== undefined && predicted <= lower && lower - predicted < REANCHOR_MS) {
      t0 = predicted + EASE * (lower - predicted);
    }
    this.nextT = t0 + arrivals.length * dt;
    return { t0, dt };
  }

  reset(): void {
    this.nextT = undefined;
    this.rateWindow.length = 0;
  }
}
