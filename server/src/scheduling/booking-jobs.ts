import type { BookingRow } from './booking-store.ts';
import { WARNINGS } from './session-lifecycle.ts';

/** The timed steps of a booking, each a BullMQ job with a deterministic id. */
export const JOB_NAMES = ['start', 'warn-2m', 'warn-30s', 'end', 'offer-expiry'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/**
 * `booking:<id>:start` and so on. BullMQ refuses custom ids containing `:` unless they have
 * exactly three parts (a rule kept for its old repeatable-job keys): booking ids are UUIDs and
 * step names have no colon, so ours always have three.
 */
export function jobId(bookingId: string, name: JobName): string {
  return `booking:${bookingId}:${name}`;
}

/**
 * The jobs a booking needs right now, derived from its row alone, so any process can rebuild
 * them from SQL after Redis lost them. A warning that no longer fits (a session shorter than
 * two minutes) or was already sent is not wanted.
 */
export function desiredJobs(row: BookingRow): Array<{ name: JobName; at: number }> {
  switch (row.status) {
    case 'booked':
      return [{ name: 'start', at: row.start_at }];
    case 'offered':
      return row.expires_at === null ? [] : [{ name: 'offer-expiry', at: row.expires_at }];
    case 'active': {
      const jobs: Array<{ name: JobName; at: number }> = [];
      for (const name of ['warn-2m', 'warn-30s'] as const) {
        const { leadMs, bit } = WARNINGS[name];
        if (
          row.kind !== 'batch' &&
          (row.warned & bit) === 0 &&
          row.end_at - leadMs > row.start_at
        ) {
          jobs.push({ name, at: row.end_at - leadMs });
        }
      }
      jobs.push({ name: 'end', at: row.end_at });
      return jobs;
    }
    default:
      return [];
  }
}
