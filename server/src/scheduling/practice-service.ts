import { ProtocolError, type Booking } from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { bookingDto } from './booking-service.ts';
import { bookingById, claimsOverlapping, newBookingRow } from './booking-store.ts';
import { loadScheduledLab } from './lab-schedule-source.ts';
import { withPoolLock } from './pool-lock.ts';
import { timeZoneOf, type SchedulerContext } from './scheduler-context.ts';
import type { BenchAvailability } from './scheduling-types.ts';
import type { SessionLifecycle } from './session-lifecycle.ts';

/** Twins a practice session may run on: online, in service, and served by a virtual board. */
export function practiceTwins(benches: readonly BenchAvailability[]): BenchAvailability[] {
  return benches.filter((b) => b.twin === true && b.online && !b.maintenance && !b.quarantine);
}

/**
 * Practice on the twin: a session now, for one slot length, on a twin of the lab's pool. It is a
 * booking of kind `practice` so that it lives like every other session (the lab's controls sent to
 * the agent, warnings, pause on disconnect, the end through the lifecycle), yet it never counts
 * against the quota and never takes a real bench. One twin serves one student at a time.
 */
export class PracticeService {
  constructor(
    private readonly ctx: SchedulerContext,
    private readonly lifecycle: SessionLifecycle,
  ) {}

  async start(actor: Actor, labId: string): Promise<Booking> {
    const { ctx } = this;
    await ctx.access.checkCanUse(actor, labId);
    const lab = await loadScheduledLab(ctx.db, labId);
    const twins = practiceTwins(await ctx.presence.poolBenches(lab.pool));
    if (twins.length === 0)
      throw new ProtocolError('BENCH_OFFLINE', 'No virtual twin of this lab is online right now.');
    const now = ctx.now();
    const span = { start: now, end: now + lab.schedule.slotMs };
    const row = await withPoolLock(ctx.db, ctx.dialect, lab.pool, async (trx) => {
      const claims = await claimsOverlapping(trx, lab.pool, span);
      if (claims.some((c) => c.user_id === actor.id && c.kind === 'practice'))
        throw new ProtocolError('CONFLICT', 'You are practising on the twin already.');
      const busy = new Set(claims.map((c) => c.bench_id));
      const twin = twins.find((b) => !busy.has(b.id));
      if (!twin)
        throw new ProtocolError('CONFLICT', 'The twin is in use: try again in a few minutes.');
      const booking = newBookingRow(
        {
          lab_id: labId,
          user_id: actor.id,
          pool: lab.pool,
          kind: 'practice',
          bench_id: twin.id,
          start_at: span.start,
          end_at: span.end,
          status: 'booked',
        },
        now,
      );
      await trx.insertInto('bookings').values(booking).execute();
      return booking;
    }).catch((error: unknown) => {
      if (isUniqueViolation(error))
        throw new ProtocolError('CONFLICT', 'The twin is in use: try again in a few minutes.');
      throw error;
    });
    ctx.logger.info({ bookingId: row.id, labId, benchId: row.bench_id }, 'practice booked');
    await this.lifecycle.start(row.id);
    const after = (await bookingById(ctx.db, row.id))!;
    if (after.status !== 'active')
      throw new ProtocolError('BENCH_OFFLINE', 'The twin went away before the session started.');
    return bookingDto(after, await timeZoneOf(ctx, actor.id));
  }
}
