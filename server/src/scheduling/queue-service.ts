import { randomUUID } from 'node:crypto';
import { ProtocolError, type QueueStatus } from '@remotelab/protocol';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Actor } from '../core/actor.ts';
import { inService } from './bench-capacity.ts';
import { bookingById, claimsOverlapping, toAllocation, transition } from './booking-store.ts';
import { loadScheduledLab } from './lab-schedule-source.ts';
import type { SchedulerContext } from './scheduler-context.ts';
import { ON_TIME_MS, type SessionLifecycle } from './session-lifecycle.ts';
import { estimateWaits, queueOrder } from './walk-in-plan.ts';

/** How far ahead waits are estimated; beyond it the estimate is "unknown". */
const ESTIMATE_HORIZON_MS = 2 * 86_400_000;

/**
 * The walk-in queue of a lab: join, leave, see your position and estimated wait, accept the bench
 * you are offered. Handing benches out is the matcher's job (pool-matcher.ts); this service pokes it.
 */
export class QueueService {
  constructor(
    private readonly ctx: SchedulerContext,
    private readonly lifecycle: SessionLifecycle,
  ) {}

  async join(actor: Actor, labId: string): Promise<QueueStatus> {
    const { ctx } = this;
    await ctx.access.checkCanUse(actor, labId);
    const lab = await loadScheduledLab(ctx.db, labId);
    const owed = await ctx.db
      .selectFrom('owed_time')
      .select('owed_ms')
      .where('user_id', '=', actor.id)
      .where('lab_id', '=', labId)
      .executeTakeFirst();
    const now = ctx.now();
    try {
      await ctx.db
        .insertInto('queue_entries')
        .values({
          id: randomUUID(),
          lab_id: labId,
          user_id: actor.id,
          joined_at: now,
          priority: (owed?.owed_ms ?? 0) > 0 ? 1 : 0,
          status: 'waiting',
          booking_id: null,
          updated_at: now,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ProtocolError('CONFLICT', 'You are already in this queue.');
      throw error;
    }
    ctx.events.publish({ type: 'queue-changed', labId });
    await ctx.timers.poke(lab.pool);
    return this.status(actor, labId);
  }

  async leave(actor: Actor, labId: string): Promise<QueueStatus> {
    const { ctx } = this;
    await ctx.access.checkCanUse(actor, labId);
    const entry = await this.openEntry(actor.id, labId);
    if (!entry) throw new ProtocolError('NOT_FOUND', 'You are not in this queue.');
    const now = ctx.now();
    await ctx.db
      .updateTable('queue_entries')
      .set({ status: 'left', updated_at: now })
      .where('id', '=', entry.id)
      .where('status', 'in', ['waiting', 'offered'])
      .execute();
    if (entry.booking_id)
      await transition(ctx.db, entry.booking_id, ['offered'], {
        status: 'cancelled',
        reason: 'left-queue',
        updated_at: now,
      });
    const lab = await loadScheduledLab(ctx.db, labId);
    ctx.events.publish({ type: 'queue-changed', labId });
    await ctx.timers.poke(lab.pool);
    return this.status(actor, labId);
  }

  /** Takes the offered bench: the walk-in session starts now and ends where the offer said. */
  async accept(actor: Actor, labId: string): Promise<QueueStatus> {
    const { ctx } = this;
    await ctx.access.checkCanUse(actor, labId);
    const entry = await this.openEntry(actor.id, labId);
    const offer = entry?.booking_id ? await bookingById(ctx.db, entry.booking_id) : undefined;
    if (!entry || !offer || offer.status !== 'offered')
      throw new ProtocolError('CONFLICT', 'There is no bench on offer for you right now.');
    const now = ctx.now();
    if (offer.expires_at !== null && now >= offer.expires_at)
      throw new ProtocolError(
        'CONFLICT',
        'The offer has lapsed: the bench went to the next student.',
      );
    const taken = await ctx.db.transaction().execute(async (trx) => {
      if (
        !(await transition(trx, offer.id, ['offered'], {
          status: 'booked',
          expires_at: null,
          updated_at: now,
        }))
      )
        return false;
      await trx
        .updateTable('queue_entries')
        .set({ status: 'served', updated_at: now })
        .where('id', '=', entry.id)
        .execute();
      if (entry.priority === 1)
        await trx
          .deleteFrom('owed_time')
          .where('user_id', '=', actor.id)
          .where('lab_id', '=', labId)
          .execute();
      return true;
    });
    if (!taken) throw new ProtocolError('CONFLICT', 'The offer changed meanwhile: refresh.');
    await this.lifecycle.start(offer.id);
    ctx.events.publish({ type: 'queue-changed', labId });
    return this.status(actor, labId);
  }

  /** An offer nobody accepted in time: the student leaves the queue and the bench goes to the next. */
  async expireOffer(bookingId: string): Promise<{ done: boolean; dueAt?: number }> {
    const { ctx } = this;
    const offer = await bookingById(ctx.db, bookingId);
    if (!offer || offer.status !== 'offered') return { done: true };
    const now = ctx.now();
    if (offer.expires_at !== null && now < offer.expires_at - ON_TIME_MS)
      return { done: false, dueAt: offer.expires_at };
    if (
      !(await transition(ctx.db, bookingId, ['offered'], {
        status: 'cancelled',
        reason: 'offer-expired',
        updated_at: now,
      }))
    )
      return { done: true };
    await ctx.db
      .updateTable('queue_entries')
      .set({ status: 'expired', updated_at: now })
      .where('booking_id', '=', bookingId)
      .where('status', '=', 'offered')
      .execute();
    ctx.logger.info({ bookingId, userId: offer.user_id }, 'walk-in offer lapsed');
    ctx.events.publish({ type: 'queue-changed', labId: offer.lab_id });
    void ctx.timers.poke(offer.pool);
    return { done: true };
  }

  async status(actor: Actor, labId: string): Promise<QueueStatus> {
    const { ctx } = this;
    const lab = await loadScheduledLab(ctx.db, labId);
    const rows = await ctx.db
      .selectFrom('queue_entries')
      .selectAll()
      .where('lab_id', '=', labId)
      .where('status', 'in', ['waiting', 'offered'])
      .execute();
    const waiting = queueOrder(
      rows
        .filter((r) => r.status === 'waiting')
        .map((r) => ({
          ...r,
          userId: r.user_id,
          joinedAt: r.joined_at,
          priority: r.priority === 1,
        })),
    );
    const mine = rows.find((r) => r.user_id === actor.id);
    const offerRow = mine?.booking_id ? await bookingById(ctx.db, mine.booking_id) : undefined;
    const offer =
      offerRow?.status === 'offered'
        ? {
            benchId: offerRow.bench_id,
            start: offerRow.start_at,
            end: offerRow.end_at,
            expiresAt: offerRow.expires_at ?? offerRow.end_at,
          }
        : null;
    const index = waiting.findIndex((e) => e.user_id === actor.id);
    let etaMs: number | null = offer ? 0 : null;
    if (index >= 0) {
      const now = ctx.now();
      const [benches, claims] = await Promise.all([
        ctx.presence.poolBenches(lab.pool),
        claimsOverlapping(ctx.db, lab.pool, {
          start: now - lab.schedule.slotMs,
          end: now + ESTIMATE_HORIZON_MS,
        }),
      ]);
      const waits = estimateWaits(
        now,
        waiting.slice(0, index + 1),
        inService(benches),
        claims.map(toAllocation),
        lab.schedule,
        ESTIMATE_HORIZON_MS,
      );
      etaMs = waits.get(waiting[index]!.id) ?? null;
    }
    return {
      labId,
      position: index >= 0 ? index + 1 : offer ? 0 : null,
      waiting: waiting.length,
      etaMs,
      offer,
    };
  }

  /** The students waiting in a lab's queue (for pushing each their status). */
  async waitingUsers(labId: string): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('queue_entries')
      .select('user_id')
      .where('lab_id', '=', labId)
      .where('status', 'in', ['waiting', 'offered'])
      .execute();
    return rows.map((r) => r.user_id);
  }

  private async openEntry(userId: string, labId: string) {
    return this.ctx.db
      .selectFrom('queue_entries')
      .selectAll()
      .where('lab_id', '=', labId)
      .where('user_id', '=', userId)
      .where('status', 'in', ['waiting', 'offered'])
      .executeTakeFirst();
  }
}
