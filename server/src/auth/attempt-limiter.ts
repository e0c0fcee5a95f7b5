import type { Redis } from 'ioredis';

/** One counter an attempt is charged to: its Redis key and how many attempts it allows. */
export interface AttemptCounter {
  key: string;
  limit: number;
}

export type Reservation =
  { granted: true; counters: readonly AttemptCounter[] } | { granted: false; retryAfterS: number };

/**
 * Charges every counter of an attempt in one Lua script, so a burst of concurrent attempts cannot
 * all pass a read-then-write check: the (limit + 1)-th concurrent attempt is refused before any
 * password work is done. A counter's window starts at its first attempt (EXPIRE only when INCR
 * made it 1). A refused attempt charges nothing, so hammering a closed door does not keep it shut
 * longer than the window.
 *
 * KEYS: the counters; ARGV[1]: window (s); ARGV[2..]: the limit of each key.
 * Returns 0 when granted, or the seconds to wait.
 */
const RESERVE_SCRIPT = `
local window = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, window) end
  if count > tonumber(ARGV[i + 1]) then
    for j = 1, i do redis.call('DECR', KEYS[j]) end
    local ttl = redis.call('TTL', key)
    if ttl < 1 then ttl = window end
    return ttl
  end
end
return 0
`;

/** Gives an attempt back (a sign-in that succeeded), never below zero. */
const RELEASE_SCRIPT = `
for _, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count > 0 then redis.call('DECR', key) end
end
return 0
`;

/**
 * Counts attempts (sign-ins, reset confirmations) in Redis, shared by every server process.
 * An attempt is reserved before the costly or guessable work it guards, and kept as a failure
 * unless the caller releases it.
 */
export class AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly windowS: number,
  ) {}

  async reserve(counters: readonly AttemptCounter[]): Promise<Reservation> {
    const wait = await this.redis.eval(
      RESERVE_SCRIPT,
      counters.length,
      ...counters.map((c) => c.key),
      this.windowS,
      ...counters.map((c) => c.limit),
    );
    const retryAfterS = Number(wait);
    return retryAfterS > 0 ? { granted: false, retryAfterS } : { granted: true, counters };
  }

  async release(counters: readonly AttemptCounter[]): Promise<void> {
    if (counters.length === 0) return;
    await this.redis.eval(RELEASE_SCRIPT, counters.length, ...counters.map((c) => c.key));
  }

  async clear(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys);
  }
}
