import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RetryLaterError } from '../core/retry-later-error.ts';

export interface SignInLimits {
  /** Failures allowed per email and address within the window. */
  perAccount: number;
  /** Failures allowed per address over all emails (password spraying). */
  perAddress: number;
  windowS: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAccount: 5,
  perAddress: 50,
  windowS: 15 * 60,
};

/**
 * Counts failed sign-ins in Redis, so every server process shares the counts. A key's window
 * starts at its first failure; a success clears the account's count. Keys hold a hash, not the
 * email, so Redis holds no personal data.
 */
export class SignInLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  /** Throws RATE_LIMITED (with the seconds to wait) when either count is used up. */
  async check(email: string, ip: string): Promise<void> {
    const [account, address] = this.keys(email, ip);
    const [[, accountCount], [, addressCount]] = (await this.redis
      .multi()
      .get(account)
      .get(address)
      .exec()) as [[unknown, string | null], [unknown, string | null]];
    const blocked =
      Number(accountCount ?? 0) >= this.limits.perAccount
        ? account
        : Number(addressCount ?? 0) >= this.limits.perAddress
          ? address
          : undefined;
    if (!blocked) return;
    const ttl = await this.redis.ttl(blocked);
    const retryAfterS = ttl > 0 ? ttl : this.limits.windowS;
    throw new RetryLaterError(
      `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterS / 60)} minute(s) or reset your password.`,
      retryAfterS,
    );
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys(email, ip)) {
      // SET NX EX starts the window at the first failure; INCR keeps the expiry.
      multi.set(key, '0', 'EX', this.limits.windowS, 'NX').incr(key);
    }
    await multi.exec();
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip)[0]);
  }

  private keys(email: string, ip: string): [string, string] {
    const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
    return [
      `${this.prefix}:auth:fail:${hash(`${email}\n${ip}`)}`,
      `${this.prefix}:auth:fail-ip:${hash(ip)}`,
    ];
  }
}
