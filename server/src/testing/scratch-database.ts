import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import pg from 'pg';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface ScratchDatabase {
  kind: DatabaseKind;
  /** A DATABASE_URL for the server. */
  url: string;
  /** Deletes the database (drops it on PostgreSQL, removes the file on SQLite). */
  drop(): Promise<void>;
}

/** PostgreSQL used to create scratch databases: TEST_PG_ADMIN_URL, else the local trust-auth server. */
export const PG_ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, empty database for a test run or a benchmark: a SQLite file in the temp folder, or a
 * PostgreSQL database `remotelab_test_<random>` created next to `adminUrl`'s. Nothing is shared
 * between runs, so runs can go in parallel; `drop` removes everything.
 */
export async function createScratchDatabase(
  kind: DatabaseKind,
  adminUrl = PG_ADMIN_URL,
): Promise<ScratchDatabase> {
  const name = `remotelab_test_${randomBytes(6).toString('hex')}`;
  if (kind === 'sqlite') {
    const file = path.join(os.tmpdir(), `${name}.db`);
    return {
      kind,
      url: `sqlite:${file}`,
      async drop() {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** True when the PostgreSQL server at `adminUrl` answers. */
export async function postgresReachable(adminUrl = PG_ADMIN_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
