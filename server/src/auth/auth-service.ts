import type { Me, User } from '@remotelab/protocol';
import { ProtocolError } from '@remotelab/protocol';
import type { ServiceDeps } from '../service-deps.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Actor } from '../core/actor.ts';
import { normaliseEmail, toUserDto } from '../users/user-dto.ts';
import { hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password-hash.ts';
import type { AuthSessionStore, IssuedSession } from './auth-session-store.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';
import { PasswordTokens } from './password-tokens.ts';

export interface AuthServiceDeps extends ServiceDeps {
  sessions: AuthSessionStore;
  limiter: Pick<SignInLimiter, 'reserveSignIn' | 'reserveResetConfirm'>;
  mailer: Mailer;
  scrypt: ScryptParams;
  publicUrl: string;
}

const WRONG_CREDENTIALS = 'Wrong email or password.';

function unusableLink(): ProtocolError {
  return new ProtocolError(
    'BAD_REQUEST',
    'This link is invalid, already used or expired. Ask for a new one.',
  );
}

/**
 * Sign-in, sign-out, password reset and change. Answers never tell whether an email has an
 * account: a wrong email costs the same hashing time and gets the same message as a wrong password.
 */
export class AuthService {
  private readonly tokens: PasswordTokens;
  private decoy: Promise<string> | undefined;

  constructor(private readonly deps: AuthServiceDeps) {
    this.tokens = new PasswordTokens(deps);
  }

  async signIn(
    rawEmail: string,
    password: string,
    ip: string,
  ): Promise<{ user: User; session: IssuedSession }> {
    const { db, audit, limiter } = this.deps;
    const email = normaliseEmail(rawEmail);
    // Reserved before the password check: concurrent guesses cannot all get one.
    const attempt = await limiter.reserveSignIn(email, ip);
    const row = await db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst();
    // Hash something even for an unknown email, so timing does not reveal which emails exist.
    const stored = row?.password_hash ?? (await this.decoyHash());
    const matches = await verifyPassword(password, stored);
    if (!row || !row.password_hash || !matches || row.disabled === 1) {
      await audit.record({
        action: 'sign-in-failed',
        actorId: row?.id ?? null,
        ip,
        detail: {
          email,
          reason: !row ? 'unknown email' : row.disabled === 1 ? 'disabled' : 'wrong password',
        },
      });
      throw new ProtocolError('AUTH_FAILED', WRONG_CREDENTIALS);
    }
    await attempt.succeeded();
    if (needsRehash(row.password_hash, this.deps.scrypt)) {
      const upgraded = await hashPassword(password, this.deps.scrypt);
      await db
        .updateTable('users')
        .set({ password_hash: upgraded })
        .where('id', '=', row.id)
        .execute();
    }
    const session = await db.transaction().execute(async (trx) => {
      const issued = await this.deps.sessions.issue(row.id, trx);
      await audit.record({ action: 'sign-in', actorId: row.id, ip }, trx);
      return issued;
    });
    return { user: toUserDto(row), session };
  }

  async signOut(actor: Actor, tokenHash: string, ip: string): Promise<void> {
    await this.deps.sessions.revoke(tokenHash);
    await this.deps.audit.record({ action: 'sign-out', actorId: actor.id, ip });
  }

  async me(actor: Actor, csrfToken: string): Promise<Me> {
    const row = await this.deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    return { user: toUserDto(row), csrfToken };
  }

  /** Always succeeds from the caller's view; mails a link only when the account exists and is enabled. */
  async requestReset(rawEmail: string, ip: string): Promise<void> {
    const email = normaliseEmail(rawEmail);
    const row = await this.deps.db
      .selectFrom('users')
      .select(['id', 'disabled'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (!row || row.disabled === 1) return;
    const issued = await this.deps.db.transaction().execute(async (trx) => {
      const token = await this.tokens.issue(row.id, 'reset', trx);
      if (!token) return undefined;
      await this.deps.audit.record(
        { action: 'password-reset-requested', actorId: null, target: row.id, ip },
        trx,
      );
      return token;
    });
    if (!issued) return;
    await this.deps.mailer.send({
      to: email,
      subject: 'remotelab: reset your password',
      text: `Open this link within an hour to choose a new password: ${this.link(issued)}\nIf you did not ask for it, ignore this message.`,
    });
  }

  /**
   * Sets a new password with a reset (or invitation) token, once, and signs the user out
   * everywhere. The token is checked before any hashing (an unusable link costs no scrypt run),
   * attempts are limited per address, and using one link voids the user's other links.
   */
  async confirmReset(token: string, password: string, ip: string): Promise<void> {
    const attempt = await this.deps.limiter.reserveResetConfirm(ip);
    if (!(await this.tokens.usableBy(token, this.deps.db))) throw unusableLink();
    const hash = await hashPassword(password, this.deps.scrypt);
    await this.deps.db.transaction().execute(async (trx) => {
      // Consumed here, atomically: of two concurrent uses, only one wins.
      const userId = await this.tokens.consume(token, trx);
      if (!userId) throw unusableLink();
      await this.tokens.voidAllOf(userId, trx);
      await trx
        .updateTable('users')
        .set({ password_hash: hash, updated_at: this.deps.now() })
        .where('id', '=', userId)
        .execute();
      await this.deps.sessions.revokeAllOf(userId, trx);
      await this.deps.audit.record(
        { action: 'password-reset', actorId: userId, target: userId, ip },
        trx,
      );
    });
    await attempt.succeeded();
  }

  async changePassword(
    actor: Actor,
    current: string,
    next: string,
    keepTokenHash: string | undefined,
    ip: string,
  ): Promise<void> {
    const { db } = this.deps;
    const row = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    if (!row.password_hash || !(await verifyPassword(current, row.password_hash))) {
      throw new ProtocolError('AUTH_FAILED', 'The current password is wrong.');
    }
    const hash = await hashPassword(next, this.deps.scrypt);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: hash, updated_at: this.deps.now() })
        .where('id', '=', actor.id)
        .execute();
      // Other devices are signed out; this one stays.
      let others = trx.deleteFrom('auth_sessions').where('user_id', '=', actor.id);
      if (keepTokenHash) others = others.where('token_hash', '!=', keepTokenHash);
      await others.execute();
      await this.deps.audit.record(
        { action: 'password-changed', actorId: actor.id, target: actor.id, ip },
        trx,
      );
    });
  }

  link(token: string): string {
    return new URL(`/reset-password?token=${token}`, this.deps.publicUrl).toString();
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= hashPassword('decoy password for unknown emails', this.deps.scrypt);
    return this.decoy;
  }
}
