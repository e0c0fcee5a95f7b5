import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { schedulerEventBusContract } from './scheduler-events.contract.ts';
import { RedisEventBus } from './scheduler-events.ts';
import { startPrivateRedis } from './testing/private-redis.ts';

let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let admin: Redis;
const prefix = 'events-contract';
const warnings: string[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(line: Buffer, _encoding, done) {
      warnings.push((JSON.parse(line.toString()) as { msg: string }).msg);
      done();
    },
  }),
);

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
  warnings: () => warnings,
});
