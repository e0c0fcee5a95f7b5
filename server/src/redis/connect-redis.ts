import { Redis } from 'ioredis';
import { Queue } from 'bullmq';

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export interface RedisResources {
  redis: Redis;
  /** The scheduler's queue; jobs come with the scheduler, the connection is real from day one. */
  schedulerQueue: Queue;
  close(): Promise<void>;
}

/**
 * Connects to Redis and opens the BullMQ queue. Fails fast with one sentence naming REDIS_URL
 * when Redis does not answer, instead of retrying forever in the background.
 */
export async function connectRedis(
  url: string,
  prefix: string,
  timeoutMs = 3000,
): Promise<RedisResources> {
  // BullMQ needs maxRetriesPerRequest: null on connections it blocks on.
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: timeoutMs,
  });
  let lastError: Error | undefined;
  // Reported through the startup error and /api/health, never as an unhandled crash.
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await withTimeout(redis.connect(), timeoutMs);
    await withTimeout(redis.ping(), timeoutMs);
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(
      `Cannot reach Redis at REDIS_URL=${url} (${(lastError ?? (error as Error)).message || 'no answer'}). ` +
        'Start Redis (for example `redis-server`) or set REDIS_URL to a running one.',
    );
  }
  const schedulerQueue = new Queue('scheduler', { connection: redis, prefix });
  await schedulerQueue.waitUntilReady();
  return {
    redis,
    schedulerQueue,
    async close() {
      await schedulerQueue.close();
      redis.disconnect();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
