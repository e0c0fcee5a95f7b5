import type { Allocation, BenchAvailability, Interval } from './scheduling-types.ts';
import { overlaps } from './scheduling-types.ts';

/**
 * Benches that can be given out: online, neither in maintenance nor quarantined, and real (a
 * twin is for practice: a booking or a queue place must get the real circuit).
 */
export function inService(benches: readonly BenchAvailability[]): BenchAvailability[] {
  return benches.filter((b) => b.online && !b.maintenance && !b.quarantine && !b.twin);
}

/** The in-service benches with no claim overlapping `interval`. */
export function freeBenches(
  interval: Interval,
  benches: readonly BenchAvailability[],
  allocations: readonly Allocation[],
): BenchAvailability[] {
  const busy = new Set(allocations.filter((a) => overlaps(a, interval)).map((a) => a.benchId));
  return inService(benches).filter((b) => !busy.has(b.id));
}

/**
 * Picks the bench to claim for `interval`: best fit, the one whose neighbouring claims are
 * closest, so bookings pack onto few benches and leave whole benches (long gaps) for the walk-in
 * queue and batch runs. Ties go to the smallest id, so the choice is deterministic.
 */
export function pickBench(
  interval: Interval,
  candidates: readonly BenchAvailability[],
  allocations: readonly Allocation[],
  horizonMs = 86_400_000,
): BenchAvailability | undefined {
  let best: { bench: BenchAvailability; slack: number } | undefined;
  for (const bench of [...candidates].sort((a, b) => a.id.localeCompare(b.id))) {
    let before = horizonMs;
    let after = horizonMs;
    for (const a of allocations) {
      if (a.benchId !== bench.id) continue;
      if (a.end <= interval.start) before = Math.min(before, interval.start - a.end);
      if (a.start >= interval.end) after = Math.min(after, a.start - interval.end);
    }
    const slack = before + after;
    if (!best || slack < best.slack) best = { bench, slack };
  }
  return best?.bench;
}
