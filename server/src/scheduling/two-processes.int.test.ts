import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchedulerEvent } from './scheduler-events.ts';
import type { SchedulerRuntime } from './scheduler-runtime.ts';
import { startPrivateRedis } from './testing/private-redis.ts';
import { startSchedulerHarness, type SchedulerHarness } from './testing/scheduler-harness.ts';

/**
 * Two server processes (this one and a child) share Redis and the database: every booking's
 * session starts and ends exactly once, and every job runs once, whichever process takes it.
 */
const SLOT_MS = 2_000;
const KINDS = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',') as Array<
  'sqlite' | 'postgres'
>;
const CHILD = fileURLToPath(new URL('./testing/runtime-child.ts', import.meta.url));
const BENCHES = ['rc-filter-1', 'rc-filter-2', 'rc-filter-3'];

describe.each(KINDS)('two server processes on %s', (kind) => {
  let h: SchedulerHarness;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let runtime: SchedulerRuntime;
  let child: ChildProcess;
  const steps: Array<{ pid: number; step: string; what: string }> = [];
  const events: SchedulerEvent[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    h = await startSchedulerHarness(kind);
    for (const id of BENCHES) h.setBench(id);
    const prefix = `two-${kind}`;
    runtime = await h.runtime(redis.url, prefix, {
      onStepDone: (step, what) => steps.push({ pid: process.pid, step, what }),
    });
    runtime.events.on((event) => events.push(event));
    child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@remotelab/source', CHILD], {
      env: {
        ...process.env,
        DATABASE_URL: h.url,
        REDIS_URL: redis.url,
        PREFIX: prefix,
        BENCHES: BENCHES.join(','),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = JSON.parse(buffer.slice(0, nl)) as {
            pid: number;
            step?: string;
            what?: string;
            ready?: boolean;
          };
          buffer = buffer.slice(nl + 1);
          if (line.ready) resolve();
          if (line.step) steps.push({ pid: line.pid, step: line.step, what: line.what ?? '' });
        }
      });
    });
    await ready;
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await runtime?.close();
    await redis?.stop();
    await h?.stop();
  });

  it('starts and ends each session once, and runs each job once', { timeout: 60_000 }, async () => {
    const labId = await h.addLab({
      slotMs: SLOT_MS,
      quotaPerWeek: 100,
      cancelDeadlineMinutes: 0,
      minSessionMs: SLOT_MS,
    });
    const students = await h.addStudents(12);
    const first = Math.ceil((Date.now() + 2_000) / SLOT_MS) * SLOT_MS;
    const bookings = await Promise.all(
      students.map((s, i) =>
        runtime.scheduler.bookings.book(s, labId, first + Math.floor(i / 3) * SLOT_MS),
      ),
    );
    const ids = bookings.map((b) => b.id);
    await expect
      .poll(
        async () =>
          (
            await h.db.selectFrom('bookings').select('status').where('id', 'in', ids).execute()
          ).filter((r) => r.status === 'ended').length,
        { timeout: 30_000, interval: 100 },
      )
      .toBe(12);
    const rows = await h.db
      .selectFrom('bookings')
      .select(['id', 'session_id', 'reason'])
      .where('id', 'in', ids)
      .execute();
    expect(rows.every((r) => r.session_id && r.reason === 'ended')).toBe(true);
    const sessions = await h.db
      .selectFrom('sessions')
      .select(['id', 'bench_id'])
      .where(
        'id',
        'in',
        rows.map((r) => r.session_id!),
      )
      .execute();
    expect(sessions).toHaveLength(12);

    // Events reach every process over Redis; each booking must be started and ended exactly once.
    const count = (type: string) => (id: string) =>
      events.filter((e) => e.type === type && 'bookingId' in e && e.bookingId === id).length;
    await expect
      .poll(() => ids.map(count('session-ended')).reduce((a, b) => a + b, 0), {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(12);
    expect(ids.map(count('session-started'))).toEqual(ids.map(() => 1));
    expect(ids.map(count('session-ended'))).toEqual(ids.map(() => 1));
    // A step is reported once its job completes, after its SQL change: wait for the reports too.
    const ours = () => steps.filter((s) => ids.some((id) => s.step.includes(id)));
    await expect
      .poll(() => ours().filter((s) => s.step.endsWith(':end')).length, {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(12);
    const mine = ours();
    const perJob = new Map<string, number>();
    for (const s of mine) perJob.set(s.step, (perJob.get(s.step) ?? 0) + 1);
    expect([...perJob.values()].every((n) => n === 1)).toBe(true);
    // Start jobs did every start; an end is done by its job or, at a back-to-back boundary, by the
    // next start (whichever runs first): either way once, as the events show.
    expect(mine.filter((s) => s.what === 'started')).toHaveLength(12);
    const byProcess = new Map<number, number>();
    for (const s of mine) byProcess.set(s.pid, (byProcess.get(s.pid) ?? 0) + 1);
    console.log(
      `${kind}: ${mine.length} jobs, by process ${JSON.stringify(Object.fromEntries(byProcess))}`,
    );
  });
});
