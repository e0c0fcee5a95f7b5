import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Allocation, Interval } from './scheduling-types.ts';
import {
  CLAIMING,
  type BookingStatus,
  type BookingsTable,
  type SchedulingDb,
} from './scheduling-tables.ts';

export type BookingRow = Selectable<BookingsTable>;

/** What a new claim is about; everything else starts empty (no session, no credit, no warning). */
export type NewBooking = Pick<
  BookingRow,
  'lab_id' | 'user_id' | 'pool' | 'kind' | 'bench_id' | 'start_at' | 'end_at' | 'status'
> &
  Partial<Pick<BookingRow, 'expires_at'>>;

/** The row of a new claim, the one shape every way of claiming a bench inserts. */
export function newBookingRow(claim: NewBooking, now: number): BookingRow {
  return {
    id: randomUUID(),
    session_id: null,
    paused_at: null,
    credited_ms: 0,
    warned: 0,
    expires_at: null,
    reason: null,
    created_at: now,
    updated_at: now,
    ...claim,
  };
}

/** The SQL of bookings (claims). Every function takes the executor: inside a pool lock, the transaction. */

export function toAllocation(
  row: Pick<BookingRow, 'id' | 'bench_id' | 'start_at' | 'end_at' | 'kind'>,
): Allocation {
  return {
    id: row.id,
    benchId: row.bench_id,
    start: row.start_at,
    end: row.end_at,
    kind: row.kind,
  };
}

/** Claims on the pool's benches that overlap `[from, to)`. */
export async function claimsOverlapping(
  db: SchedulingDb,
  pool: string,
  range: Interval,
): Promise<BookingRow[]> {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('pool', '=', pool)
    .where('status', 'in', CLAIMING)
    .where('end_at', '>', range.start)
    .where('start_at', '<', range.end)
    .orderBy('start_at')
    .execute();
}

export async function bookingById(db: SchedulingDb, id: string): Promise<BookingRow | undefined> {
  return db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Slot bookings of a student in a lab starting in `week` that count against the quota. */
export async function quotaUsed(
  db: SchedulingDb,
  userId: string,
  labId: string,
  week: Interval,
): Promise<number> {
  const row = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('lab_id', '=', labId)
    .where('kind', '=', 'slot')
    .where('status', 'in', ['booked', 'active', 'ended'])
    // A session cut short because its bench was withdrawn is refunded.
    .where((eb) => eb.or([eb('reason', 'is', null), eb('reason', '!=', 'bench-withdrawn')]))
    .where('start_at', '>=', week.start)
    .where('start_at', '<', week.end)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Moves a booking from one of `from` to `set.status`, or does nothing when it is no longer in
 * one of them. Returns whether it moved: this compare-and-set is what makes every lifecycle step
 * idempotent, whichever worker, process or retry runs it.
 */
export async function transition(
  db: SchedulingDb,
  id: string,
  from: readonly BookingStatus[],
  set: Partial<Omit<BookingRow, 'id'>> & { updated_at: number },
): Promise<boolean> {
  const result = await db
    .updateTable('bookings')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Bookings a reconciler must have jobs for: future or running, within the look-ahead. */
export async function bookingsNeedingJobs(db: SchedulingDb, until: number): Promise<BookingRow[]> {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'booked'), eb('start_at', '<', until)]),
        eb('status', '=', 'active'),
        eb('status', '=', 'offered'),
      ]),
    )
    .orderBy('start_at')
    .execute();
}

/** The first claim on a bench that starts at or after `from` (the limit of an extension or walk-in). */
export async function nextClaimOnBench(
  db: SchedulingDb,
  benchId: string,
  from: number,
  exceptId?: string,
): Promise<number | undefined> {
  let query = db
    .selectFrom('bookings')
    .select('start_at')
    .where('bench_id', '=', benchId)
    .where('status', 'in', CLAIMING)
    .where('start_at', '>=', from);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const row = await query.orderBy('start_at').limit(1).executeTakeFirst();
  return row?.start_at;
}
