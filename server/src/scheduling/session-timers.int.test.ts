import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { jobId } from './booking-jobs.ts';
import type { SchedulerEvent } from './scheduler-events.ts';
import type { SchedulerRuntime } from './scheduler-runtime.ts';
import { startPrivateRedis } from './testing/private-redis.ts';
import { startSchedulerHarness, type SchedulerHarness } from './testing/scheduler-harness.ts';

/**
 * The session lifecycle on real BullMQ timers, a private redis-server and SQLite, over 2-second
 * slots (a test-only lab setting). Boundaries are measured, not assumed; waits are on events.
 */
const SLOT_MS = 2_000;
const TOLERANCE_MS = 250;

describe('session timers on BullMQ', () => {
  let h: SchedulerHarness;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let admin: Redis;
  let labId: string;
  const prefix = 'timers-test';
  const seen: Array<SchedulerEvent & { at: number }> = [];
  let runtime: SchedulerRuntime;

  const track = (r: SchedulerRuntime) =>
    r.events.on((event) => seen.push({ ...event, at: Date.now() }));
  const eventFor = (type: SchedulerEvent['type'], bookingId: string) =>
    seen.filter((e) => e.type === type && 'bookingId' in e && e.bookingId === bookingId);
  /** The next slot starting at least `leadMs` from now. */
  const slotAhead = (leadMs: number) => Math.ceil((Date.now() + leadMs) / SLOT_MS) * SLOT_MS;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    admin.on('error', () => undefined);
    h = await startSchedulerHarness('sqlite');
    h.setBench('rc-filter-1');
    labId = await h.addLab({
      slotMs: SLOT_MS,
      quotaPerWeek: 100,
      cancelDeadlineMinutes: 0,
      minSessionMs: SLOT_MS,
    });
    runtime = await h.runtime(redis.url, prefix);
    track(runtime);
  });
  afterAll(async () => {
    await runtime?.close();
    admin?.disconnect();
    await redis?.stop();
    await h?.stop();
  });

  it('starts and ends back-to-back sessions within 250 ms of their slot boundaries', async () => {
    const [a, b] = await h.addStudents(2);
    const first = slotAhead(1_000);
    const one = await runtime.scheduler.bookings.book(a!, labId, first);
    const two = await runtime.scheduler.bookings.book(b!, labId, first + SLOT_MS);
    await expect
      .poll(() => eventFor('session-ended', two.id).length, { timeout: 10_000, interval: 50 })
      .toBe(1);
    const errors = [
      eventFor('session-started', one.id)[0]!.at - first,
      eventFor('session-ended', one.id)[0]!.at - (first + SLOT_MS),
      eventFor('session-started', two.id)[0]!.at - (first + SLOT_MS),
      eventFor('session-ended', two.id)[0]!.at - (first + 2 * SLOT_MS),
    ];
    for (const error of errors) expect(Math.abs(error)).toBeLessThanOrEqual(TOLERANCE_MS);
    // The second session started after the first ended, on the same bench.
    expect(eventFor('session-started', two.id)[0]!.at).toBeGreaterThanOrEqual(
      eventFor('session-ended', one.id)[0]!.at,
    );
  });

  it('rebuilds the jobs from SQL within 10 s after FLUSHALL and starts the session once', async () => {
    const [student] = await h.addStudents(1);
    const start = slotAhead(4_000);
    const booking = await runtime.scheduler.bookings.book(student!, labId, start);
    expect(await admin.exists(`${prefix}:scheduler:${jobId(booking.id, 'start')}`)).toBe(1);
    await admin.flushall();
    const flushedAt = Date.now();
    await expect
      .poll(() => admin.exists(`${prefix}:scheduler:${jobId(booking.id, 'start')}`), {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(1);
    expect(Date.now() - flushedAt).toBeLessThan(10_000);
    await expect
      .poll(() => eventFor('session-ended', booking.id).length, { timeout: 15_000, interval: 50 })
      .toBe(1);
    expect(eventFor('session-started', booking.id)).toHaveLength(1);
    expect(Math.abs(eventFor('session-started', booking.id)[0]!.at - start)).toBeLessThanOrEqual(
      TOLERANCE_MS,
    );
  });

  it('keeps running sessions and bookings across a Redis restart, and its worker keeps consuming', async () => {
    const [a, b] = await h.addStudents(2);
    const start = slotAhead(1_500);
    const running = await runtime.scheduler.bookings.book(a!, labId, start);
    await expect
      .poll(() => eventFor('session-started', running.id).length, { timeout: 10_000, interval: 50 })
      .toBe(1);
    await redis.restart();
    // Booked after the restart, on the far side of the outage: it needs a worker that still consumes.
    const later = await runtime.scheduler.bookings.book(b!, labId, slotAhead(3_000));
    await expect
      .poll(() => eventFor('session-ended', running.id).length, { timeout: 15_000, interval: 50 })
      .toBe(1);
    await expect
      .poll(() => eventFor('session-ended', later.id).length, { timeout: 15_000, interval: 50 })
      .toBe(1);
    expect(eventFor('session-started', later.id)).toHaveLength(1);
    expect(
      Math.abs(eventFor('session-started', later.id)[0]!.at - later.start),
    ).toBeLessThanOrEqual(TOLERANCE_MS);
  });

  it('resumes after a server restart: the booking made before starts once, the running session ends', async () => {
    const [a, b] = await h.addStudents(2);
    const first = slotAhead(1_500);
    const running = await runtime.scheduler.bookings.book(a!, labId, first);
    const pending = await runtime.scheduler.bookings.book(b!, labId, first + 2 * SLOT_MS);
    await expect
      .poll(() => eventFor('session-started', running.id).length, { timeout: 10_000, interval: 50 })
      .toBe(1);
    await runtime.close();
    await admin.flushall(); // the worst case: the restart also lost Redis
    runtime = await h.runtime(redis.url, prefix);
    track(runtime);
    await expect
      .poll(() => eventFor('session-ended', pending.id).length, { timeout: 15_000, interval: 50 })
      .toBe(1);
    const rows = await h.db
      .selectFrom('bookings')
      .select(['id', 'status', 'session_id'])
      .where('id', 'in', [running.id, pending.id])
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['ended', 'ended']);
    const sessions = await h.db
      .selectFrom('sessions')
      .select('id')
      .where(
        'id',
        'in',
        rows.map((r) => r.session_id!),
      )
      .execute();
    expect(sessions).toHaveLength(2);
    expect(eventFor('session-started', pending.id)).toHaveLength(1);
  });
});
