import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolError } from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';
import { Scheduler } from './scheduler.ts';
import { startSchedulerHarness, type SchedulerHarness } from './testing/scheduler-harness.ts';
import { VirtualTimers } from './testing/virtual-timers.ts';

/**
 * A week of 24/7 operation at accelerated time: a fake clock drives the scheduler's core and
 * real SQL (no wall-clock waits, no Redis). Random bookings, cancellations, queue joins (accepted
 * or left to lapse), owners dropping out and back, batch runs, and one bench that fails its
 * self-test on day 3 and comes back on day 5. Seeded, so every run is the same week.
 */
const M = 60_000;
const H = 60 * M;
const DAY = 24 * H;
const T0 = Date.parse('2025-03-24T00:00:00Z'); // the Paris spring-forward week
const BENCHES = ['rc-filter-1', 'rc-filter-2', 'rc-filter-3', 'rc-filter-4'];
const FAILING = 'rc-filter-3';
const EXPECTED_REFUSALS = new Set([
  'SLOT_FULL',
  'QUOTA_EXCEEDED',
  'BOOKING_CLOSED',
  'CONFLICT',
  'RATE_LIMITED',
  'NOT_FOUND',
]);

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a simulated week', () => {
  let h: SchedulerHarness;
  let now = T0;
  const timers = new VirtualTimers();
  let scheduler: Scheduler;

  beforeAll(async () => {
    h = await startSchedulerHarness('sqlite', { now: () => now, timers });
    for (const id of BENCHES) h.setBench(id);
    scheduler = new Scheduler(h.ctx);
  });
  afterAll(() => h?.stop());

  it(
    'keeps one owner per bench, loses no booking, leaves no session stuck',
    { timeout: 120_000 },
    async () => {
      const random = mulberry32(20250324);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const labs = [
        await h.addLab({
          quotaPerWeek: 4,
          horizonDays: 7,
          cancelDeadlineMinutes: 60,
          minSessionMs: 15 * M,
          offerMs: 2 * M,
        }),
        await h.addLab({ quotaPerWeek: 3, horizonDays: 7, minSessionMs: 20 * M, offerMs: 2 * M }),
      ];
      const zones = [
        'Africa/Algiers',
        'Africa/Casablanca',
        'Africa/Tunis',
        'Asia/Amman',
        'Europe/Paris',
      ];
      const students: Actor[] = [];
      for (const zone of zones) students.push(...(await h.addStudents(12, zone)));
      const confirmed = new Set<string>();
      const refusals = new Map<string, number>();
      const actions = new Map<string, number>();
      const count = (map: Map<string, number>, key: string) =>
        map.set(key, (map.get(key) ?? 0) + 1);
      const attempt = async (what: string, run: () => Promise<unknown>) => {
        count(actions, what);
        try {
          return await run();
        } catch (error) {
          const code = (error as ProtocolError).code;
          if (!EXPECTED_REFUSALS.has(code)) throw error;
          count(refusals, code);
          return undefined;
        }
      };
      // Owners who dropped, and when each comes back; offers each student will accept, and when.
      const returns = new Map<string, number>();
      const answers = new Map<string, { user_id: string; lab_id: string; at: number }>();
      const end = T0 + 7 * DAY;
      let nextAction = T0;
      let nextTick = T0;

      while (now < end) {
        const due = Math.min(
          nextAction,
          nextTick,
          timers.nextDue() ?? Infinity,
          ...returns.values(),
          ...[...answers.values()].map((a) => a.at),
        );
        now = Math.max(now, due);
        await timers.runDue(now, (name, id) => scheduler.runStep(name, id));
        for (const pool of timers.pokedPools) await scheduler.match(pool);
        timers.pokedPools.clear();
        // A student offered a bench answers within 1.5x the offer time, three times out of four.
        for (const entry of await h.db
          .selectFrom('queue_entries')
          .select(['id', 'user_id', 'lab_id'])
          .where('status', '=', 'offered')
          .execute()) {
          if (!answers.has(entry.id))
            answers.set(
              entry.id,
              random() < 0.75
                ? { ...entry, at: now + Math.floor(random() * 3 * M) }
                : { ...entry, at: Infinity },
            );
        }
        for (const [entryId, answer] of answers) {
          if (answer.at > now) continue;
          answers.delete(entryId);
          answers.set(entryId, { ...answer, at: Infinity });
          await attempt('accept', () =>
            scheduler.queue.accept({ ...students[0]!, id: answer.user_id }, answer.lab_id),
          );
        }
        for (const [userId, at] of returns) {
          if (at > now) continue;
          returns.delete(userId);
          await scheduler.owners.ownerBack(userId);
        }
        if (now >= nextTick) {
          // The failing bench: quarantined on day 3 (bookings move or are cancelled), back on day 5.
          h.setBench(FAILING, { quarantine: now >= T0 + 3 * DAY && now < T0 + 5 * DAY });
          await scheduler.reconcile();
          nextTick = now + 10 * M;
        }
        if (now < nextAction) continue;
        nextAction = now + Math.floor(random() * 12 * M) + M;
        const student = pick(students);
        const labId = pick(labs);
        const roll = random();
        if (roll < 0.45) {
          const slot = Math.ceil(now / H) * H + Math.floor((random() * 6 * DAY) / H) * H;
          const booking = (await attempt('book', () =>
            scheduler.bookings.book(student, labId, slot),
          )) as { id: string } | undefined;
          if (booking) confirmed.add(booking.id);
        } else if (roll < 0.55) {
          const mine = (await scheduler.bookings.mine(student, now)).filter(
            (b) => b.status === 'booked' && b.kind === 'slot',
          );
          if (mine.length > 0)
            await attempt('cancel', () => scheduler.bookings.cancel(student, pick(mine).id));
        } else if (roll < 0.75) {
          await attempt('join-queue', () => scheduler.queue.join(student, labId));
        } else if (roll < 0.92) {
          const running = await h.db
            .selectFrom('bookings')
            .select('user_id')
            .where('status', '=', 'active')
            .where('kind', '!=', 'batch')
            .execute();
          if (running.length > 0) {
            const owner = pick(running).user_id;
            await scheduler.owners.ownerLeft(owner);
            returns.set(owner, now + Math.floor(random() * 5 * M));
          }
        } else {
          await attempt('batch', () =>
            scheduler.batches.submit(student, labId, {
              output: 'duty',
              from: 0,
              to: 100,
              step: 10,
              dwellMs: 200,
              record: ['vout'],
            }),
          );
        }
      }
      // No more requests: let every booking made run its course, step by step in time.
      for (let next = timers.nextDue(); next !== undefined; next = timers.nextDue()) {
        now = Math.max(now, next);
        await timers.runDue(now, (name, id) => scheduler.runStep(name, id));
        for (const pool of timers.pokedPools) await scheduler.match(pool);
        timers.pokedPools.clear();
      }
      await scheduler.reconcile();

      const rows = await h.db.selectFrom('bookings').selectAll().execute();
      const sessions = await h.db.selectFrom('sessions').selectAll().execute();

      // No double ownership: the intervals each bench was really held never overlap.
      for (const bench of BENCHES) {
        const held = rows
          .filter(
            (r) =>
              r.bench_id === bench &&
              (r.status === 'ended' || r.status === 'active') &&
              r.session_id,
          )
          .sort((a, b) => a.start_at - b.start_at);
        for (let i = 1; i < held.length; i++)
          expect(held[i]!.start_at, `bench ${bench}`).toBeGreaterThanOrEqual(held[i - 1]!.end_at);
        const used = sessions
          .filter((s) => s.bench_id === bench)
          .sort((a, b) => a.started_at - b.started_at);
        for (let i = 1; i < used.length; i++)
          expect(used[i]!.started_at, `sessions on ${bench}`).toBeGreaterThanOrEqual(
            used[i - 1]!.ended_at!,
          );
      }
      // No lost booking: every confirmed booking is in SQL and has an outcome with a reason.
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of confirmed) {
        const row = byId.get(id);
        expect(row, id).toBeDefined();
        expect(['ended', 'cancelled']).toContain(row!.status);
        if (row!.status === 'cancelled')
          expect(['cancelled-by-user', 'bench-withdrawn', 'bench-unavailable']).toContain(
            row!.reason,
          );
        if (row!.reason === 'bench-withdrawn')
          expect(row!.start_at).toBeGreaterThanOrEqual(T0 + 3 * DAY);
      }
      // No stuck session: nothing active, offered or booked in the past; every session closed.
      expect(
        rows.filter(
          (r) => ['active', 'offered', 'booked'].includes(r.status) && r.start_at < now - 2 * H,
        ),
      ).toEqual([]);
      expect(sessions.filter((s) => s.status === 'active')).toEqual([]);
      // The failing bench served nobody while quarantined, beyond the tick that noticed (10 min here).
      const quarantined = { start: T0 + 3 * DAY, end: T0 + 5 * DAY };
      const onFailing = rows.filter(
        (r) =>
          r.bench_id === FAILING &&
          r.session_id &&
          r.start_at < quarantined.end &&
          r.end_at > quarantined.start,
      );
      for (const r of onFailing)
        expect(
          Math.min(r.end_at, quarantined.end) - Math.max(r.start_at, quarantined.start),
        ).toBeLessThanOrEqual(10 * M);

      // Utilisation over the simulated week itself (bookings made late in it run into the next one).
      const utilisation = BENCHES.map((bench) => {
        const used = rows
          .filter((r) => r.bench_id === bench && r.session_id)
          .reduce(
            (sum, r) => sum + Math.max(0, Math.min(r.end_at, end) - Math.max(r.start_at, T0)),
            0,
          );
        return `${bench} ${((100 * used) / (end - T0)).toFixed(1)} %`;
      });
      const kinds = ['slot', 'walk-in', 'batch'].map(
        (k) => `${k} ${rows.filter((r) => r.kind === k && r.session_id).length}`,
      );
      console.log(
        `simulated week: ${confirmed.size} bookings confirmed, ${rows.filter((r) => r.reason === 'bench-withdrawn').length} withdrawn from ${FAILING}, ` +
          `${rows.filter((r) => r.status === 'cancelled' && r.reason === 'bench-withdrawn').length} cancelled, sessions by kind: ${kinds.join(', ')}\n` +
          `  actions ${JSON.stringify(Object.fromEntries(actions))}\n  refusals ${JSON.stringify(Object.fromEntries(refusals))}\n` +
          `  bench utilisation: ${utilisation.join(', ')}`,
      );
      // Owners were warned 2 min and 30 s before the end (the fake clock runs each step at its due time).
      const warnings = h.events.flatMap((e) =>
        e.type === 'session-warning' ? [e.remainingMs] : [],
      );
      expect(warnings.filter((ms) => ms === 120_000).length).toBeGreaterThan(100);
      expect(warnings.filter((ms) => ms === 30_000).length).toBeGreaterThan(100);
      expect(warnings.every((ms) => ms === 120_000 || ms === 30_000)).toBe(true);
      expect(confirmed.size).toBeGreaterThan(50);
      expect(rows.some((r) => r.kind === 'walk-in' && r.session_id)).toBe(true);
      expect(rows.some((r) => r.kind === 'batch' && r.session_id)).toBe(true);
    },
  );
});
