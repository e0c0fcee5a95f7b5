import type { Logger } from 'pino';
import type { BenchDescriptor } from '@remotelab/protocol';
import type { Dialect } from '../db/open-database.ts';
import type { Actor } from '../core/actor.ts';
import type { BookingRow } from './booking-store.ts';
import type { SchedulerEventBus } from './scheduler-events.ts';
import type { SchedulingDb } from './scheduling-tables.ts';
import type { BenchAvailability } from './scheduling-types.ts';

/** Which benches a pool has and whether each can be given out, right now. */
export interface BenchPresence {
  poolBenches(pool: string): Promise<BenchAvailability[]>;
  /** What the pool's benches offer (they are interchangeable: one stands for all). */
  poolDescriptor(pool: string): Promise<BenchDescriptor | undefined>;
}

/** Whether an actor may use a lab (see it, book it, queue for it); throws NOT_FOUND otherwise. */
export interface LabAccess {
  checkCanUse(actor: Actor, labId: string): Promise<void>;
}

/** The recording of a session (the platform's SessionRecorder behind a seam). */
export interface SessionRecording {
  /** The input channels stored with a new session row (JSON), from the bench's descriptor. */
  channelsJson(benchId: string): Promise<string>;
  begin(sessionId: string, benchId: string): Promise<void>;
  finish(sessionId: string): Promise<void>;
}

/**
 * Executes time: makes sure the right transition runs at the right moment for a booking, as SQL
 * currently describes it. Idempotent: called again with the same row it changes nothing; called
 * with a moved end it moves the jobs. BullMQ in the server, a fake clock in the simulation. The
 * rules are numbered in scheduler-timers.contract.ts, run on both. Where they differ:
 * - a step already due (waiting for a worker) is neither moved nor removed by BullMQ: it runs,
 *   and the step's compare-and-set skips it or reports it early; VirtualTimers runs due steps
 *   only when its clock moves, so it has none waiting;
 * - BullMQ remembers a completed step for an hour (a re-add for that time is a no-op), the
 *   virtual timers until `flush`;
 * - `poke` runs the matcher in the server; VirtualTimers notes the pool, and the simulation runs
 *   the matcher before its clock moves on.
 */
export interface SchedulerTimers {
  sync(booking: BookingRow): Promise<void>;
  /**
   * A bench of the pool may be free, or someone waits for one: run the matcher. Request paths
   * await it, so the answer already reflects the offer or the batch start it caused.
   */
  poke(pool: string): Promise<void> | void;
}

/** Everything the scheduling services share; one object so constructors stay small. */
export interface SchedulerContext {
  db: SchedulingDb;
  dialect: Dialect;
  now: () => number;
  logger: Logger;
  presence: BenchPresence;
  access: LabAccess;
  recording: SessionRecording;
  events: SchedulerEventBus;
  timers: SchedulerTimers;
}

/** A timer failure never fails the request that caused it: SQL is the record, the reconciler repairs. */
export async function syncQuietly(ctx: SchedulerContext, booking: BookingRow): Promise<void> {
  await ctx.timers.sync(booking).catch((error: unknown) => {
    ctx.logger.warn(
      { err: error, bookingId: booking.id },
      'timer not set; the reconciler will set it',
    );
  });
}

export async function timeZoneOf(ctx: SchedulerContext, userId: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('users')
    .select('timezone')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.timezone ?? 'UTC';
}
