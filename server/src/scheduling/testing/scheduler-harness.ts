import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import type { BenchDescriptor, Role } from '@remotelab/protocol';
import { openDatabase, type OpenDatabase } from '../../db/open-database.ts';
import {
  PG_ADMIN_URL,
  createScratchDatabase,
  type DatabaseKind,
} from '../../testing/scratch-database.ts';
import type { Actor } from '../../core/actor.ts';
import type { BookingRow } from '../booking-store.ts';
import type { SchedulerContext, SchedulerTimers } from '../scheduler-context.ts';
import { LocalEventBus, type SchedulerEvent } from '../scheduler-events.ts';
import { startSchedulerRuntime, type SchedulerRuntimeOptions } from '../scheduler-runtime.ts';
import { Scheduler } from '../scheduler.ts';
import type { BenchAvailability } from '../scheduling-types.ts';

/**
 * A scheduler on a scratch database with no HTTP and no Redis: users, a course and a lab are
 * rows; bench presence, lab access and the recorder are in-memory fakes; timers are recorded.
 * For integration tests of the SQL (real SQLite / PostgreSQL) and for the simulated week.
 */
export async function startSchedulerHarness(
  kind: DatabaseKind,
  options: { now?: () => number; pool?: string; timers?: SchedulerTimers } = {},
) {
  const scratch = await createScratchDatabase(kind);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const storage: OpenDatabase = await openDatabase(scratch.url, logger);
  const { db } = storage;
  const pool = options.pool ?? 'rc-filter';
  const benches = new Map<string, BenchAvailability>();
  const events: SchedulerEvent[] = [];
  const synced: BookingRow[] = [];
  const pokes: string[] = [];
  const bus = new LocalEventBus(logger);
  bus.on((event) => events.push(event));
  const timers: SchedulerTimers = options.timers ?? {
    sync: async (booking) => void synced.push(booking),
    poke: (p) => void pokes.push(p),
  };
  const started = new Set<string>();
  const ctx: SchedulerContext = {
    db,
    dialect: storage.dialect,
    now: options.now ?? Date.now,
    logger,
    presence: {
      poolBenches: async (p) =>
        [...benches.values()].filter(() => p === pool).map((b) => ({ ...b })),
      poolDescriptor: async () => rcDescriptor(),
    },
    access: { checkCanUse: async () => undefined },
    recording: {
      channelsJson: async () => '[]',
      begin: async (sessionId) => void started.add(sessionId),
      finish: async (sessionId) => void started.delete(sessionId),
    },
    events: bus,
    timers,
  };

  const t0 = Date.now();
  const instructor = await addUser('instructor');
  const courseId = randomUUID();
  await db
    .insertInto('courses')
    .values({
      id: courseId,
      code: `C-${courseId.slice(0, 8)}`,
      title: 'Circuits',
      owner_id: instructor.id,
      created_at: t0,
    })
    .execute();

  async function addUser(role: Role = 'student', timezone = 'Africa/Algiers'): Promise<Actor> {
    const id = randomUUID();
    const email = `${id}@example.org`;
    await db
      .insertInto('users')
      .values({
        id,
        email,
        display_name: role,
        role,
        password_hash: null,
        timezone,
        locale: 'fr',
        disabled: 0,
        created_at: t0,
        updated_at: t0,
      })
      .execute();
    return { id, role, email, displayName: role };
  }

  /** Many students in one statement per 200 (1 000 inserts one by one take seconds on PostgreSQL). */
  async function addStudents(count: number, timezone = 'Africa/Algiers'): Promise<Actor[]> {
    const actors: Actor[] = Array.from({ length: count }, () => {
      const id = randomUUID();
      return { id, role: 'student' as const, email: `${id}@example.org`, displayName: 'student' };
    });
    for (let i = 0; i < actors.length; i += 200) {
      await db
        .insertInto('users')
        .values(
          actors.slice(i, i + 200).map((a) => ({
            id: a.id,
            email: a.email,
            display_name: 's',
            role: a.role,
            password_hash: null,
            timezone,
            locale: 'fr' as const,
            disabled: 0,
            created_at: t0,
            updated_at: t0,
          })),
        )
        .execute();
    }
    return actors;
  }

  async function addLab(
    settings: {
      slotMs?: number;
      quotaPerWeek?: number;
      horizonDays?: number;
      cancelDeadlineMinutes?: number;
      minSessionMs?: number;
      offerMs?: number;
      graceMs?: number;
    } = {},
  ): Promise<string> {
    const id = randomUUID();
    await db
      .insertInto('labs')
      .values({
        id,
        course_id: courseId,
        title: 'RC',
        pool,
        instructions: '',
        steps_json: '[]',
        inputs_json: JSON.stringify(['vout']),
        controls_json: JSON.stringify([{ output: 'duty', min: 0, max: 100 }]),
        slot_minutes: 60,
        quota_per_week: settings.quotaPerWeek ?? 3,
        horizon_days: settings.horizonDays ?? 14,
        cancel_deadline_minutes: settings.cancelDeadlineMinutes ?? 60,
        created_at: t0,
        updated_at: t0,
      })
      .execute();
    await db
      .insertInto('lab_schedules')
      .values({
        lab_id: id,
        min_session_ms: settings.minSessionMs ?? 15 * 60_000,
        offer_ms: settings.offerMs ?? 60_000,
        grace_ms: settings.graceMs ?? 120_000,
        max_batch_ms: 5 * 60_000,
        slot_ms_override: settings.slotMs ?? null,
      })
      .execute();
    return id;
  }

  function setBench(id: string, state: Partial<Omit<BenchAvailability, 'id'>> = {}): void {
    benches.set(id, {
      id,
      online: true,
      maintenance: false,
      quarantine: false,
      ...benches.get(id),
      ...state,
    });
  }

  /** The BullMQ scheduler of one "server process" on this database. */
  function runtime(redisUrl: string, prefix: string, extra: Partial<SchedulerRuntimeOptions> = {}) {
    return startSchedulerRuntime({
      db,
      dialect: storage.dialect,
      redisUrl,
      prefix,
      logger,
      presence: ctx.presence,
      access: ctx.access,
      recording: ctx.recording,
      reconcileMs: 500,
      ...extra,
    });
  }

  return {
    kind,
    url: scratch.url,
    runtime,
    /** The scheduler's services on the harness's context (timers recorded, not run). */
    scheduler: () => new Scheduler(ctx),
    db,
    ctx,
    pool,
    events,
    synced,
    pokes,
    recordingsOpen: started,
    addUser,
    addStudents,
    addLab,
    setBench,
    async stop() {
      await bus.close();
      await storage.close();
      if (kind === 'postgres') await untilDisconnected(scratch.url);
      await scratch.drop();
    },
  };
}

export type SchedulerHarness = Awaited<ReturnType<typeof startSchedulerHarness>>;

/**
 * pg's Pool.end() resolves once its clients are told to end, not once they have: a DROP DATABASE
 * ... WITH (FORCE) right after can kill them mid-goodbye, and they throw. Waits until the server
 * sees no session on the database.
 */
async function untilDisconnected(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await admin.query<{ n: string }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (Number(rows[0]?.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await admin.end();
  }
}

/** The RC bench of the fixtures: a PWM duty output and an analog input. */
export function rcDescriptor(id = 'rc-filter-1'): BenchDescriptor {
  return {
    id,
    name: `RC ${id}`,
    description: '',
    samplingIntervalMs: 10,
    baud: 57600,
    pool: 'rc-filter',
    inputs: [{ id: 'vout', label: 'A0', kind: 'analog-in', unit: 'V', range: { min: 0, max: 5 } }],
    outputs: [
      {
        kind: 'pwm-out',
        id: 'duty',
        label: 'PWM duty',
        unit: '%',
        min: 0,
        max: 100,
        step: 1,
        safe: 0,
      },
    ],
  };
}
