/**
 * The vocabulary of the pure scheduling core. Times are ms since the epoch (UTC); every interval
 * is half-open, `[start, end)`, so a session ending at 10:00 and one starting at 10:00 do not meet.
 */

export interface Interval {
  start: number;
  end: number;
}

/** What decides whether a bench can be given to anyone. */
export interface BenchAvailability {
  id: string;
  /** Its agent is connected and its board answers. */
  online: boolean;
  /** A technician took it out of service. */
  maintenance: boolean;
  /** It failed its self-test (or a technician quarantined it). */
  quarantine: boolean;
  /** Served by a virtual board: its pool's practice twin, never booked nor queued for. */
  twin?: boolean;
}

/** Why a bench is taken for an interval: a booked slot, a walk-in session, a batch run, practice on a twin. */
export type AllocationKind = 'slot' | 'walk-in' | 'batch' | 'practice';

/** One claim on one bench for one interval. Invariant: claims on a bench never overlap. */
export interface Allocation extends Interval {
  id: string;
  benchId: string;
  kind: AllocationKind;
}

/** The scheduling settings of a lab, all durations in ms. */
export interface LabSchedule {
  slotMs: number;
  quotaPerWeek: number;
  horizonMs: number;
  cancelDeadlineMs: number;
  /** The shortest walk-in session worth giving: a gap shorter than this stays empty. */
  minSessionMs: number;
  /** How long the head of the queue has to accept a free bench before it goes to the next. */
  offerMs: number;
  /** How long a dropped owner's session clock stays paused while the bench holds its safe state. */
  graceMs: number;
}

export const MINUTE_MS = 60_000;

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}
