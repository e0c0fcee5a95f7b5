/** What the countdown shows, from the time left. */
export type ClockPhase = 'running' | 'warning' | 'final' | 'over';

/** Warnings before the end: a first one at 5 minutes, a last one at 1 minute. */
export const WARN_AT_MS = 5 * 60_000;
export const FINAL_AT_MS = 60_000;

export function clockPhase(remainingMs: number): ClockPhase {
  if (remainingMs <= 0) return 'over';
  if (remainingMs <= FINAL_AT_MS) return 'final';
  if (remainingMs <= WARN_AT_MS) return 'warning';
  return 'running';
}

/**
 * When the session ends, best source first: the scheduler's word (a push: started, extended),
 * then the booking's end, then the lab's slot length from the start (an ad hoc session).
 */
export function sessionEndsAt(sources: {
  pushedEndsAt?: number | null;
  bookingEnd?: number | null;
  startedAt: number;
  slotMinutes?: number | null;
}): number | null {
  if (sources.pushedEndsAt) return sources.pushedEndsAt;
  if (sources.bookingEnd) return sources.bookingEnd;
  if (sources.slotMinutes) return sources.startedAt + sources.slotMinutes * 60_000;
  return null;
}
