import type { Kysely } from 'kysely';
import type { Database } from '../db/database.schema.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { newSecretToken, tokenDigest } from './secret-token.ts';

const VALIDITY_MS = { reset: 60 * 60 * 1000, invite: 7 * 24 * 60 * 60 * 1000 } as const;
/** At most this many reset mails per account per hour: a reset form must not become a mail bomb. */
const MAX_RESETS_PER_HOUR = 3;

/**
 * Single-use tokens that let someone choose a password: `reset` (valid 1 h) and `invite` (7 days,
 * for accounts an admin created without a password). Only the SHA-256 is stored.
 */
export class PasswordTokens {
  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'now'>) {}

  /** A new token, or undefined when this account asked too often in the last hour. */
  async issue(
    userId: string,
    purpose: 'reset' | 'invite',
    db: Kysely<Database>,
  ): Promise<string | undefined> {
    const now = this.deps.now();
    if (purpose === 'reset') {
      const { count } = await db
        .selectFrom('password_tokens')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .where('purpose', '=', 'reset')
        .where('created_at', '>', now - 60 * 60 * 1000)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_RESETS_PER_HOUR) return undefined;
    }
    const token = newSecretToken();
    await db
      .insertInto('password_tokens')
      .values({
        token_hash: tokenDigest(token),
        user_id: userId,
        purpose,
        created_at: now,
        expires_at: now + VALIDITY_MS[purpose],
        used_at: null,
      })
      .execute();
    return token;
  }

  /** The user a token would let choose a password, without using it up; a read, no hashing. */
  async usableBy(token: string, db: Kysely<Database>): Promise<string | undefined> {
    const row = await db
      .selectFrom('password_tokens')
      .select('user_id')
      .where('token_hash', '=', tokenDigest(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', this.deps.now())
      .executeTakeFirst();
    return row?.user_id;
  }

  /** Voids every outstanding token of a user: once one link set the password, older ones die. */
  async voidAllOf(userId: string, db: Kysely<Database>): Promise<void> {
    await db
      .updateTable('password_tokens')
      .set({ used_at: this.deps.now() })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }

  /** Marks the token used and returns its user, atomically: two concurrent uses cannot both win. */
  async consume(token: string, db: Kysely<Database>): Promise<string | undefined> {
    const now = this.deps.now();
    const hash = tokenDigest(token);
    const result = await db
      .updateTable('password_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    const row = await db
      .selectFrom('password_tokens')
      .select('user_id')
      .where('token_hash', '=', hash)
      .executeTakeFirstOrThrow();
    return row.user_id;
  }
}
