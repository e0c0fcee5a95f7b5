import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { sql } from 'kysely';
import { TABLES, migrateToLatest, migrateUpTo } from './migrations.ts';
import {
  DatabaseUrlError,
  createKysely,
  openDatabase,
  type OpenDatabase,
} from './open-database.ts';
import {
  createScratchDatabase,
  type DatabaseKind,
  type ScratchDatabase,
} from '../testing/scratch-database.ts';

const KINDS = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',') as DatabaseKind[];
const silent = pino({ level: 'silent' });

describe.each(KINDS)('migrations on %s', (kind) => {
  let scratch: ScratchDatabase;
  let storage: OpenDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    storage = await openDatabase(scratch.url, silent);
  });
  afterAll(async () => {
    await storage?.close();
    await scratch?.drop();
  });

  it('creates every table, and a second start applies nothing', async () => {
    for (const table of TABLES) {
      await expect(storage.db.selectFrom(table).selectAll().limit(1).execute()).resolves.toEqual(
        [],
      );
    }
    const { db, dialect } = createKysely(scratch.url);
    try {
      expect(await migrateToLatest(db, dialect)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('returns large times as exact numbers (int8 on PostgreSQL)', async () => {
    const at = 2 ** 50 + 7;
    await storage.db
      .insertInto('audit_log')
      .values({
        id: 'a1',
        at,
        actor_id: null,
        action: 'sign-in',
        target: null,
        ip: null,
        detail_json: '{}',
      })
      .execute();
    const row = await storage.db
      .selectFrom('audit_log')
      .select('at')
      .where('id', '=', 'a1')
      .executeTakeFirstOrThrow();
    expect(row.at).toBe(at);
    const count = await storage.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('allows one active session per bench and any number of ended ones', async () => {
    const now = Date.now();
    await storage.db
      .insertInto('users')
      .values({
        id: 'u1',
        email: 'u1@example.org',
        display_name: 'U',
        role: 'student',
        password_hash: null,
        timezone: 'UTC',
        locale: 'en',
        disabled: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const session = (id: string, status: 'active' | 'ended') => ({
      id,
      bench_id: 'rc-filter',
      lab_id: null,
      owner_id: 'u1',
      status,
      started_at: now,
      ended_at: null,
      end_reason: null,
      channels_json: '[]',
    });
    await storage.db
      .insertInto('sessions')
      .values([session('s1', 'ended'), session('s2', 'ended'), session('s3', 'active')])
      .execute();
    await expect(
      storage.db.insertInto('sessions').values(session('s4', 'active')).execute(),
    ).rejects.toThrow();
    await storage.db
      .updateTable('sessions')
      .set({ status: 'ended' })
      .where('id', '=', 's3')
      .execute();
    await storage.db.insertInto('sessions').values(session('s4', 'active')).execute();
  });

  it('keeps emails unique', async () => {
    const now = Date.now();
    const user = {
      email: 'same@example.org',
      display_name: 'U',
      role: 'student' as const,
      password_hash: null,
      timezone: 'UTC',
      locale: 'en' as const,
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    await storage.db
      .insertInto('users')
      .values({ ...user, id: 'e1' })
      .execute();
    await expect(
      storage.db
        .insertInto('users')
        .values({ ...user, id: 'e2' })
        .execute(),
    ).rejects.toThrow();
  });
});

describe.each(KINDS)('upgrading a database on %s', (kind) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it("0005 renames the benches' pool column from kind to pool and keeps every row", async () => {
    const { db, dialect } = createKysely(scratch.url);
    try {
      await migrateUpTo(db, dialect, '0004-course-time-zone');
      // Rows as the previous release wrote them: its schema is not today's type, hence raw SQL.
      for (const [id, pool] of [
        ['rc-filter-1', 'rc-filter'],
        ['rc-filter-2', 'rc-filter'],
        ['led-iv', 'led-iv'],
      ] as const) {
        await sql`insert into benches
            (id, kind, agent_id, name, descriptor_json, first_seen_at, last_seen_at,
             maintenance_reason, maintenance_since, maintenance_by)
          values (${id}, ${pool}, ${'lab-pc-1'}, ${id}, ${'{}'}, ${1}, ${2},
             ${id === 'led-iv' ? 'rewiring' : null}, ${id === 'led-iv' ? 3 : null}, ${null})`.execute(
          db,
        );
      }

      expect(await migrateToLatest(db, dialect)).toEqual(['0005-bench-pool-column']);

      const rows = await db
        .selectFrom('benches')
        .select(['id', 'pool', 'agent_id', 'last_seen_at', 'maintenance_reason'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        {
          id: 'led-iv',
          pool: 'led-iv',
          agent_id: 'lab-pc-1',
          last_seen_at: 2,
          maintenance_reason: 'rewiring',
        },
        {
          id: 'rc-filter-1',
          pool: 'rc-filter',
          agent_id: 'lab-pc-1',
          last_seen_at: 2,
          maintenance_reason: null,
        },
        {
          id: 'rc-filter-2',
          pool: 'rc-filter',
          agent_id: 'lab-pc-1',
          last_seen_at: 2,
          maintenance_reason: null,
        },
      ]);
      const ofPool = await db
        .selectFrom('benches')
        .select('id')
        .where('pool', '=', 'rc-filter')
        .orderBy('id')
        .execute();
      expect(ofPool.map((r) => r.id)).toEqual(['rc-filter-1', 'rc-filter-2']);
      await expect(sql`select kind from benches`.execute(db)).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  });
});

describe('DATABASE_URL', () => {
  it('names the accepted forms when it is neither sqlite: nor postgres://', () => {
    expect(() => createKysely('mysql://root@localhost/db')).toThrow(DatabaseUrlError);
    expect(() => createKysely('mysql://root:secret@localhost/db')).toThrow(
      /sqlite: or postgres:\/\/ \(got "mysql:\/\/\*\*\*@localhost\/db"\)/,
    );
  });
});
