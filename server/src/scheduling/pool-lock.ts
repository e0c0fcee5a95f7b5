import { sql } from 'kysely';
import type { Dialect } from '../db/open-database.ts';
import type { SchedulingDb } from './scheduling-tables.ts';

/**
 * Runs `work` as one transaction that holds the pool's write lock, so claims on the pool's benches
 * are decided one at a time whatever the concurrency (requests, job workers, server processes):
 * a check for overlaps made inside `work` is still true when its insert commits.
 *
 * - SQLite serialises writers on the file. `BEGIN IMMEDIATE` takes the write lock up front (a
 *   deferred BEGIN that reads first can fail to upgrade, SQLITE_BUSY, when another process wrote
 *   meanwhile). Within one process Kysely's single connection already serialises everything.
 * - PostgreSQL: READ COMMITTED plus `SELECT ... FOR UPDATE` on the pool's row in
 *   scheduler_pool_locks. Every later statement of the transaction sees what the previous holder
 *   committed, and writers to other pools do not wait.
 *
 * `work` must use the executor it is given, never the outer `db` (on SQLite that would wait for
 * the connection this transaction holds).
 */
export async function withPoolLock<T>(
  db: SchedulingDb,
  dialect: Dialect,
  pool: string,
  work: (trx: SchedulingDb) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return dialect === 'sqlite'
        ? await sqliteImmediate(db, work)
        : await postgresLocked(db, pool, work);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
      // Another process held the file past busy_timeout, or PostgreSQL chose us as a deadlock victim.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

const MAX_ATTEMPTS = 5;

async function sqliteImmediate<T>(
  db: SchedulingDb,
  work: (trx: SchedulingDb) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

async function postgresLocked<T>(
  db: SchedulingDb,
  pool: string,
  work: (trx: SchedulingDb) => Promise<T>,
): Promise<T> {
  // Outside the transaction: the row must exist before it can be locked, and a concurrent first
  // insert of the same pool just finds it there.
  await db
    .insertInto('scheduler_pool_locks')
    .values({ pool })
    .onConflict((oc) => oc.column('pool').doNothing())
    .execute();
  return db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('scheduler_pool_locks')
      .select('pool')
      .where('pool', '=', pool)
      .forUpdate()
      .execute();
    return work(trx);
  });
}

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === '40P01' || code === '40001';
}
