import type { Allocation, BenchAvailability, Interval, LabSchedule } from './scheduling-types.ts';

/** A student waiting in a lab's walk-in queue. */
export interface QueueEntry {
  id: string;
  userId: string;
  joinedAt: number;
  /** Owed time (a dropped session that could not be extended): served before everyone else. */
  priority: boolean;
}

/** FIFO, except that students owed time go first (FIFO among themselves). */
export function queueOrder<E extends QueueEntry>(entries: readonly E[]): E[] {
  return [...entries].sort(
    (a, b) =>
      Number(b.priority) - Number(a.priority) ||
      a.joinedAt - b.joinedAt ||
      a.id.localeCompare(b.id),
  );
}

/**
 * The walk-in session a bench free at `now` can give: from now until the slot length runs out or
 * the bench's next claim begins, whichever is first. Nothing when the bench is taken now or the gap
 * is shorter than the lab's minimum session: bookings are never delayed, so sessions are cut to fit.
 */
export function walkInWindow(
  benchId: string,
  now: number,
  allocations: readonly Allocation[],
  lab: Pick<LabSchedule, 'slotMs' | 'minSessionMs'>,
): Interval | undefined {
  let next = Number.POSITIVE_INFINITY;
  for (const a of allocations) {
    if (a.benchId !== benchId) continue;
    if (a.start <= now && now < a.end) return undefined;
    if (a.start > now) next = Math.min(next, a.start);
  }
  if (next - now < lab.minSessionMs) return undefined;
  return { start: now, end: Math.min(now + lab.slotMs, next) };
}

/** Of the benches free now, the one giving the longest walk-in session (ties: smallest id). */
export function bestWalkInBench(
  now: number,
  ready: readonly BenchAvailability[],
  allocations: readonly Allocation[],
  lab: Pick<LabSchedule, 'slotMs' | 'minSessionMs'>,
): { benchId: string; interval: Interval } | undefined {
  let best: { benchId: string; interval: Interval } | undefined;
  for (const bench of [...ready].sort((a, b) => a.id.localeCompare(b.id))) {
    const interval = walkInWindow(bench.id, now, allocations, lab);
    if (!interval) continue;
    if (!best || interval.end - interval.start > best.interval.end - best.interval.start) {
      best = { benchId: bench.id, interval };
    }
  }
  return best;
}

/**
 * Estimated wait of every entry, in queue order: each takes the earliest moment a bench has a
 * gap of at least the minimum session, and is assumed to use it fully (so estimates err long).
 * Entries that get nothing within `horizonMs` have no estimate (undefined).
 */
export function estimateWaits(
  now: number,
  ordered: readonly QueueEntry[],
  benches: readonly BenchAvailability[],
  allocations: readonly Allocation[],
  lab: Pick<LabSchedule, 'slotMs' | 'minSessionMs'>,
  horizonMs = 7 * 86_400_000,
): Map<string, number | undefined> {
  const until = now + horizonMs;
  const windows = benches.flatMap((bench) => freeWindows(bench.id, now, until, allocations));
  const waits = new Map<string, number | undefined>();
  for (const entry of ordered) {
    let chosen: Interval | undefined;
    for (const w of windows) {
      if (w.end - w.start >= lab.minSessionMs && (!chosen || w.start < chosen.start)) chosen = w;
    }
    if (!chosen) {
      waits.set(entry.id, undefined);
      continue;
    }
    waits.set(entry.id, chosen.start - now);
    // The granted session consumes the front of the window.
    chosen.start = Math.min(chosen.start + lab.slotMs, chosen.end);
  }
  return waits;
}

/** The gaps between a bench's claims within `[now, until)`, in order. */
function freeWindows(
  benchId: string,
  now: number,
  until: number,
  allocations: readonly Allocation[],
) {
  const claims = allocations
    .filter((a) => a.benchId === benchId && a.end > now && a.start < until)
    .sort((a, b) => a.start - b.start);
  const windows: Interval[] = [];
  let cursor = now;
  for (const claim of claims) {
    if (claim.start > cursor) windows.push({ start: cursor, end: claim.start });
    cursor = Math.max(cursor, claim.end);
  }
  if (cursor < until) windows.push({ start: cursor, end: until });
  return windows;
}
