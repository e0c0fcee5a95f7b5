import type { Interval } from './scheduling-types.ts';

/**
 * Time lost to a dropped connection. While the owner is away the bench holds its safe state and
 * the session clock is paused, but only up to the lab's grace window: an owner who never comes
 * back cannot keep a bench paused for ever.
 */
export function creditFor(pausedAt: number, returnedAt: number, graceMs: number): number {
  return Math.max(0, Math.min(returnedAt - pausedAt, graceMs));
}

export interface CreditPlan {
  /** The session's new end. */
  end: number;
  /** Credit given back as session time. */
  extendedMs: number;
  /** Credit that did not fit before the bench's next claim: owed as queue priority. */
  owedMs: number;
}

/**
 * Gives credit back by moving the session's end, never past the next claim on the bench (a
 * booking is never delayed); what does not fit is owed as priority in the walk-in queue.
 */
export function applyCredit(
  session: Interval,
  creditMs: number,
  nextClaimStart: number | undefined,
): CreditPlan {
  const limit = nextClaimStart ?? Number.POSITIVE_INFINITY;
  const end = Math.max(session.end, Math.min(session.end + creditMs, limit));
  const extendedMs = end - session.end;
  return { end, extendedMs, owedMs: creditMs - extendedMs };
}
