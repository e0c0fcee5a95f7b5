import {
  Migrator,
  sql,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import type { Dialect } from './open-database.ts';
import { schedulingMigrations } from '../scheduling/scheduling.migrations.ts';

/**
 * The schema's history, in code, oldest first. A migration is never edited once released: a change
 * is a new entry. Each runs in a transaction on PostgreSQL; Kysely's lock keeps two servers that
 * start together from running one twice.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    '0001-accounts-courses-labs-benches-sessions': {
      // Kysely<any>: a migration runs against the schema as it was then, not today's Database type.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('timezone', 'text', (c) => c.notNull())
          .addColumn('locale', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('auth_sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('auth_sessions_user')
          .on('auth_sessions')
          .column('user_id')
          .execute();

        await db.schema
          .createTable('password_tokens')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('used_at', 'bigint')
          .execute();

        await db.schema
          .createTable('courses')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('course_groups')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('course_id', 'text', (c) =>
            c.notNull().references('courses.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('course_groups_course_name', ['course_id', 'name'])
          .execute();

        await db.schema
          .createTable('group_members')
          .addColumn('group_id', 'text', (c) =>
            c.notNull().references('course_groups.id').onDelete('cascade'),
          )
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
          .execute();
        await db.schema
          .createIndex('group_members_user')
          .on('group_members')
          .column('user_id')
          .execute();

        await db.schema
          .createTable('labs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('course_id', 'text', (c) =>
            c.notNull().references('courses.id').onDelete('cascade'),
          )
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('pool', 'text', (c) => c.notNull())
          .addColumn('instructions', 'text', (c) => c.notNull())
          .addColumn('steps_json', 'text', (c) => c.notNull())
          .addColumn('inputs_json', 'text', (c) => c.notNull())
          .addColumn('controls_json', 'text', (c) => c.notNull())
          .addColumn('slot_minutes', 'integer', (c) => c.notNull())
          .addColumn('quota_per_week', 'integer', (c) => c.notNull())
          .addColumn('horizon_days', 'integer', (c) => c.notNull())
          .addColumn('cancel_deadline_minutes', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('labs_course').on('labs').column('course_id').execute();

        await db.schema
          .createTable('lab_groups')
          .addColumn('lab_id', 'text', (c) => c.notNull().references('labs.id').onDelete('cascade'))
          .addColumn('group_id', 'text', (c) =>
            c.notNull().references('course_groups.id').onDelete('cascade'),
          )
          .addPrimaryKeyConstraint('lab_groups_pk', ['lab_id', 'group_id'])
          .execute();

        await db.schema
          .createTable('agents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('token_issued_at', 'bigint')
          .addColumn('revoked_at', 'bigint')
          .addColumn('last_seen_at', 'bigint')
          .execute();

        await db.schema
          .createTable('benches')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('descriptor_json', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
          .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
          .addColumn('maintenance_reason', 'text')
          .addColumn('maintenance_since', 'bigint')
          .addColumn('maintenance_by', 'text')
          .addColumn('quarantine_reason', 'text')
          .addColumn('quarantine_since', 'bigint')
          .addColumn('quarantine_by', 'text')
          .execute();
        await db.schema.createIndex('benches_kind').on('benches').column('kind').execute();

        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('bench_id', 'text', (c) => c.notNull())
          .addColumn('lab_id', 'text', (c) => c.references('labs.id').onDelete('set null'))
          .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('ended_at', 'bigint')
          .addColumn('end_reason', 'text')
          .addColumn('channels_json', 'text', (c) => c.notNull())
          .execute();
        // One active session per bench, whatever the concurrency: the database refuses a second.
        await db.schema
          .createIndex('sessions_one_active_per_bench')
          .on('sessions')
          .column('bench_id')
          .unique()
          .where(sql.ref('status'), '=', 'active')
          .execute();
        await db.schema.createIndex('sessions_owner').on('sessions').column('owner_id').execute();
        await db.schema.createIndex('sessions_lab').on('sessions').column('lab_id').execute();

        await db.schema
          .createTable('session_observers')
          .addColumn('session_id', 'text', (c) =>
            c.notNull().references('sessions.id').onDelete('cascade'),
          )
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addPrimaryKeyConstraint('session_observers_pk', ['session_id', 'user_id'])
          .execute();

        await db.schema
          .createTable('recording_chunks')
          .addColumn('session_id', 'text', (c) =>
            c.notNull().references('sessions.id').onDelete('cascade'),
          )
          .addColumn('chunk_index', 'integer', (c) => c.notNull())
          .addColumn('first_seq', 'bigint', (c) => c.notNull())
          .addColumn('last_seq', 'bigint', (c) => c.notNull())
          .addColumn('t_start', 'double precision', (c) => c.notNull())
          .addColumn('t_end', 'double precision', (c) => c.notNull())
          .addColumn('row_count', 'integer', (c) => c.notNull())
          .addColumn('data', blob, (c) => c.notNull())
          .addPrimaryKeyConstraint('recording_chunks_pk', ['session_id', 'chunk_index'])
          .execute();

        await db.schema
          .createTable('session_commands')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('session_id', 'text', (c) =>
            c.notNull().references('sessions.id').onDelete('cascade'),
          )
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'text')
          .addColumn('output', 'text', (c) => c.notNull())
          .addColumn('value_json', 'text', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('session_commands_session_at')
          .on('session_commands')
          .columns(['session_id', 'at'])
          .execute();

        await db.schema
          .createTable('audit_log')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('ip', 'text')
          .addColumn('detail_json', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
        await db.schema
          .createIndex('audit_log_action_at')
          .on('audit_log')
          .columns(['action', 'at'])
          .execute();
      },
    },
    '0003-bench-enrollments': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        // Announcements of benches an agent may not drive yet: unknown benches waiting for a
        // technician's approval, and claims on benches enrolled to another agent.
        await db.schema
          .createTable('bench_enrollments')
          .addColumn('bench_id', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('descriptor_json', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('first_at', 'bigint', (c) => c.notNull())
          .addColumn('last_at', 'bigint', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('bench_enrollments_pk', ['bench_id', 'agent_id'])
          .execute();
      },
    },
    '0004-course-time-zone': {
      // The zone a course's quota weeks are counted in (Monday 00:00 to Monday 00:00 there), fixed
      // per course so a student cannot move their week by changing their own profile's zone.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('courses')
          .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
          .execute();
      },
    },
    '0005-bench-pool-column': {
      // A bench's pool was stored as `kind`, the pool everywhere else (bookings, labs, the wire):
      // one name for one thing. RENAME COLUMN keeps the data on both databases (SQLite >= 3.25);
      // the index follows the column but keeps its old name, and SQLite cannot rename an index.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        await db.schema.alterTable('benches').renameColumn('kind', 'pool').execute();
        await db.schema.dropIndex('benches_kind').execute();
        await db.schema.createIndex('benches_pool').on('benches').column('pool').execute();
      },
    },
  };
}

/** The names of the tables migrations create, for tests that count rows. */
export const TABLES = [
  'users',
  'auth_sessions',
  'password_tokens',
  'courses',
  'course_groups',
  'group_members',
  'labs',
  'lab_groups',
  'agents',
  'benches',
  'sessions',
  'session_observers',
  'recording_chunks',
  'session_commands',
  'audit_log',
  'bench_enrollments',
  // The scheduler's (scheduling.migrations.ts).
  'bookings',
  'queue_entries',
  'batch_runs',
  'lab_schedules',
  'owed_time',
  'scheduler_pool_locks',
] as const;

/** Applies every pending migration; returns the names applied. Throws on the first failure. */
export async function migrateToLatest<DB>(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
  return migrate(db, dialect, (migrator) => migrator.migrateToLatest());
}

/**
 * Applies the pending migrations up to `name`, included: a database as the release that ended
 * with `name` left it, for the tests that upgrade one holding data.
 */
export async function migrateUpTo<DB>(
  db: Kysely<DB>,
  dialect: Dialect,
  name: string,
): Promise<string[]> {
  return migrate(db, dialect, (migrator) => migrator.migrateTo(name));
}

async function migrate<DB>(
  db: Kysely<DB>,
  dialect: Dialect,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<string[]> {
  // The scheduler keeps its own migrations next to its code (scheduling/scheduling.migrations.ts).
  const provider: MigrationProvider = {
    getMigrations: async () => ({ ...migrations(dialect), ...schedulingMigrations() }),
  };
  const { error, results } = await run(new Migrator({ db, provider }));
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `Database migration ${failed} failed: ${(error as Error).message ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
