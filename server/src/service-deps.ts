import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from './audit/audit-log.ts';
import type { Database } from './db/database.schema.ts';

/** What every storage-backed service needs; one object so constructors stay small. */
export interface ServiceDeps {
  db: Kysely<Database>;
  now: () => number;
  logger: Logger;
  audit: AuditLog;
}
