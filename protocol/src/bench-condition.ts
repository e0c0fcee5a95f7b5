/**
 * The one state a bench shows wherever it appears (the fleet, the bench list, a lab page), with
 * why and since when. Derived here, once, from what the server knows of it: the agent's live
 * report (online or offline, its session, its own quarantine, an `unsafe` marker) and the
 * catalog's flags set by technicians.
 *
 * Precedence, most urgent first, and why:
 * 1. `unsafe`: the bench may harm people or parts; nothing else matters until someone looks.
 * 2. `quarantined`: out of service until a technician clears it (a failed self-test or by hand).
 * 3. `maintenance`: a technician is working on it.
 * 4. `offline`: the agent or the board is away; the detail says which.
 * 5. `in-session`: up and serving someone.
 * 6. `online`: up and free.
 */
export const BENCH_CONDITIONS = [
  'online',
  'offline',
  'in-session',
  'maintenance',
  'quarantined',
  'unsafe',
] as const;
export type BenchCondition = (typeof BENCH_CONDITIONS)[number];

/** A reason and since when (ms since epoch): a flag, a quarantine, an unsafe marker. */
interface Marker {
  reason: string;
  since: number;
}

/** What the rule reads; every field but `status` may be missing (older servers, plain summaries). */
export interface BenchConditionInput {
  status: 'online' | 'offline';
  /** Why the bench is offline, in the agent's or the server's words. */
  detail?: string | undefined;
  lastSeen?: number | undefined;
  quarantine?: Marker | null | undefined;
  maintenance?: Marker | null | undefined;
  /** Set by the agent when a reading left the bench's safety envelope. */
  unsafe?: Marker | null | undefined;
  /** When the running session started, while one runs. */
  sessionSince?: number | null | undefined;
}

export interface BenchConditionView {
  condition: BenchCondition;
  /** Why, when there is something to say (flags, offline detail); untranslated operator text. */
  reason?: string;
  /** Since when (ms since epoch), when known. */
  since?: number;
}

/** The bench's one state, by the precedence above. */
export function benchCondition(bench: BenchConditionInput): BenchConditionView {
  const flagged = (condition: BenchCondition, marker: Marker): BenchConditionView => ({
    condition,
    reason: marker.reason,
    since: marker.since,
  });
  if (bench.unsafe) return flagged('unsafe', bench.unsafe);
  if (bench.quarantine) return flagged('quarantined', bench.quarantine);
  if (bench.maintenance) return flagged('maintenance', bench.maintenance);
  if (bench.status === 'offline') {
    return {
      condition: 'offline',
      ...(bench.detail ? { reason: bench.detail } : {}),
      ...(bench.lastSeen !== undefined ? { since: bench.lastSeen } : {}),
    };
  }
  if (bench.sessionSince != null) return { condition: 'in-session', since: bench.sessionSince };
  return { condition: 'online' };
}
