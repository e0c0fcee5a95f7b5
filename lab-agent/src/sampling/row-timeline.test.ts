import { describe, expect, it } from 'vitest';
import { RowTimeline } from './row-timeline.ts';

/** Rows sampled every `period` ms from `start`, arriving in bursts of `burst` rows. */
function burstyArrivals(start: number, count: number, period: number, burst: number): number[] {
  return Array.from(
    { length: count },
    (_, i) => start + (Math.floor(i / burst) + 1) * burst * period,
  );
}

describe('RowTimeline', () => {
  it('measures the row period from arrivals and never places a row after it arrived', () => {
    const timeline = new RowTimeline(1);
    const arrivals = burstyArrivals(10_000, 500, 1.6, 8);
    for (const a of arrivals) timeline.countRow(a);
    expect(timeline.dtMs).toBeCloseTo(1.6, 1);
    const { t0, dt } = timeline.place(arrivals.slice(0, 50));
    arrivals.slice(0, 50).forEach((a, i) => expect(t0 + i * dt).toBeLessThanOrEqual(a + 1e-9));
  });

  it('continues the axis from one frame to the next', () => {
    const timeline = new RowTimeline(1);
    const arrivals = burstyArrivals(0, 400, 2, 4);
    for (const a of arrivals) timeline.countRow(a);
    const first = timeline.place(arrivals.slice(0, 25));
    const second = timeline.place(arrivals.slice(25, 50));
    expect(second.t0).toBeCloseTo(first.t0 + 25 * first.dt, 0);
  });

  it('re-anchors after a long silence', () => {
    const timeline = new RowTimeline(1);
    timeline.place([100, 101, 102]);
    const after = timeline.place([5000, 5001]);
    expect(after.t0).toBe(5000);
  });

  it('reports the row rate over the last second', () => {
    const timeline = new RowTimeline(1);
    for (let i = 0; i <= 2000; i += 1) timeline.countRow(i * 0.5);
    expect(timeline.rowsPerSecond).toBeCloseTo(2000, -1);
  });
});
