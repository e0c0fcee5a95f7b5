import { randomUUID } from 'node:crypto';
import { bookingDto } from './booking-service.ts';
import {
  bookingById,
  claimsOverlapping,
  toAllocation,
  transition,
  type BookingRow,
} from './booking-store.ts';
import { freeBenches, pickBench } from './bench-capacity.ts';
import { withPoolLock } from './pool-lock.ts';
import { planWithdrawal } from './quarantine-plan.ts';
import { syncQuietly, timeZoneOf, type SchedulerContext } from './scheduler-context.ts';
import type { SessionLifecycle } from './session-lifecycle.ts';
import type { BenchAvailability } from './scheduling-types.ts';

/** Out of service on purpose: a technician's maintenance or a quarantine (not a transient disconnect). */
export function isWithdrawn(bench: BenchAvailability): boolean {
  return bench.maintenance || bench.quarantine;
}

/** How far ahead a withdrawn bench's bookings are moved; later ones are looked at again by later ticks. */
const WITHDRAWAL_LOOKAHEAD_MS = 14 * 86_400_000;

/**
 * A bench that is quarantined or in maintenance gives up its future claims: each booking moves to
 * another free bench of the pool when one is free for its whole slot, otherwise it is cancelled
 * (`bench-withdrawn`: it no longer counts against the student's quota) and the student is told.
 * Offers on it are withdrawn and the queue re-matched. A session running on it (typically one
 * that started at the boundary while the previous session's self-test was failing) ends and
 * continues on a free bench for the rest of its time, if there is one.
 */
export async function withdrawBench(
  ctx: SchedulerContext,
  lifecycle: SessionLifecycle,
  pool: string,
  benchId: string,
): Promise<{ moved: number; cancelled: number }> {
  const benches = await ctx.presence.poolBenches(pool);
  if (!benches.some((b) => b.id === benchId && isWithdrawn(b))) return { moved: 0, cancelled: 0 };
  const running = await ctx.db
    .selectFrom('bookings')
    .selectAll()
    .where('bench_id', '=', benchId)
    .where('status', '=', 'active')
    .execute();
  for (const row of running) await moveRunningSession(ctx, lifecycle, row);
  const now = ctx.now();
  const changed = await withPoolLock(ctx.db, ctx.dialect, pool, async (trx) => {
    const claims = await claimsOverlapping(trx, pool, {
      start: now,
      end: now + WITHDRAWAL_LOOKAHEAD_MS,
    });
    const affected = claims.filter(
      (c) =>
        c.bench_id === benchId &&
        (c.status === 'booked' || c.status === 'offered') &&
        c.start_at >= now - 1,
    );
    const steps = planWithdrawal(
      benchId,
      affected.filter((c) => c.status === 'booked').map(toAllocation),
      benches,
      claims.map(toAllocation),
    );
    for (const offer of affected.filter((c) => c.status === 'offered')) {
      await transition(trx, offer.id, ['offered'], {
        status: 'cancelled',
        reason: 'bench-withdrawn',
        updated_at: now,
      });
      await trx
        .updateTable('queue_entries')
        .set({ status: 'waiting', booking_id: null, updated_at: now })
        .where('booking_id', '=', offer.id)
        .where('status', '=', 'offered')
        .execute();
      steps.push({ allocationId: offer.id, action: 'cancel' });
    }
    for (const step of steps) {
      if (step.action === 'move')
        await transition(trx, step.allocationId, ['booked'], {
          bench_id: step.toBenchId,
          updated_at: now,
        });
      else
        await transition(trx, step.allocationId, ['booked'], {
          status: 'cancelled',
          reason: 'bench-withdrawn',
          updated_at: now,
        });
    }
    return steps;
  });
  for (const step of changed) {
    const row = (await bookingById(ctx.db, step.allocationId))!;
    await syncQuietly(ctx, row);
    ctx.events.publish({
      type: 'booking-changed',
      userId: row.user_id,
      booking: bookingDto(row, await timeZoneOf(ctx, row.user_id)),
    });
  }
  const moved = changed.filter((s) => s.action === 'move').length;
  if (changed.length > 0) {
    ctx.logger.warn(
      { benchId, moved, cancelled: changed.length - moved },
      'bench withdrawn: bookings moved or cancelled',
    );
    void ctx.timers.poke(pool);
  }
  return { moved, cancelled: changed.length - moved };
}

/** Ends a session on a withdrawn bench and, when a bench is free for the rest of it, continues it there. */
async function moveRunningSession(
  ctx: SchedulerContext,
  lifecycle: SessionLifecycle,
  row: BookingRow,
): Promise<void> {
  await lifecycle.end(row.id, 'bench-withdrawn');
  // A batch is re-run from its queue; practice belongs on a twin, never on a real bench.
  if (row.kind === 'batch' || row.kind === 'practice') return;
  const benches = await ctx.presence.poolBenches(row.pool);
  const continuation = await withPoolLock(ctx.db, ctx.dialect, row.pool, async (trx) => {
    const now = ctx.now();
    const span = { start: now, end: row.end_at };
    if (span.end <= span.start) return undefined;
    const claims = (await claimsOverlapping(trx, row.pool, span)).map(toAllocation);
    const bench = pickBench(span, freeBenches(span, benches, claims), claims);
    if (!bench) return undefined;
    const next: BookingRow = {
      ...row,
      id: randomUUID(),
      bench_id: bench.id,
      start_at: now,
      status: 'booked',
      session_id: null,
      paused_at: null,
      warned: row.warned,
      reason: `continues ${row.id}`,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('bookings').values(next).execute();
    return next;
  });
  if (continuation) {
    ctx.logger.warn(
      { bookingId: row.id, from: row.bench_id, to: continuation.bench_id },
      'session moved off a withdrawn bench',
    );
    await lifecycle.start(continuation.id);
  }
}
