import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from './database.schema.ts';
import { migrateToLatest } from './migrations.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** PostgreSQL's int8 (oid 20): our times and counts fit a double exactly (< 2^53). */
const INT8_OID = 20;

/**
 * Opens the database named by DATABASE_URL and brings its schema to the latest version.
 * `sqlite:<path>` (relative to the working directory; `sqlite::memory:` for a throwaway one) or
 * `postgres://...` / `postgresql://...`.
 */
export async function openDatabase(url: string, logger: Logger): Promise<OpenDatabase> {
  const { db, dialect } = createKysely(url, logger);
  try {
    const applied = await migrateToLatest(db, dialect);
    if (applied.length > 0) logger.info({ applied, dialect }, 'database migrated');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect, close: () => db.destroy() };
}

export function createKysely(
  url: string,
  logger?: Logger,
): { db: Kysely<Database>; dialect: Dialect } {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file.length === 0) throw new DatabaseUrlError('DATABASE_URL=sqlite: needs a file path.');
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SqliteDatabase(file === ':memory:' ? ':memory:' : path.resolve(file));
    // WAL lets readers (downloads) run while the recorder writes; foreign keys are off by default.
    sqlite.pragma('journal_mode = WAL');
    // A commit is on disk before it is acknowledged (the agent lets go of frames then): FULL
    // syncs the WAL at every commit; better-sqlite3 builds WAL mode with NORMAL, which does not.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return {
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
      dialect: 'sqlite',
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection that PostgreSQL drops (restart, admin) emits 'error' on the pool: without a
    // listener that would crash the process; the pool replaces the connection at the next query.
    pool.on('error', (error) => logger?.warn({ err: error }, 'an idle database connection failed'));
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
    };
  }
  throw new DatabaseUrlError(
    `DATABASE_URL must start with sqlite: or postgres:// (got "${url.replace(/\/\/[^@]*@/, '//***@')}").`,
  );
}
