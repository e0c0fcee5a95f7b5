import type { Logger } from 'pino';
import type { SchedulerEvent } from '../scheduling/scheduler-events.ts';
import type { Scheduler } from '../scheduling/scheduler.ts';
import type { BrowserNamespace, BrowserSocket } from './browser-auth.ts';

export interface SchedulingPushesContext {
  scheduler: Scheduler;
  logger: Logger;
}

const roomOf = (userId: string) => `user:${userId}`;

/**
 * Scheduling on the browsers' namespace (whose sockets BrowserAuth has identified at the
 * handshake; anonymous sockets still watch streams): one room per user for pushes, and the owner
 * presence behind time credit: a user's last socket in this process going away pauses their
 * running session, their first socket coming back resumes it.
 */
export function attachSchedulingPushes(
  namespace: BrowserNamespace,
  ctx: SchedulingPushesContext,
): (event: SchedulerEvent) => void {
  const { scheduler, logger } = ctx;
  const connected = new Map<string, number>();

  namespace.on('connection', (socket: BrowserSocket) => {
    const actor = socket.data.actor;
    if (!actor) return;
    void socket.join(roomOf(actor.id));
    const count = (connected.get(actor.id) ?? 0) + 1;
    connected.set(actor.id, count);
    if (count === 1)
      void scheduler.owners
        .ownerBack(actor.id)
        .catch((error: unknown) => logger.warn({ err: error }, 'resume failed'));
    socket.on('disconnect', () => {
      const left = (connected.get(actor.id) ?? 1) - 1;
      if (left > 0) return void connected.set(actor.id, left);
      connected.delete(actor.id);
      void scheduler.owners
        .ownerLeft(actor.id)
        .catch((error: unknown) => logger.warn({ err: error }, 'pause failed'));
    });
  });

  const toUser = (userId: string) => namespace.to(roomOf(userId));
  return (event) => {
    void push(event).catch((error: unknown) =>
      logger.warn({ err: error, type: event.type }, 'push failed'),
    );
  };

  async function push(event: SchedulerEvent): Promise<void> {
    switch (event.type) {
      case 'session-started': {
        const { bookingId, sessionId, benchId, endsAt } = event;
        toUser(event.ownerId).emit('session:started', {
          bookingId,
          sessionId,
          benchId,
          endsAt,
          role: 'owner',
        });
        for (const observer of await observersOf(sessionId))
          toUser(observer).emit('session:started', {
            bookingId,
            sessionId,
            benchId,
            endsAt,
            role: 'observer',
          });
        return;
      }
      case 'session-warning':
        return void toUser(event.ownerId).emit('session:warning', {
          bookingId: event.bookingId,
          benchId: event.benchId,
          endsAt: event.endsAt,
          remainingMs: event.remainingMs,
        });
      case 'session-paused':
        return void toUser(event.ownerId).emit('session:paused', {
          bookingId: event.bookingId,
          benchId: event.benchId,
          graceEndsAt: event.graceEndsAt,
        });
      case 'session-extended':
        return void toUser(event.ownerId).emit('session:extended', {
          bookingId: event.bookingId,
          benchId: event.benchId,
          endsAt: event.endsAt,
          creditedMs: event.creditedMs,
        });
      case 'session-ended': {
        const payload = {
          bookingId: event.bookingId,
          benchId: event.benchId,
          reason: event.reason,
        };
        toUser(event.ownerId).emit('session:ended', payload);
        for (const observer of await observersOf(event.sessionId))
          toUser(observer).emit('session:ended', payload);
        return;
      }
      case 'booking-changed':
        return void toUser(event.userId).emit('booking:changed', event.booking);
      case 'batch-changed':
        return void toUser(event.userId).emit('batch:status', event.run);
      case 'queue-changed': {
        // Each waiting student connected here gets their own position and estimate.
        for (const userId of await scheduler.queue.waitingUsers(event.labId)) {
          if (!connected.has(userId)) continue;
          const actor = { id: userId, role: 'student' as const, email: '', displayName: '' };
          toUser(userId).emit('queue:status', await scheduler.queue.status(actor, event.labId));
        }
        return;
      }
      case 'pool-changed':
        return;
    }
  }

  async function observersOf(sessionId: string): Promise<string[]> {
    if (!sessionId) return [];
    const rows = await scheduler.ctx.db
      .selectFrom('session_observers')
      .select('user_id')
      .where('session_id', '=', sessionId)
      .execute();
    return rows.map((r) => r.user_id);
  }
}
