import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.schema.ts';
import type { Dialect } from './db/open-database.ts';

/** Where the server keeps its data, for the start-up log: endpoints without secrets, versions. */
export interface StorageEndpoints {
  database: { dialect: Dialect; endpoint: string; version: string };
  redis: { endpoint: string; version: string };
}

/** A connection URL without its password (and without query parameters, which may carry one). */
export function redactUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Asks each store its version; a store that cannot say is reported as "unknown", never fatal. */
export async function describeStorage(
  db: Kysely<Database>,
  dialect: Dialect,
  databaseUrl: string,
  redis: Redis,
  redisUrl: string,
): Promise<StorageEndpoints> {
  const query =
    dialect === 'postgres'
      ? sql<{ version: string }>`select current_setting('server_version') as version`
      : sql<{ version: string }>`select sqlite_version() as version`;
  const [databaseVersion, redisInfo] = await Promise.all([
    query.execute(db).then(
      (result) => result.rows[0]?.version ?? 'unknown',
      () => 'unknown',
    ),
    redis.info('server').then(
      (info) => /^redis_version:(\S+)/m.exec(info)?.[1] ?? 'unknown',
      () => 'unknown',
    ),
  ]);
  return {
    database: { dialect, endpoint: redactUrl(databaseUrl), version: databaseVersion },
    redis: { endpoint: redactUrl(redisUrl), version: redisInfo },
  };
}
