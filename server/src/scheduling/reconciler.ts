import { isWithdrawn, withdrawBench } from './bench-withdrawal.ts';
import { bookingsNeedingJobs } from './booking-store.ts';
import type { SchedulerContext } from './scheduler-context.ts';
import type { SessionLifecycle } from './session-lifecycle.ts';
import { hasWaitingDemand } from './waiting-demand.ts';

export interface ReconcileOptions {
  /** Bookings starting within this are given their jobs; later ones on a later pass. */
  lookaheadMs: number;
  /** A step this late is run from SQL directly: its timer was lost (Redis flushed) or is not firing. */
  overdueMs: number;
}

export interface ReconcileSteps {
  lifecycle: SessionLifecycle;
  start(bookingId: string): Promise<unknown>;
  end(bookingId: string, reason?: string): Promise<unknown>;
  expireOffer(bookingId: string): Promise<unknown>;
  match(pool: string): Promise<unknown>;
}

export interface ReconcileReport {
  synced: number;
  timersFailed: boolean;
  overdue: number;
  withdrawn: number;
  pools: number;
}

/**
 * One pass that makes the world match SQL, the system of record: every booking near or in its
 * time gets its jobs back (after a restart, a Redis restart, FLUSHALL); steps already overdue run
 * from here (every step is a compare-and-set, so racing the job is harmless); benches out of
 * service give up their bookings; free benches are handed to queues and batch runs. Any process
 * may run it at any time, several at once.
 */
export async function reconcile(
  ctx: SchedulerContext,
  steps: ReconcileSteps,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  const now = ctx.now();
  const rows = await bookingsNeedingJobs(ctx.db, now + options.lookaheadMs);
  let synced = 0;
  let timersFailed = false;
  for (const row of rows) {
    try {
      await ctx.timers.sync(row);
      synced += 1;
    } catch (error) {
      // Redis is away: SQL and the overdue pass below keep sessions on time meanwhile.
      timersFailed = true;
      ctx.logger.warn({ err: error }, 'reconcile: timers unavailable');
      break;
    }
  }
  let overdue = 0;
  // A scheduled session its owner ended through the sessions API: the booking ends with it.
  const closed = await ctx.db
    .selectFrom('bookings')
    .innerJoin('sessions', 'sessions.id', 'bookings.session_id')
    .select('bookings.id')
    .where('bookings.status', '=', 'active')
    .where('sessions.status', '=', 'ended')
    .execute();
  for (const { id } of closed) await steps.end(id, 'session-ended');
  for (const row of rows) {
    const late = (at: number | null) => at !== null && at <= now - options.overdueMs;
    if (row.status === 'booked' && late(row.start_at)) await steps.start(row.id);
    else if (row.status === 'active' && late(row.end_at)) await steps.end(row.id);
    else if (row.status === 'offered' && late(row.expires_at)) await steps.expireOffer(row.id);
    else continue;
    overdue += 1;
  }

  // Quarantine and maintenance withdraw a bench; being offline does not (it is often a replug):
  // a booking on an offline bench moves at its start if it must (SessionLifecycle.start).
  const pools = new Set(rows.map((r) => r.pool));
  let withdrawn = 0;
  for (const pool of pools) {
    const out = new Set(
      (await ctx.presence.poolBenches(pool)).filter(isWithdrawn).map((b) => b.id),
    );
    const affected = new Set(
      rows.filter((r) => r.pool === pool && out.has(r.bench_id)).map((r) => r.bench_id),
    );
    for (const benchId of affected) {
      const changed = await withdrawBench(ctx, steps.lifecycle, pool, benchId);
      withdrawn += changed.moved + changed.cancelled;
    }
  }

  const waiting = await ctx.db
    .selectFrom('labs')
    .select('pool')
    .distinct()
    .where(hasWaitingDemand)
    .execute();
  for (const { pool } of waiting) await steps.match(pool);
  return { synced, timersFailed, overdue, withdrawn, pools: waiting.length };
}
