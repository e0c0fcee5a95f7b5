import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CreateUser, User } from '@remotelab/protocol';
import type { Database } from '../db/database.schema.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { AuthSessionStore } from '../auth/auth-session-store.ts';
import { LogMailer } from '../mail/mailer.ts';
import type { ScryptParams } from '../auth/password-hash.ts';
import { UserService } from './user-service.ts';

/**
 * Creates an account outside any request (the first admin, test fixtures): same validation,
 * hashing and audit record as an admin's POST /api/users, with no actor.
 */
export async function createAccount(
  db: Kysely<Database>,
  input: CreateUser,
  scrypt: ScryptParams,
  logger: Logger,
  now: () => number = Date.now,
): Promise<User> {
  const users = new UserService({
    db,
    now,
    logger,
    audit: new AuditLog(db, now),
    sessions: new AuthSessionStore(db, now, 0),
    mailer: new LogMailer(logger),
    scrypt,
    link: (token) => `(invitation token ${token})`,
  });
  return users.create(null, input, 'cli');
}
