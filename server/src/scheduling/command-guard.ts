import { ProtocolError } from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';
import type { SchedulingDb } from './scheduling-tables.ts';

/**
 * The server's check that a command comes from the owner of the session running on the bench
 * (a booked slot, a walk-in session, practice on a twin, a maintenance session): everyone else,
 * observers included, is refused with NOT_SESSION_OWNER, before anything reaches the lab.
 * Returns the session's id (the agent serves every session of SQL): the command carries it, so
 * the agent refuses it if the session ended or was held safe while it was in flight.
 */
export async function checkSessionOwner(
  db: SchedulingDb,
  actor: Actor | undefined,
  benchId: string,
): Promise<string> {
  if (!actor) throw new ProtocolError('UNAUTHENTICATED', 'Sign in to control a bench.');
  const session = await db
    .selectFrom('sessions')
    .select(['id', 'owner_id'])
    .where('bench_id', '=', benchId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!session) {
    throw new ProtocolError(
      'NOT_SESSION_OWNER',
      'No session is running on this bench: book a slot or join the queue.',
    );
  }
  if (session.owner_id !== actor.id) {
    throw new ProtocolError(
      'NOT_SESSION_OWNER',
      "This bench is in another student's session: you can watch, not control.",
    );
  }
  const booking = await db
    .selectFrom('bookings')
    .select(['kind'])
    .where('session_id', '=', session.id)
    .executeTakeFirst();
  if (booking?.kind === 'batch')
    throw new ProtocolError(
      'NOT_SESSION_OWNER',
      'A batch run drives this bench: it takes no commands.',
    );
  return session.id;
}
