import { ProtocolError, type Booking, type WeekSlots } from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { freeBenches, inService, pickBench } from './bench-capacity.ts';
import { checkBookable, checkCancellable, checkQuota, quotaWeekOf } from './booking-rules.ts';
import {
  bookingById,
  claimsOverlapping,
  quotaUsed,
  toAllocation,
  transition,
  newBookingRow,
  type BookingRow,
} from './booking-store.ts';
import { loadScheduledLab } from './lab-schedule-source.ts';
import type { BenchAvailability } from './scheduling-types.ts';
import { withPoolLock } from './pool-lock.ts';
import { syncQuietly, timeZoneOf, type SchedulerContext } from './scheduler-context.ts';
import { localSlots, slotsStartingIn } from './slot-calendar.ts';
import { formatLocal, isValidTimeZone, localWeekOf, localWeekStarting } from './zoned-time.ts';

/** A week of 5-minute slots (the shortest a lab may set) is 2 016. */
const MAX_SLOTS_PER_WEEK = 2_100;

/** How far either side of a slot the best-fit choice looks for neighbouring claims. */
const NEIGHBOURHOOD_MS = 12 * 3_600_000;

export function bookingDto(row: BookingRow, timeZone: string): Booking {
  return {
    id: row.id,
    labId: row.lab_id,
    kind: row.kind,
    benchId: row.bench_id,
    start: row.start_at,
    end: row.end_at,
    localStart: formatLocal(timeZone, row.start_at),
    localEnd: formatLocal(timeZone, row.end_at),
    // An offer is not a booking yet: to its holder it shows as booked (the queue API shows the offer).
    status: row.status === 'offered' ? 'booked' : row.status,
    sessionId: row.session_id,
    reason: row.reason,
  };
}

/**
 * No bench of the pool can serve at all: say why rather than "full". Quarantined benches wait for
 * a technician (QUARANTINED); others are offline or in maintenance (BENCH_OFFLINE).
 */
function checkPoolInService(benches: readonly BenchAvailability[]): void {
  if (inService(benches).length > 0) return;
  if (benches.some((b) => b.quarantine && !b.twin))
    throw new ProtocolError(
      'QUARANTINED',
      'The benches of this lab are quarantined until a technician checks them: no slot can be booked.',
    );
  throw new ProtocolError(
    'BENCH_OFFLINE',
    'No bench of this lab is in service right now: no slot can be booked.',
  );
}

/**
 * Slot bookings: the week's grid as a student sees it, booking and cancelling. A booking claims a
 * bench of the lab's pool at once (under the pool lock), so "booked" always means a bench is set
 * aside; at slot start the session moves to another bench if that one went away.
 */
export class BookingService {
  constructor(private readonly ctx: SchedulerContext) {}

  async weekSlots(
    actor: Actor,
    labId: string,
    query: { week?: string | undefined; tz?: string | undefined },
  ): Promise<WeekSlots> {
    const { ctx } = this;
    await ctx.access.checkCanUse(actor, labId);
    const lab = await loadScheduledLab(ctx.db, labId);
    const timeZone = await this.zone(actor, query.tz);
    const now = ctx.now();
    const week = query.week ? localWeekStarting(timeZone, query.week) : localWeekOf(timeZone, now);
    // Only the test-only slot override makes slots this short; a week of them is not a page.
    if ((week.end - week.start) / lab.schedule.slotMs > MAX_SLOTS_PER_WEEK) {
      throw new ProtocolError('BAD_REQUEST', "This lab's slots are too short to list by the week.");
    }
    // The quota shown is that of the course's week around the middle of the one displayed.
    const quotaWeek = quotaWeekOf((week.start + week.end) / 2, lab.timeZone);
    const [benches, claims, used] = await Promise.all([
      ctx.presence.poolBenches(lab.pool),
      claimsOverlapping(ctx.db, lab.pool, week),
      quotaUsed(ctx.db, actor.id, labId, quotaWeek),
    ]);
    const serving = inService(benches);
    const slots = localSlots(slotsStartingIn(week, lab.schedule.slotMs), timeZone).map((slot) => {
      const overlapping = claims.filter((c) => c.start_at < slot.end && c.end_at > slot.start);
      const busy = new Set(overlapping.map((c) => c.bench_id));
      const free = serving.filter((b) => !busy.has(b.id)).length;
      const mine = overlapping.some((c) => c.user_id === actor.id && c.lab_id === labId);
      const open = slot.start > now && slot.start < now + lab.schedule.horizonMs;
      const state = mine ? 'mine' : !open ? 'closed' : free === 0 ? 'full' : 'free';
      return { ...slot, capacity: serving.length, free, state } as const;
    });
    const perWeek = lab.schedule.quotaPerWeek;
    return {
      labId,
      timeZone,
      week: week.monday,
      slotMinutes: lab.schedule.slotMs / 60_000,
      quota: { perWeek, used, left: Math.max(0, perWeek - used) },
      slots,
    };
  }

  async book(actor: Actor, labId: string, slotStart: number): Promise<Booking> {
    const { ctx } = this;
    await ctx.access.checkCanUse(actor, labId);
    const lab = await loadScheduledLab(ctx.db, labId);
    const timeZone = await this.zone(actor, undefined);
    checkBookable(slotStart, ctx.now(), lab.schedule, timeZone);
    const slot = { start: slotStart, end: slotStart + lab.schedule.slotMs };
    const benches = await ctx.presence.poolBenches(lab.pool);
    checkPoolInService(benches);
    const row = await withPoolLock(ctx.db, ctx.dialect, lab.pool, async (trx) => {
      // The course's week, not the student's: changing one's own zone cannot move the quota.
      const week = quotaWeekOf(slotStart, lab.timeZone);
      checkQuota(await quotaUsed(trx, actor.id, labId, week), lab.schedule, week);
      const near = await claimsOverlapping(trx, lab.pool, {
        start: slot.start - NEIGHBOURHOOD_MS,
        end: slot.end + NEIGHBOURHOOD_MS,
      });
      if (
        near.some((c) => c.user_id === actor.id && c.start_at < slot.end && c.end_at > slot.start)
      ) {
        throw new ProtocolError('CONFLICT', 'You already have a bench at that time.');
      }
      const allocations = near.map(toAllocation);
      const bench = pickBench(slot, freeBenches(slot, benches, allocations), allocations);
      if (!bench)
        throw new ProtocolError('SLOT_FULL', 'Every bench of this lab is taken for that slot.');
      const now = ctx.now();
      const booking = newBookingRow(
        {
          lab_id: labId,
          user_id: actor.id,
          pool: lab.pool,
          kind: 'slot',
          bench_id: bench.id,
          start_at: slot.start,
          end_at: slot.end,
          status: 'booked',
        },
        now,
      );
      await trx.insertInto('bookings').values(booking).execute();
      return booking;
    }).catch((error: unknown) => {
      // Unreachable while the pool lock holds; kept so a bug there still cannot double-book.
      if (isUniqueViolation(error))
        throw new ProtocolError('SLOT_FULL', 'Every bench of this lab is taken for that slot.');
      throw error;
    });
    ctx.logger.info(
      { bookingId: row.id, labId, benchId: row.bench_id, start: row.start_at, userId: actor.id },
      'booked',
    );
    await syncQuietly(ctx, row);
    return bookingDto(row, timeZone);
  }

  async cancel(actor: Actor, bookingId: string): Promise<Booking> {
    const { ctx } = this;
    const row = await bookingById(ctx.db, bookingId);
    if (!row || (row.user_id !== actor.id && actor.role !== 'admin')) {
      throw new ProtocolError('NOT_FOUND', 'There is no such booking, or it is not yours.');
    }
    if (row.status !== 'booked')
      throw new ProtocolError('BOOKING_CLOSED', `This booking is ${row.status}.`);
    const lab = await loadScheduledLab(ctx.db, row.lab_id);
    if (actor.role !== 'admin')
      checkCancellable({ start: row.start_at, end: row.end_at }, ctx.now(), lab.schedule);
    const moved = await transition(ctx.db, bookingId, ['booked'], {
      status: 'cancelled',
      reason: 'cancelled-by-user',
      updated_at: ctx.now(),
    });
    if (!moved)
      throw new ProtocolError('CONFLICT', 'This booking changed meanwhile: refresh and try again.');
    const cancelled = (await bookingById(ctx.db, bookingId))!;
    ctx.logger.info({ bookingId, userId: actor.id }, 'booking cancelled');
    await syncQuietly(ctx, cancelled);
    await ctx.timers.poke(row.pool);
    return bookingDto(cancelled, await timeZoneOf(ctx, row.user_id));
  }

  async mine(actor: Actor, from: number | undefined): Promise<Booking[]> {
    const { ctx } = this;
    const timeZone = await this.zone(actor, undefined);
    const rows = await ctx.db
      .selectFrom('bookings')
      .selectAll()
      .where('user_id', '=', actor.id)
      .where('end_at', '>', from ?? ctx.now() - 7 * 86_400_000)
      .orderBy('start_at')
      .limit(500)
      .execute();
    return rows.map((row) => bookingDto(row, timeZone));
  }

  private async zone(actor: Actor, override: string | undefined): Promise<string> {
    if (override !== undefined) {
      if (!isValidTimeZone(override))
        throw new ProtocolError('BAD_REQUEST', `tz: "${override}" is not an IANA time zone.`);
      return override;
    }
    return timeZoneOf(this.ctx, actor.id);
  }
}
