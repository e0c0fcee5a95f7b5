import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { capturingLogger, schedulerEventBusContract } from './scheduler-events.contract.ts';
import { RedisEventBus } from './scheduler-events.ts';
import { startPrivateRedis } from './testing/private-redis.ts';

let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let admin: Redis;
const prefix = 'events-contract';
const { logger, logged } = capturingLogger();

beforeAll(async () => {
  redis = await startPrivateRedis();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

schedulerEventBusContract('RedisEventBus on a private redis-server', {
  create: async () => {
    const bus = new RedisEventBus(new Redis(redis.url), new Redis(redis.url), prefix, logger);
    await bus.start();
    return bus;
  },
  sharesTransport: true,
  injectRaw: async (text) => {
    await admin.publish(`${prefix}:scheduler:events`, text);
  },
  logged,
});
