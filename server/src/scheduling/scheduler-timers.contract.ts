import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BookingRow } from './booking-store.ts';
import { jobId, type JobName } from './booking-jobs.ts';
import type { SchedulerTimers } from './scheduler-context.ts';

/** A step that came due and ran (or failed), as the step runner saw it. */
export interface RanStep {
  name: JobName;
  bookingId: string;
  /** The timers' clock when the step ran. */
  ranAt: number;
  failed: boolean;
}

/** Timers under test, with what the contract observes of them. */
export interface TimersUnderTest {
  timers: SchedulerTimers;
  /** The timers' clock (a fake one, or the wall clock). */
  now(): number;
  /** Makes due steps fail for good (no retry) while `failing` is true; they complete otherwise. */
  failSteps(failing: boolean): void;
  /**
   * Runs due steps, as they come due, until `count` more have run; returns them in the order they
   * ran. Steps run only in here (a worker is running, or the fake clock moves), so what a test
   * reads between two calls cannot race a step. Rejects when fewer will ever come due (a fake
   * clock) or after a timeout (a real one).
   */
  runSteps(count: number): Promise<RanStep[]>;
  /** The steps set and not yet run (delayed or due), by job id, with the time each is for, any order. */
  pending(): Promise<Array<{ id: string; at: number }>>;
  /** The pools whose matcher `poke` reached, in order. */
  pokes: string[];
  close(): Promise<void>;
}

export interface SchedulerTimersHarness {
  /** Timers with nothing set, isolated from those of other calls. */
  create(): Promise<TimersUnderTest>;
  /** How far ahead to set steps a test waits for: short on a real clock, anything on a fake one. */
  soonMs: number;
  /** How late a step may run on this clock (0 on a fake one: it runs at its time exactly). */
  latenessMs: number;
}

const HOUR = 3_600_000;

/** A booking row as SQL holds it; `over` sets what the rule is about. */
function row(
  over: Partial<BookingRow> & Pick<BookingRow, 'status' | 'start_at' | 'end_at'>,
): BookingRow {
  return {
    id: randomUUID(),
    lab_id: randomUUID(),
    user_id: randomUUID(),
    pool: 'rc-filter',
    kind: 'slot',
    bench_id: 'rc-filter-1',
    session_id: null,
    paused_at: null,
    credited_ms: 0,
    warned: 0,
    expires_at: null,
    reason: null,
    created_at: over.start_at - HOUR,
    updated_at: over.start_at - HOUR,
    ...over,
  };
}

const byId = (jobs: Array<{ id: string; at: number }>) =>
  [...jobs].sort((a, b) => a.id.localeCompare(b.id));

/**
 * The SchedulerTimers contract (see scheduler-context.ts), one numbered rule per test, run against
 * every implementation: BullmqTimers on a real Redis with a BullMQ worker running the steps, and
 * VirtualTimers on a fake clock. Steps a test waits for are set `soonMs` ahead; the others an
 * hour or more ahead, where they cannot come due while the test runs.
 */
export function schedulerTimersContract(name: string, h: SchedulerTimersHarness): void {
  describe(`SchedulerTimers contract: ${name}`, () => {
    const opened: TimersUnderTest[] = [];
    const open = async () => {
      const t = await h.create();
      opened.push(t);
      return t;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((t) => t.close()));
    });
    const pending = async (t: TimersUnderTest) => byId(await t.pending());
    /**
     * Runs the next step and checks it is `step` of `booking`, successful, not before `at`, and
     * on time: at most `latenessMs` after `at`, or after the call when `at` had already passed.
     */
    const expectRuns = async (
      t: TimersUnderTest,
      booking: BookingRow,
      step: JobName,
      at: number,
    ) => {
      const asked = t.now();
      const ran = await t.runSteps(1);
      expect(ran).toHaveLength(1);
      expect(ran[0]).toMatchObject({ name: step, bookingId: booking.id, failed: false });
      expect(ran[0]!.ranAt).toBeGreaterThanOrEqual(at);
      expect(ran[0]!.ranAt - Math.max(at, asked)).toBeLessThanOrEqual(h.latenessMs);
    };

    it('1. sync sets the steps the row wants, each for its time, and a due step runs then', async () => {
      const t = await open();
      const now = t.now();
      const booked = row({ status: 'booked', start_at: now + h.soonMs, end_at: now + HOUR });
      const active = row({ status: 'active', start_at: now - HOUR, end_at: now + 2 * HOUR });
      const offered = row({
        status: 'offered',
        start_at: now,
        end_at: now + HOUR,
        expires_at: now + HOUR,
      });
      for (const booking of [booked, active, offered]) await t.timers.sync(booking);
      expect(await pending(t)).toEqual(
        byId([
          { id: jobId(booked.id, 'start'), at: booked.start_at },
          { id: jobId(active.id, 'warn-2m'), at: active.end_at - 120_000 },
          { id: jobId(active.id, 'warn-30s'), at: active.end_at - 30_000 },
          { id: jobId(active.id, 'end'), at: active.end_at },
          { id: jobId(offered.id, 'offer-expiry'), at: offered.expires_at! },
        ]),
      );
      await expectRuns(t, booked, 'start', booked.start_at);
      expect((await pending(t)).map((j) => j.id)).not.toContain(jobId(booked.id, 'start'));
    });

    it('2. sync again with the same row changes nothing: one job per id, run once', async () => {
      const t = await open();
      const now = t.now();
      const booked = row({ status: 'booked', start_at: now + h.soonMs, end_at: now + HOUR });
      await t.timers.sync(booked);
      const before = await pending(t);
      // Two processes syncing at once, then once more.
      await Promise.all([t.timers.sync(booked), t.timers.sync(booked)]);
      await t.timers.sync(booked);
      expect(await pending(t)).toEqual(before);
      await expectRuns(t, booked, 'start', booked.start_at);
      expect(await pending(t)).toEqual([]);
    });

    it('3. a moved end moves its steps; steps no longer wanted go', async () => {
      const t = await open();
      const now = t.now();
      const active = row({ status: 'active', start_at: now - HOUR, end_at: now + HOUR });
      await t.timers.sync(active);
      const extended = { ...active, end_at: active.end_at + 10 * 60_000 };
      await t.timers.sync(extended);
      expect(await pending(t)).toEqual(
        byId([
          { id: jobId(active.id, 'warn-2m'), at: extended.end_at - 120_000 },
          { id: jobId(active.id, 'warn-30s'), at: extended.end_at - 30_000 },
          { id: jobId(active.id, 'end'), at: extended.end_at },
        ]),
      );
      // Ended early by the teacher, both warnings already sent: only the end is left, sooner.
      const cut = { ...extended, end_at: t.now() + h.soonMs, warned: 3 };
      await t.timers.sync(cut);
      expect(await pending(t)).toEqual([{ id: jobId(active.id, 'end'), at: cut.end_at }]);
      await expectRuns(t, cut, 'end', cut.end_at);
    });

    it("4. a cancelled or ended booking's steps are removed; other bookings' are left", async () => {
      const t = await open();
      const now = t.now();
      const kept = row({ status: 'booked', start_at: now + HOUR, end_at: now + 2 * HOUR });
      const cancelled = row({ status: 'booked', start_at: now + HOUR, end_at: now + 2 * HOUR });
      const ended = row({ status: 'active', start_at: now - HOUR, end_at: now + HOUR });
      for (const booking of [kept, cancelled, ended]) await t.timers.sync(booking);
      await t.timers.sync({ ...cancelled, status: 'cancelled' });
      await t.timers.sync({ ...ended, status: 'ended' });
      expect(await pending(t)).toEqual([{ id: jobId(kept.id, 'start'), at: kept.start_at }]);
    });

    it('5. a step that completed for the same time is not set again (SQL had not caught up)', async () => {
      const t = await open();
      const now = t.now();
      const booked = row({ status: 'booked', start_at: now + h.soonMs, end_at: now + HOUR });
      await t.timers.sync(booked);
      await expectRuns(t, booked, 'start', booked.start_at);
      await t.timers.sync(booked);
      expect(await pending(t)).toEqual([]);
    });

    it('6. a step that completed for another time is set again for the new one', async () => {
      const t = await open();
      const active = row({
        status: 'active',
        start_at: t.now() - HOUR,
        end_at: t.now() + h.soonMs,
        warned: 3,
      });
      await t.timers.sync(active);
      await expectRuns(t, active, 'end', active.end_at);
      // The end ran before an extension reached it: the new end needs its own run.
      const extended = { ...active, end_at: t.now() + h.soonMs };
      await t.timers.sync(extended);
      expect(await pending(t)).toEqual([{ id: jobId(active.id, 'end'), at: extended.end_at }]);
      await expectRuns(t, extended, 'end', extended.end_at);
    });

    it('7. a step that failed is set again by the next sync, and runs', async () => {
      const t = await open();
      const now = t.now();
      const booked = row({ status: 'booked', start_at: now + h.soonMs, end_at: now + HOUR });
      t.failSteps(true);
      await t.timers.sync(booked);
      const [failed] = await t.runSteps(1);
      expect(failed).toMatchObject({ name: 'start', bookingId: booked.id, failed: true });
      expect(await pending(t)).toEqual([]);
      t.failSteps(false);
      await t.timers.sync(booked);
      expect(await pending(t)).toEqual([{ id: jobId(booked.id, 'start'), at: booked.start_at }]);
      // Its time has passed: it runs at once.
      await expectRuns(t, booked, 'start', booked.start_at);
    });

    it('8. poke reaches the pool matcher (or the note it reads) before it resolves', async () => {
      const t = await open();
      await t.timers.poke('rc-filter');
      await t.timers.poke('scope');
      expect(t.pokes).toEqual(['rc-filter', 'scope']);
    });
  });
}
