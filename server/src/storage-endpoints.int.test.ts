import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './db/open-database.ts';
import { describeStorage, redactUrl } from './storage-endpoints.ts';
import {
  createScratchDatabase,
  type DatabaseKind,
  type ScratchDatabase,
} from './testing/scratch-database.ts';

const KINDS = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',') as DatabaseKind[];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('redactUrl', () => {
  it('keeps the user, host, port and database, drops the password and the query', () => {
    expect(redactUrl('postgres://remotelab:s3cret@postgres:5432/remotelab?password=x')).toBe(
      'postgres://remotelab@postgres:5432/remotelab',
    );
    expect(redactUrl('redis://:s3cret@redis:6379/2')).toBe('redis://redis:6379/2');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('keeps a SQLite path as it is', () => {
    expect(redactUrl('sqlite:data/remotelab.db')).toBe('sqlite:data/remotelab.db');
  });

  it('never echoes a URL it cannot parse', () => {
    expect(redactUrl('postgres://user:pa ss@@')).toBe('(unparsable URL)');
  });
});

describe.each(KINDS)('describeStorage on %s and Redis', (kind) => {
  let scratch: ScratchDatabase;
  let storage: OpenDatabase;
  let redis: Redis;
  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    storage = await openDatabase(scratch.url, pino({ level: 'silent' }));
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await storage?.close();
    await scratch?.drop();
  });

  it('names each endpoint without a password and asks each store its version', async () => {
    const withPassword = scratch.url.replace('://postgres@', '://postgres:s3cret@');
    const stores = await describeStorage(storage.db, kind, withPassword, redis, REDIS_URL);
    expect(stores.database.dialect).toBe(kind);
    expect(stores.database.endpoint).not.toContain('s3cret');
    expect(stores.database.version).toMatch(/^\d+(\.\d+)+/);
    expect(stores.redis.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
