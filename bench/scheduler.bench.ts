/**
 * npm run bench:scheduler
 *
 * The scheduler's figures, printed (no pass/fail):
 * 1. Booking requests/s sustained and their latency: 32 concurrent clients book random future
 *    slots of a 50-bench pool for BENCH_BOOKING_S seconds through BookingService (the SQL, the
 *    pool lock, the quota check; no HTTP), on SQLite and PostgreSQL.
 * 2. Slot-boundary error: 40 one-second bookings on 4 benches run by the real BullMQ runtime
 *    (Redis at REDIS_URL); for each start and end, when the scheduler's event arrived minus the
 *    slot boundary.
 * 3. Bench handover: the whole platform with a real lab-agent and a virtual RC board on a pseudo-
 *    terminal; back-to-back 5-second bookings; from the end of one slot to the moment the agent
 *    reports the next session running, which includes the agent's safe state and its self-test
 *    (3 steps of 700 ms for the RC bench).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { createAccount } from '@remotelab/server';
import { startSchedulerHarness, type DatabaseKind } from '@remotelab/server/testing';
import { ApiClient } from '../tests/support/api-client.ts';
import {
  loadRcFilter,
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../tests/support/test-stack.ts';
import { percentile } from './lib/stats.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BOOKING_S = Number(process.env.BENCH_BOOKING_S ?? 5);
const KINDS = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as DatabaseKind[];
const H = 3_600_000;

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function bookingThroughput(kind: DatabaseKind) {
  const h = await startSchedulerHarness(kind);
  try {
    for (let i = 1; i <= 50; i++) h.setBench(`rc-filter-${i}`);
    const labId = await h.addLab({ quotaPerWeek: 100, horizonDays: 14 });
    const students = await h.addStudents(400);
    const { bookings } = h.scheduler();
    const firstSlot = Math.ceil((Date.now() + H) / H) * H;
    const latencies: number[] = [];
    const outcomes = new Map<string, number>();
    const until = performance.now() + BOOKING_S * 1000;
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const client = async () => {
      while (performance.now() < until) {
        const student = students[Math.floor(random() * students.length)]!;
        const slot = firstSlot + Math.floor(random() * 13 * 24) * H;
        const t0 = performance.now();
        const outcome = await bookings.book(student, labId, slot).then(
          () => 'booked',
          (error: { code?: string }) => error.code ?? 'error',
        );
        latencies.push(performance.now() - t0);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 32 }, client));
    const seconds = (performance.now() - started) / 1000;
    return {
      kind,
      requests: latencies.length,
      perSecond: latencies.length / seconds,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      outcomes: Object.fromEntries(outcomes),
    };
  } finally {
    await h.stop();
  }
}

async function boundaryError() {
  const h = await startSchedulerHarness('sqlite');
  const runtime = await h.runtime(REDIS_URL, `bench-scheduler-${randomUUID().slice(0, 8)}`, {
    reconcileMs: 5_000,
  });
  try {
    for (let i = 1; i <= 4; i++) h.setBench(`rc-filter-${i}`);
    const SLOT = 1_000;
    const labId = await h.addLab({
      slotMs: SLOT,
      quotaPerWeek: 1000,
      cancelDeadlineMinutes: 0,
      minSessionMs: SLOT,
    });
    const students = await h.addStudents(40);
    const seen = new Map<string, number>();
    runtime.events.on((event) => {
      if (event.type === 'session-started' || event.type === 'session-ended')
        seen.set(`${event.type}:${event.bookingId}`, Date.now());
    });
    const first = Math.ceil((Date.now() + 1_500) / SLOT) * SLOT;
    const made = await Promise.all(
      students.map((s, i) =>
        runtime.scheduler.bookings.book(s, labId, first + Math.floor(i / 4) * SLOT),
      ),
    );
    const deadline = Date.now() + 30_000;
    while (made.some((b) => !seen.has(`session-ended:${b.id}`)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const errors = made
      .flatMap((b) => [
        seen.get(`session-started:${b.id}`)! - b.start,
        seen.get(`session-ended:${b.id}`)! - b.end,
      ])
      .filter(Number.isFinite);
    return {
      boundaries: errors.length,
      p50: percentile(errors, 0.5),
      p99: percentile(errors.map(Math.abs), 0.99),
      max: Math.max(...errors.map(Math.abs)),
    };
  } finally {
    await runtime.close();
    await h.stop();
  }
}

async function handover() {
  const ws = testWorkspace();
  const platform = await startTestServer(ws);
  const definition = await loadRcFilter();
  const link = path.join(ws.dir, 'rc-filter.tty');
  const board = await startTestBoard(definition, link);
  const agent = startTestAgent(platform, ws, [{ definition, port: link }]);
  try {
    await waitForBench(platform, definition.id, (status) => status === 'online');
    await platform.benchesPersisted();
    const db = platform.db;
    const silent = pino({ level: 'silent' });
    const scrypt = { log2N: 10, r: 8, p: 3 };
    const teacher = await createAccount(
      db,
      {
        email: `t-${randomUUID()}@example.org`,
        displayName: 'T',
        role: 'instructor',
        password: 'correct horse battery staple',
      },
      scrypt,
      silent,
    );
    const courseId = randomUUID();
    const groupId = randomUUID();
    const labId = randomUUID();
    const now = Date.now();
    await db
      .insertInto('courses')
      .values({
        id: courseId,
        code: 'BENCH-1',
        title: 'Bench',
        owner_id: teacher.id,
        created_at: now,
      })
      .execute();
    await db
      .insertInto('course_groups')
      .values({ id: groupId, course_id: courseId, name: 'G', created_at: now })
      .execute();
    await db
      .insertInto('labs')
      .values({
        id: labId,
        course_id: courseId,
        title: 'RC',
        pool: definition.id,
        instructions: '',
        steps_json: '[]',
        inputs_json: '["vout"]',
        controls_json: '[{"output":"duty"}]',
        slot_minutes: 60,
        quota_per_week: 100,
        horizon_days: 7,
        cancel_deadline_minutes: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db.insertInto('lab_groups').values({ lab_id: labId, group_id: groupId }).execute();
    const SLOT = 5_000;
    await db
      .insertInto('lab_schedules')
      .values({
        lab_id: labId,
        min_session_ms: 1_000,
        offer_ms: 60_000,
        grace_ms: 120_000,
        max_batch_ms: 60_000,
        slot_ms_override: SLOT,
      })
      .execute();
    const clients: ApiClient[] = [];
    for (let i = 0; i < 2; i++) {
      const email = `s${i}-${randomUUID()}@example.org`;
      const user = await createAccount(
        db,
        { email, displayName: `S${i}`, role: 'student', password: 'correct horse battery staple' },
        scrypt,
        silent,
      );
      await db
        .insertInto('group_members')
        .values({ group_id: groupId, user_id: user.id })
        .execute();
      const client = new ApiClient(platform.url);
      await client.signIn(email, 'correct horse battery staple');
      clients.push(client);
    }
    const reports: Array<{ at: number; session?: string; selfTest: boolean }> = [];
    platform.registry.on('changed', (benchId) => {
      const state = platform.registry.agentState(benchId);
      if (state)
        reports.push({
          at: Date.now(),
          ...(state.session ? { session: state.session.sessionId } : {}),
          selfTest: state.selfTestRunning === true,
        });
    });
    const first = Math.ceil((Date.now() + 2_000) / SLOT) * SLOT;
    const booked: Array<{ id: string; start: number; end: number }> = [];
    for (let i = 0; i < 5; i++) {
      const answer = await clients[i % 2]!.call<{ id: string; start: number; end: number }>(
        'POST',
        `/api/labs/${labId}/bookings`,
        { slotStart: first + i * SLOT },
      );
      if (answer.status !== 201) throw new Error(`booking failed: ${JSON.stringify(answer.body)}`);
      booked.push(answer.body);
    }
    await new Promise((r) => setTimeout(r, first + 5 * SLOT + 4_000 - Date.now()));
    const sessions = await db
      .selectFrom('bookings')
      .select(['id', 'session_id'])
      .where(
        'id',
        'in',
        booked.map((b) => b.id),
      )
      .execute();
    const sessionOf = new Map(sessions.map((s) => [s.id, s.session_id]));
    const handovers: number[] = [];
    for (let i = 1; i < booked.length; i++) {
      const ready = reports.find((r) => r.session === sessionOf.get(booked[i]!.id));
      if (ready) handovers.push(ready.at - booked[i - 1]!.end);
    }
    const selfTests: number[] = [];
    for (let i = 1; i < reports.length; i++)
      if (!reports[i]!.selfTest && reports[i - 1]!.selfTest) {
        const began = [...reports.slice(0, i)]
          .reverse()
          .find((r, j, all) => r.selfTest && !all[j + 1]?.selfTest);
        if (began) selfTests.push(reports[i]!.at - began.at);
      }
    return { handovers, selfTests, served: handovers.length, expected: booked.length - 1 };
  } finally {
    await agent.stop();
    await board.close();
    await platform.close();
    ws.cleanup();
  }
}

async function main() {
  console.log(
    'scheduler benchmark (2-core machine shared with other work: figures are indicative)\n',
  );
  for (const kind of KINDS) {
    const r = await bookingThroughput(kind);
    console.log(
      `booking, ${kind}: ${r.requests} requests in ${BOOKING_S} s by 32 clients = ${r.perSecond.toFixed(0)} requests/s; latency p50 ${ms(r.p50)}, p99 ${ms(r.p99)}; outcomes ${JSON.stringify(r.outcomes)}`,
    );
  }
  const b = await boundaryError();
  console.log(
    `slot boundaries (BullMQ, 1 s slots, 4 benches): ${b.boundaries} boundaries; error p50 ${ms(b.p50)}, |error| p99 ${ms(b.p99)}, max ${ms(b.max)}`,
  );
  const o = await handover();
  const fmt = (values: number[]) =>
    values.length
      ? `median ${ms(percentile(values, 0.5))}, max ${ms(Math.max(...values))}`
      : 'none measured';
  console.log(
    `bench handover (real agent, virtual RC board, back-to-back 5 s slots): ${o.served}/${o.expected} handovers; end of slot -> next session running on the agent: ${fmt(o.handovers)}; of which self-test: ${fmt(o.selfTests)}`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
