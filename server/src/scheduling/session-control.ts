import { ProtocolError, type Session } from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';
import type { Scheduler } from './scheduler.ts';

/** The platform's session records, as the session routes need them (SessionService). */
export interface SessionRecords {
  startMaintenance(actor: Actor, benchId: string): Promise<Session>;
  /** The active session if `actor` may end it; FORBIDDEN, NOT_FOUND or CONFLICT otherwise. */
  checkCanEnd(actor: Actor, sessionId: string): Promise<{ id: string; bench_id: string }>;
  endMaintenance(sessionId: string, reason: string): Promise<void>;
  get(actor: Actor, sessionId: string): Promise<Session>;
}

/**
 * Where sessions are opened and closed by people (the REST routes), so that each goes the
 * scheduler's way: a booked session ends through the lifecycle (booking and session closed in one
 * transaction, the agent told, the bench handed on), a maintenance session through the records
 * and then the agent (by an event every process sees; the one holding the agent acts).
 */
export class SessionControl {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly records: SessionRecords,
  ) {}

  async startMaintenance(actor: Actor, benchId: string): Promise<Session> {
    const session = await this.records.startMaintenance(actor, benchId);
    this.scheduler.ctx.events.publish({
      type: 'maintenance-session',
      benchId,
      sessionId: session.id,
      ended: false,
    });
    return session;
  }

  async end(actor: Actor, sessionId: string): Promise<Session> {
    const { ctx, lifecycle } = this.scheduler;
    const row = await this.records.checkCanEnd(actor, sessionId);
    const booking = await ctx.db
      .selectFrom('bookings')
      .select('id')
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    const reason = `ended by ${actor.role}`;
    if (booking) {
      const outcome = await lifecycle.end(booking.id, reason);
      if (outcome.what !== 'ended')
        throw new ProtocolError('CONFLICT', 'This session has ended already.');
    } else {
      await this.records.endMaintenance(sessionId, reason);
      ctx.events.publish({
        type: 'maintenance-session',
        benchId: row.bench_id,
        sessionId,
        ended: true,
      });
    }
    return this.records.get(actor, sessionId);
  }
}
