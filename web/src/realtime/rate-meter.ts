/**
 * Events per second over a sliding window, in fixed memory: the window is cut into buckets and
 * only completed buckets are counted, so the figure does not sag at the start of each bucket.
 */
export class RateMeter {
  private readonly counts: Float64Array;
  /** Absolute number (time / bucketMs) of the bucket being filled. */
  private current = -1;

  constructor(
    private readonly windowMs = 2000,
    private readonly bucketMs = 250,
  ) {
    const buckets = Math.round(windowMs / bucketMs);
    if (buckets < 2) throw new RangeError('the window must hold at least two buckets');
    this.counts = new Float64Array(buckets + 1);
  }

  record(now: number, count = 1): void {
    this.advance(now);
    const slot = this.current % this.counts.length;
    this.counts[slot] = (this.counts[slot] ?? 0) + count;
  }

  /** Events per second over the last `windowMs`, completed buckets only. */
  rate(now: number): number {
    this.advance(now);
    const currentSlot = this.current % this.counts.length;
    let total = 0;
    this.counts.forEach((count, slot) => {
      if (slot !== currentSlot) total += count;
    });
    return total / (((this.counts.length - 1) * this.bucketMs) / 1000);
  }

  private advance(now: number): void {
    const bucket = Math.floor(now / this.bucketMs);
    if (this.current < 0 || bucket - this.current >= this.counts.length) {
      this.counts.fill(0);
    } else {
      for (let b = this.current + 1; b <= bucket; b += 1) this.counts[b % this.counts.length] = 0;
    }
    if (bucket > this.current) this.current = bucket;
  }
}
