import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { freeBenches, inService, pickBench } from './bench-capacity.ts';
import {
  bookingById,
  claimsOverlapping,
  toAllocation,
  transition,
  type BookingRow,
} from './booking-store.ts';
import { loadScheduledLab } from './lab-schedule-source.ts';
import { practiceTwins } from './practice-service.ts';
import { withPoolLock } from './pool-lock.ts';
import { syncQuietly, type SchedulerContext } from './scheduler-context.ts';
import type { SchedulingDb } from './scheduling-tables.ts';
import { creditFor } from './time-credit.ts';

/** A timer that fires this much early still counts as on time (clock skew between processes). */
export const ON_TIME_MS = 50;

export type StepOutcome =
  { done: true; what: string } | { done: false; what: 'early'; dueAt: number };
export const WARNINGS = {
  'warn-2m': { leadMs: 120_000, bit: 1 },
  'warn-30s': { leadMs: 30_000, bit: 2 },
} as const;
export type WarningName = keyof typeof WARNINGS;

/**
 * The steps of a booking's life. Each is a compare-and-set in SQL, so running one twice (a
 * retried job, two processes, the reconciler) changes nothing the second time: a session is never
 * started twice, a bench never handed to two people. Each returns `early` when it is not yet due
 * (its timer fired before an extension moved it), for the caller to try again at `dueAt`.
 */
export class SessionLifecycle {
  constructor(private readonly ctx: SchedulerContext) {}

  /** Slot start: (re)assign a bench, open the session and its recording, tell owner and agent. */
  async start(bookingId: string): Promise<StepOutcome> {
    const { ctx } = this;
    const row = await bookingById(ctx.db, bookingId);
    if (!row || row.status !== 'booked') return { done: true, what: 'skipped' };
    const now = ctx.now();
    if (now < row.start_at - ON_TIME_MS) return { done: false, what: 'early', dueAt: row.start_at };
    // Back-to-back slots: both timers fire together; the previous session must be over first.
    const overdue = await ctx.db
      .selectFrom('bookings')
      .select('id')
      .where('bench_id', '=', row.bench_id)
      .where('status', '=', 'active')
      .where('end_at', '<=', now + ON_TIME_MS)
      .execute();
    for (const previous of overdue) await this.end(previous.id);
    const benches = await ctx.presence.poolBenches(row.pool);
    // Read outside the lock: on SQLite the lock holds the one connection the recorder would need.
    const channels = new Map(
      await Promise.all(
        benches.map(async (b) => [b.id, await ctx.recording.channelsJson(b.id)] as const),
      ),
    );
    const result = await withPoolLock(ctx.db, ctx.dialect, row.pool, async (trx) => {
      const fresh = await bookingById(trx, bookingId);
      if (!fresh || fresh.status !== 'booked') return { what: 'skipped' } as const;
      if (now >= fresh.end_at) {
        await transition(trx, bookingId, ['booked'], {
          status: 'ended',
          reason: 'missed',
          updated_at: now,
        });
        return { what: 'missed' } as const;
      }
      const benchId = await benchForStart(trx, fresh, now, benches);
      if (!benchId) {
        await transition(trx, bookingId, ['booked'], {
          status: 'cancelled',
          reason: 'bench-unavailable',
          updated_at: now,
        });
        return { what: 'cancelled' } as const;
      }
      // The scheduler owns the bench from now: a maintenance session left on it (maintenance was
      // lifted while it ran) ends here.
      const adHoc = await trx
        .selectFrom('sessions')
        .select('id')
        .where('bench_id', '=', benchId)
        .where('status', '=', 'active')
        .execute();
      if (adHoc.length > 0) {
        await trx
          .updateTable('sessions')
          .set({ status: 'ended', ended_at: now, end_reason: 'preempted-by-booking' })
          .where('bench_id', '=', benchId)
          .where('status', '=', 'active')
          .execute();
      }
      const sessionId = randomUUID();
      await trx
        .insertInto('sessions')
        .values({
          id: sessionId,
          bench_id: benchId,
          lab_id: fresh.lab_id,
          owner_id: fresh.user_id,
          status: 'active',
          started_at: now,
          ended_at: null,
          end_reason: null,
          channels_json: channels.get(benchId) ?? '[]',
        })
        .execute();
      await transition(trx, bookingId, ['booked'], {
        status: 'active',
        bench_id: benchId,
        session_id: sessionId,
        updated_at: now,
      });
      return { what: 'started', sessionId, benchId, ended: adHoc.map((s) => s.id) } as const;
    });
    const after = (await bookingById(ctx.db, bookingId))!;
    if (result.what === 'started') {
      for (const id of result.ended) await ctx.recording.finish(id);
      await ctx.recording.begin(result.sessionId, result.benchId);
      ctx.logger.info(
        {
          bookingId,
          benchId: result.benchId,
          sessionId: result.sessionId,
          lateMs: now - row.start_at,
        },
        'session started',
      );
      ctx.events.publish({
        type: 'session-started',
        bookingId,
        labId: after.lab_id,
        kind: after.kind,
        benchId: result.benchId,
        sessionId: result.sessionId,
        ownerId: after.user_id,
        endsAt: after.end_at,
      });
    } else if (result.what !== 'skipped') {
      ctx.logger.warn({ bookingId, outcome: result.what }, 'booking could not start');
      void ctx.timers.poke(row.pool);
    }
    await syncQuietly(ctx, after);
    return { done: true, what: result.what };
  }

  /** Warns the owner `warn-2m` / `warn-30s` before the end, once per end time. */
  async warn(bookingId: string, name: WarningName): Promise<StepOutcome> {
    const { ctx } = this;
    const row = await bookingById(ctx.db, bookingId);
    if (!row || row.status !== 'active') return { done: true, what: 'skipped' };
    const { leadMs, bit } = WARNINGS[name];
    const dueAt = row.end_at - leadMs;
    if (ctx.now() < dueAt - ON_TIME_MS) return { done: false, what: 'early', dueAt };
    const result = await ctx.db
      .updateTable('bookings')
      .set({ warned: sql<number>`warned | ${bit}` })
      .where('id', '=', bookingId)
      .where('status', '=', 'active')
      .where(sql<number>`warned & ${bit}`, '=', 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { done: true, what: 'skipped' };
    ctx.events.publish({
      type: 'session-warning',
      bookingId,
      benchId: row.bench_id,
      ownerId: row.user_id,
      endsAt: row.end_at,
      remainingMs: row.end_at - ctx.now(),
    });
    return { done: true, what: 'warned' };
  }

  /**
   * Ends a session at its end time (or earlier with another `reason`: a batch that finished, the
   * owner ending it). Time the owner spent disconnected at the end is owed to them as queue priority.
   */
  async end(bookingId: string, reason = 'ended'): Promise<StepOutcome> {
    const { ctx } = this;
    const row = await bookingById(ctx.db, bookingId);
    if (!row || row.status !== 'active') return { done: true, what: 'skipped' };
    const now = ctx.now();
    if (reason === 'ended' && now < row.end_at - ON_TIME_MS)
      return { done: false, what: 'early', dueAt: row.end_at };
    const lab = await loadScheduledLab(ctx.db, row.lab_id);
    const owedMs = row.paused_at === null ? 0 : creditFor(row.paused_at, now, lab.schedule.graceMs);
    const ended = await ctx.db.transaction().execute(async (trx) => {
      const moved = await transition(trx, bookingId, ['active'], {
        status: 'ended',
        reason,
        paused_at: null,
        end_at: Math.min(row.end_at, Math.max(now, row.start_at)),
        updated_at: now,
      });
      if (!moved) return false;
      if (row.session_id) {
        await trx
          .updateTable('sessions')
          .set({ status: 'ended', ended_at: now, end_reason: reason })
          .where('id', '=', row.session_id)
          .where('status', '=', 'active')
          .execute();
      }
      // Practice on the twin is free: time lost there is not owed on the real benches.
      if (owedMs > 0 && row.kind !== 'practice')
        await addOwedTime(trx, row.user_id, row.lab_id, owedMs, now);
      if (row.kind === 'batch' && reason !== 'batch-done') {
        await trx
          .updateTable('batch_runs')
          .set({ status: 'failed', finished_at: now, error: `interrupted (${reason})` })
          .where('booking_id', '=', bookingId)
          .where('status', '=', 'running')
          .execute();
      }
      return true;
    });
    if (!ended) return { done: true, what: 'skipped' };
    if (row.session_id) await ctx.recording.finish(row.session_id);
    ctx.logger.info(
      { bookingId, benchId: row.bench_id, reason, lateMs: now - row.end_at },
      'session ended',
    );
    ctx.events.publish({
      type: 'session-ended',
      bookingId,
      benchId: row.bench_id,
      sessionId: row.session_id ?? '',
      ownerId: row.user_id,
      reason,
    });
    await syncQuietly(ctx, (await bookingById(ctx.db, bookingId))!);
    void ctx.timers.poke(row.pool);
    return { done: true, what: 'ended' };
  }
}

/**
 * The booked bench if it can serve, else another free one of the pool, else none. Practice stays
 * on its twin (a twin is never swapped for a real bench, nor the other way round).
 */
async function benchForStart(
  trx: SchedulingDb,
  booking: BookingRow,
  now: number,
  benches: Awaited<ReturnType<SchedulerContext['presence']['poolBenches']>>,
) {
  if (booking.kind === 'practice')
    return practiceTwins(benches).some((b) => b.id === booking.bench_id)
      ? booking.bench_id
      : undefined;
  const serving = inService(benches);
  if (serving.some((b) => b.id === booking.bench_id)) return booking.bench_id;
  const span = { start: now, end: booking.end_at };
  const claims = (await claimsOverlapping(trx, booking.pool, span))
    .filter((c) => c.id !== booking.id)
    .map(toAllocation);
  return pickBench(span, freeBenches(span, serving, claims), claims)?.id;
}

export async function addOwedTime(
  db: SchedulingDb,
  userId: string,
  labId: string,
  ms: number,
  now: number,
): Promise<void> {
  await db
    .insertInto('owed_time')
    .values({ user_id: userId, lab_id: labId, owed_ms: ms, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'lab_id'])
        .doUpdateSet({ owed_ms: sql<number>`owed_time.owed_ms + ${ms}`, updated_at: now }),
    )
    .execute();
}
