import type { Kysely } from 'kysely';
import type { Database } from '../db/database.schema.ts';
import type { AuthenticatedSession } from '../core/actor.ts';
import { newSecretToken, tokenDigest } from './secret-token.ts';

export interface IssuedSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/**
 * Sign-in sessions. The browser holds a random token in an httpOnly cookie; the database holds its
 * SHA-256, the user, the CSRF token and the expiry. A disabled user's sessions stop working at once.
 */
export class AuthSessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  get ttlSeconds(): number {
    return this.ttlMs / 1000;
  }

  async issue(userId: string, db: Kysely<Database> = this.db): Promise<IssuedSession> {
    const token = newSecretToken();
    const csrfToken = newSecretToken();
    const now = this.now();
    // Expired rows are swept here rather than by a timer: sign-ins are frequent enough.
    await db.deleteFrom('auth_sessions').where('expires_at', '<=', now).execute();
    await db
      .insertInto('auth_sessions')
      .values({
        token_hash: tokenDigest(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: now + this.ttlMs,
      })
      .execute();
    return { token, csrfToken, expiresAt: now + this.ttlMs };
  }

  async findByToken(token: string): Promise<AuthenticatedSession | undefined> {
    if (token.length > 100) return undefined;
    const tokenHash = tokenDigest(token);
    const row = await this.db
      .selectFrom('auth_sessions')
      .innerJoin('users', 'users.id', 'auth_sessions.user_id')
      .select([
        'users.id',
        'users.role',
        'users.email',
        'users.display_name',
        'auth_sessions.csrf_token',
      ])
      .where('auth_sessions.token_hash', '=', tokenHash)
      .where('auth_sessions.expires_at', '>', this.now())
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      actor: { id: row.id, role: row.role, email: row.email, displayName: row.display_name },
      tokenHash,
      csrfToken: row.csrf_token,
    };
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async revokeAllOf(userId: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
  }
}
