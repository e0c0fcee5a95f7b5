import type { PlannedSweep } from './batch-sweep.ts';
import { inService } from './bench-capacity.ts';
import {
  claimsOverlapping,
  newBookingRow,
  toAllocation,
  type BookingRow,
} from './booking-store.ts';
import { loadScheduledLab, type ScheduledLab } from './lab-schedule-source.ts';
import { withPoolLock } from './pool-lock.ts';
import { hasWaitingDemand } from './waiting-demand.ts';
import { syncQuietly, type SchedulerContext } from './scheduler-context.ts';
import type { Allocation } from './scheduling-types.ts';
import { bestWalkInBench, queueOrder, walkInWindow } from './walk-in-plan.ts';

export interface MatchResult {
  /** Batch bookings made now (status `booked`, starting now): the caller starts them. */
  batches: BookingRow[];
  /** Offers made to heads of queues. */
  offers: BookingRow[];
  labs: string[];
}

/**
 * Hands the pool's free benches out, under the pool lock: first to queued batch runs (seconds
 * long, they fit gaps no session fits), then to the heads of the labs' walk-in queues, each offer
 * holding the bench until it is accepted or lapses. Gaps are filled, bookings never delayed:
 * every claim made here ends before the bench's next claim begins.
 */
export async function matchPool(ctx: SchedulerContext, pool: string): Promise<MatchResult> {
  const labRows = await ctx.db
    .selectFrom('labs')
    .select('id')
    .where('pool', '=', pool)
    .where(hasWaitingDemand)
    .execute();
  if (labRows.length === 0) return { batches: [], offers: [], labs: [] };
  const labs = new Map<string, ScheduledLab>();
  for (const { id } of labRows) labs.set(id, await loadScheduledLab(ctx.db, id));
  const ready = inService(await ctx.presence.poolBenches(pool));
  if (ready.length === 0) return { batches: [], offers: [], labs: [] };

  const result = await withPoolLock(ctx.db, ctx.dialect, pool, async (trx) => {
    const now = ctx.now();
    const longest = Math.max(...[...labs.values()].map((l) => l.schedule.slotMs));
    const claims: Allocation[] = (
      await claimsOverlapping(trx, pool, { start: now - longest, end: now + 2 * longest })
    ).map(toAllocation);
    const made: MatchResult = { batches: [], offers: [], labs: [] };
    const claim = async (row: BookingRow) => {
      await trx.insertInto('bookings').values(row).execute();
      claims.push(toAllocation(row));
    };

    const queued = await trx
      .selectFrom('batch_runs')
      .selectAll()
      .where('status', '=', 'queued')
      .where('lab_id', 'in', [...labs.keys()])
      .orderBy('submitted_at')
      .orderBy('id')
      .execute();
    for (const run of queued) {
      const hold = (JSON.parse(run.plan_json) as PlannedSweep).holdMs;
      const bench = ready.find((b) =>
        walkInWindow(b.id, now, claims, { slotMs: hold, minSessionMs: hold }),
      );
      if (!bench) break;
      const row = newClaim(
        run.lab_id,
        run.user_id,
        pool,
        'batch',
        bench.id,
        now,
        now + hold,
        'booked',
        null,
      );
      await claim(row);
      await trx
        .updateTable('batch_runs')
        .set({ status: 'running', bench_id: bench.id, booking_id: row.id, started_at: now })
        .where('id', '=', run.id)
        .where('status', '=', 'queued')
        .execute();
      made.batches.push(row);
    }

    const entries = await trx
      .selectFrom('queue_entries')
      .selectAll()
      .where('status', '=', 'waiting')
      .where('lab_id', 'in', [...labs.keys()])
      .execute();
    const byLab = new Map<string, typeof entries>();
    for (const e of entries) byLab.set(e.lab_id, [...(byLab.get(e.lab_id) ?? []), e]);
    // Labs whose head has waited longest go first, so one lab's queue cannot starve another's.
    const order = [...byLab.entries()].map(
      ([labId, list]) =>
        [
          labId,
          queueOrder(
            list.map((e) => ({
              ...e,
              userId: e.user_id,
              joinedAt: e.joined_at,
              priority: e.priority === 1,
            })),
          ),
        ] as const,
    );
    order.sort((a, b) => (a[1][0]?.joinedAt ?? 0) - (b[1][0]?.joinedAt ?? 0));
    for (const [labId, list] of order) {
      const lab = labs.get(labId)!;
      for (const entry of list) {
        const best = bestWalkInBench(now, ready, claims, lab.schedule);
        if (!best) break;
        const row = newClaim(
          labId,
          entry.user_id,
          pool,
          'walk-in',
          best.benchId,
          best.interval.start,
          best.interval.end,
          'offered',
          now + lab.schedule.offerMs,
        );
        await claim(row);
        await trx
          .updateTable('queue_entries')
          .set({ status: 'offered', booking_id: row.id, updated_at: now })
          .where('id', '=', entry.id)
          .where('status', '=', 'waiting')
          .execute();
        made.offers.push(row);
        if (!made.labs.includes(labId)) made.labs.push(labId);
      }
    }
    return made;
  });
  for (const offer of result.offers) await syncQuietly(ctx, offer);
  for (const labId of result.labs) ctx.events.publish({ type: 'queue-changed', labId });
  if (result.offers.length + result.batches.length > 0) {
    ctx.logger.info(
      { pool, offers: result.offers.length, batches: result.batches.length },
      'free benches handed out',
    );
  }
  return result;
}

function newClaim(
  labId: string,
  userId: string,
  pool: string,
  kind: BookingRow['kind'],
  benchId: string,
  start: number,
  end: number,
  status: BookingRow['status'],
  expiresAt: number | null,
): BookingRow {
  return newBookingRow(
    {
      lab_id: labId,
      user_id: userId,
      pool,
      kind,
      bench_id: benchId,
      start_at: start,
      end_at: end,
      status,
      expires_at: expiresAt,
    },
    start,
  );
}
