import { bookingById, nextClaimOnBench } from './booking-store.ts';
import { loadScheduledLab } from './lab-schedule-source.ts';
import { withPoolLock } from './pool-lock.ts';
import { syncQuietly, type SchedulerContext } from './scheduler-context.ts';
import { addOwedTime } from './session-lifecycle.ts';
import { applyCredit, creditFor } from './time-credit.ts';

/**
 * Time credit for dropped owners. When the owner's last connection goes, the session is paused:
 * the bench holds its safe state (the agent side drives it on `session-paused`) and commands are
 * refused. When they come back, the time away (up to the lab's grace window) is given back by
 * moving the end, as far as the bench's next claim allows; the rest is owed as queue priority.
 */
export class OwnerPresence {
  constructor(private readonly ctx: SchedulerContext) {}

  async ownerLeft(userId: string): Promise<string[]> {
    const { ctx } = this;
    const now = ctx.now();
    const running = await ctx.db
      .selectFrom('bookings')
      .selectAll()
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .where('kind', '!=', 'batch')
      .where('paused_at', 'is', null)
      .execute();
    const paused: string[] = [];
    for (const row of running) {
      const result = await ctx.db
        .updateTable('bookings')
        .set({ paused_at: now, updated_at: now })
        .where('id', '=', row.id)
        .where('status', '=', 'active')
        .where('paused_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) continue;
      const lab = await loadScheduledLab(ctx.db, row.lab_id);
      paused.push(row.id);
      ctx.logger.info(
        { bookingId: row.id, benchId: row.bench_id },
        'owner dropped: session paused',
      );
      ctx.events.publish({
        type: 'session-paused',
        bookingId: row.id,
        benchId: row.bench_id,
        ownerId: userId,
        graceEndsAt: now + lab.schedule.graceMs,
      });
    }
    return paused;
  }

  async ownerBack(
    userId: string,
  ): Promise<Array<{ bookingId: string; extendedMs: number; owedMs: number }>> {
    const { ctx } = this;
    const rows = await ctx.db
      .selectFrom('bookings')
      .selectAll()
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .where('paused_at', 'is not', null)
      .execute();
    const credited: Array<{ bookingId: string; extendedMs: number; owedMs: number }> = [];
    for (const row of rows) {
      const lab = await loadScheduledLab(ctx.db, row.lab_id);
      const outcome = await withPoolLock(ctx.db, ctx.dialect, row.pool, async (trx) => {
        const fresh = await bookingById(trx, row.id);
        if (!fresh || fresh.status !== 'active' || fresh.paused_at === null) return undefined;
        const now = ctx.now();
        const credit = creditFor(fresh.paused_at, now, lab.schedule.graceMs);
        const plan = applyCredit(
          { start: fresh.start_at, end: fresh.end_at },
          credit,
          await nextClaimOnBench(trx, fresh.bench_id, fresh.end_at, fresh.id),
        );
        // A moved end re-arms the warnings for the new end.
        await trx
          .updateTable('bookings')
          .set({
            paused_at: null,
            end_at: plan.end,
            credited_ms: fresh.credited_ms + plan.extendedMs,
            warned: plan.extendedMs > 0 ? 0 : fresh.warned,
            updated_at: now,
          })
          .where('id', '=', fresh.id)
          .execute();
        if (plan.owedMs > 0) await addOwedTime(trx, fresh.user_id, fresh.lab_id, plan.owedMs, now);
        return plan;
      });
      if (!outcome) continue;
      const after = (await bookingById(ctx.db, row.id))!;
      credited.push({ bookingId: row.id, extendedMs: outcome.extendedMs, owedMs: outcome.owedMs });
      ctx.logger.info({ bookingId: row.id, ...outcome }, 'owner back: time credited');
      ctx.events.publish({
        type: 'session-extended',
        bookingId: row.id,
        benchId: row.bench_id,
        ownerId: userId,
        endsAt: after.end_at,
        creditedMs: outcome.extendedMs,
      });
      await syncQuietly(ctx, after);
    }
    return credited;
  }
}
