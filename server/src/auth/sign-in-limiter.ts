import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RetryLaterError } from '../core/retry-later-error.ts';
import { AttemptLimiter, type AttemptCounter } from './attempt-limiter.ts';

export interface SignInLimits {
  /** Failures allowed per email and address within the window. */
  perAccount: number;
  /** Failures allowed per address over all emails (password spraying). */
  perAddress: number;
  /** Password-reset confirmations with a wrong or spent token allowed per address. */
  resetPerAddress: number;
  windowS: number;
}

const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAccount: 5,
  perAddress: 50,
  resetPerAddress: 10,
  windowS: 15 * 60,
};

/** A granted attempt: release it when it succeeded, keep it (as a failure) otherwise. */
export interface AttemptTicket {
  succeeded(): Promise<void>;
}

/**
 * Limits password guessing, shared by every server process through Redis. Each attempt is
 * reserved atomically BEFORE the password (or reset token) is checked, so twenty concurrent
 * wrong passwords get five real checks, not twenty. A success gives its reservation back and
 * clears the account's count. Keys hold a hash, not the email, so Redis holds no personal data.
 */
export class SignInLimiter {
  private readonly attempts: AttemptLimiter;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {
    this.attempts = new AttemptLimiter(redis, limits.windowS);
  }

  /** Throws RATE_LIMITED (with the seconds to wait) when either count is used up. */
  async reserveSignIn(email: string, ip: string): Promise<AttemptTicket> {
    const [account, address] = this.counters(email, ip);
    await this.reserve(
      [account, address],
      (minutes) =>
        `Too many failed sign-ins. Try again in ${minutes} minute(s) or reset your password.`,
    );
    return {
      succeeded: async () => {
        await this.attempts.release([address]);
        await this.attempts.clear([account.key]);
      },
    };
  }

  /** Throws RATE_LIMITED when this address sent too many unusable reset links. */
  async reserveResetConfirm(ip: string): Promise<AttemptTicket> {
    const counter = {
      key: `${this.prefix}:auth:reset-ip:${hash(ip)}`,
      limit: this.limits.resetPerAddress,
    };
    await this.reserve(
      [counter],
      (minutes) => `Too many unusable reset links. Try again in ${minutes} minute(s).`,
    );
    return { succeeded: () => this.attempts.release([counter]) };
  }

  private async reserve(
    counters: AttemptCounter[],
    message: (minutes: number) => string,
  ): Promise<void> {
    const reservation = await this.attempts.reserve(counters);
    if (reservation.granted) return;
    throw new RetryLaterError(
      message(Math.ceil(reservation.retryAfterS / 60)),
      reservation.retryAfterS,
    );
  }

  private counters(email: string, ip: string): [AttemptCounter, AttemptCounter] {
    return [
      { key: `${this.prefix}:auth:fail:${hash(`${email}\n${ip}`)}`, limit: this.limits.perAccount },
      { key: `${this.prefix}:auth:fail-ip:${hash(ip)}`, limit: this.limits.perAddress },
    ];
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
