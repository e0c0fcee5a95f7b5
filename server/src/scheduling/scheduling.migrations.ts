import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The scheduler's schema history, merged into the platform's migrations (db/migrations.ts). A
 * migration is never edited once released: a change is a new entry.
 */
export function schedulingMigrations(): Record<string, Migration> {
  return {
    '0002-scheduling-bookings-queue-batch': {
      // Kysely<any>: a migration runs against the schema as it was then, not today's types.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('bookings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('lab_id', 'text', (c) => c.notNull().references('labs.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('pool', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('bench_id', 'text', (c) => c.notNull())
          .addColumn('start_at', 'bigint', (c) => c.notNull())
          .addColumn('end_at', 'bigint', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('session_id', 'text')
          .addColumn('paused_at', 'bigint')
          .addColumn('credited_ms', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('warned', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('expires_at', 'bigint')
          .addColumn('reason', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        // The last line of defence against two owners of one bench: claims on a bench never share
        // a start. Overlaps with other starts are refused under the pool lock (pool-lock.ts).
        await db.schema
          .createIndex('bookings_one_claim_per_bench_start')
          .on('bookings')
          .columns(['bench_id', 'start_at'])
          .unique()
          .where(sql.ref('status'), 'in', sql`('offered', 'booked', 'active')`)
          .execute();
        await db.schema
          .createIndex('bookings_pool_end')
          .on('bookings')
          .columns(['pool', 'end_at'])
          .execute();
        await db.schema
          .createIndex('bookings_user_lab_start')
          .on('bookings')
          .columns(['user_id', 'lab_id', 'start_at'])
          .execute();
        await db.schema
          .createIndex('bookings_status_start')
          .on('bookings')
          .columns(['status', 'start_at'])
          .execute();

        await db.schema
          .createTable('queue_entries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('lab_id', 'text', (c) => c.notNull().references('labs.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('joined_at', 'bigint', (c) => c.notNull())
          .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('booking_id', 'text')
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        // One place in a lab's queue per student.
        await db.schema
          .createIndex('queue_entries_one_per_student')
          .on('queue_entries')
          .columns(['lab_id', 'user_id'])
          .unique()
          .where(sql.ref('status'), 'in', sql`('waiting', 'offered')`)
          .execute();
        await db.schema
          .createIndex('queue_entries_lab_status')
          .on('queue_entries')
          .columns(['lab_id', 'status'])
          .execute();

        await db.schema
          .createTable('batch_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('lab_id', 'text', (c) => c.notNull().references('labs.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('sweep_json', 'text', (c) => c.notNull())
          .addColumn('plan_json', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('bench_id', 'text')
          .addColumn('booking_id', 'text')
          .addColumn('session_id', 'text')
          .addColumn('submitted_at', 'bigint', (c) => c.notNull())
          .addColumn('started_at', 'bigint')
          .addColumn('finished_at', 'bigint')
          .addColumn('error', 'text')
          .execute();
        await db.schema
          .createIndex('batch_runs_lab_status')
          .on('batch_runs')
          .columns(['lab_id', 'status', 'submitted_at'])
          .execute();
        await db.schema.createIndex('batch_runs_user').on('batch_runs').column('user_id').execute();

        await db.schema
          .createTable('lab_schedules')
          .addColumn('lab_id', 'text', (c) =>
            c.primaryKey().references('labs.id').onDelete('cascade'),
          )
          .addColumn('min_session_ms', 'bigint', (c) => c.notNull())
          .addColumn('offer_ms', 'bigint', (c) => c.notNull())
          .addColumn('grace_ms', 'bigint', (c) => c.notNull())
          .addColumn('max_batch_ms', 'bigint', (c) => c.notNull())
          .addColumn('slot_ms_override', 'bigint')
          .execute();

        await db.schema
          .createTable('owed_time')
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('lab_id', 'text', (c) => c.notNull().references('labs.id').onDelete('cascade'))
          .addColumn('owed_ms', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('owed_time_pk', ['user_id', 'lab_id'])
          .execute();

        await db.schema
          .createTable('scheduler_pool_locks')
          .addColumn('pool', 'text', (c) => c.primaryKey())
          .execute();
      },
    },
  };
}
