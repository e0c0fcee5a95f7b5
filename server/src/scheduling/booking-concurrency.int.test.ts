import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolError } from '@remotelab/protocol';
import { BookingService } from './booking-service.ts';
import { startSchedulerHarness, type SchedulerHarness } from './testing/scheduler-harness.ts';

const H = 3_600_000;
const KINDS = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',') as Array<
  'sqlite' | 'postgres'
>;

describe.each(KINDS)('bookings on %s', (kind) => {
  let h: SchedulerHarness;
  let service: BookingService;
  let labId: string;
  // A fixed "now" on Wednesday 11 June 2025, 10:20 UTC: slots are deterministic.
  const now = Date.parse('2025-06-11T10:20:00Z');
  const slotStart = Date.parse('2025-06-12T09:00:00Z');

  beforeAll(async () => {
    h = await startSchedulerHarness(kind, { now: () => now });
    h.setBench('rc-filter-1');
    h.setBench('rc-filter-2');
    labId = await h.addLab({ quotaPerWeek: 2 });
    service = new BookingService(h.ctx);
  });
  afterAll(() => h?.stop());

  it('gives the last place to exactly one of 1 000 concurrent requests', async () => {
    const [first] = await h.addStudents(1);
    await service.book(first!, labId, slotStart);
    const students = await h.addStudents(1000);
    const results = await Promise.allSettled(
      students.map((s) => service.book(s, labId, slotStart)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const codes = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as ProtocolError).code] : [],
    );
    expect(won).toHaveLength(1);
    expect(new Set(codes)).toEqual(new Set(['SLOT_FULL']));
    const rows = await h.db
      .selectFrom('bookings')
      .select(['bench_id'])
      .where('start_at', '=', slotStart)
      .where('status', '=', 'booked')
      .execute();
    expect(rows.map((r) => r.bench_id).sort()).toEqual(['rc-filter-1', 'rc-filter-2']);
  });

  it('lets one student take exactly their quota with 200 concurrent requests for different slots', async () => {
    // The unique index cannot catch this race: only the pool lock serialises the quota check.
    const [student] = await h.addStudents(1);
    const starts = Array.from(
      { length: 200 },
      (_, i) => Date.parse('2025-06-12T00:00:00Z') + (i % 48) * H,
    );
    const results = await Promise.allSettled(
      starts.map((start) => service.book(student!, labId, start)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const rows = await h.db
      .selectFrom('bookings')
      .select('id')
      .where('user_id', '=', student!.id)
      .execute();
    expect(rows).toHaveLength(2);
  });

  it('refuses a second bench for the same student and enforces the weekly quota', async () => {
    const [student] = await h.addStudents(1);
    await service.book(student!, labId, slotStart + H);
    await expect(service.book(student!, labId, slotStart + H)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await service.book(student!, labId, slotStart + 2 * H);
    await expect(service.book(student!, labId, slotStart + 3 * H)).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
  });

  it('frees the quota and the bench on cancellation, until the deadline', async () => {
    const [student, other] = await h.addStudents(2);
    const booking = await service.book(student!, labId, slotStart + 5 * H);
    await service.book(other!, labId, slotStart + 5 * H);
    const cancelled = await service.cancel(student!, booking.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'cancelled-by-user' });
    const week = await service.weekSlots(student!, labId, { week: '2025-06-09' });
    expect(week.quota).toEqual({ perWeek: 2, used: 0, left: 2 });
    expect(week.slots.find((s) => s.start === slotStart + 5 * H)).toMatchObject({
      capacity: 2,
      free: 1,
      state: 'free',
    });
    // 11:00 is 40 minutes away: inside the 60-minute cancellation deadline.
    const soon = await service.book(student!, labId, Date.parse('2025-06-11T11:00:00Z'));
    await expect(service.cancel(student!, soon.id)).rejects.toMatchObject({
      code: 'BOOKING_CLOSED',
    });
  });

  it("presents the week in the student's zone and leaves out benches out of service", async () => {
    const [student] = await h.addStudents(1, 'Asia/Amman');
    h.setBench('rc-filter-2', { maintenance: true });
    const week = await service.weekSlots(student!, labId, {});
    expect(week.timeZone).toBe('Asia/Amman');
    expect(week.week).toBe('2025-06-09');
    expect(week.slots).toHaveLength(168);
    expect(week.slots[0]).toMatchObject({
      localStart: '2025-06-09T00:00+03:00',
      capacity: 1,
      state: 'closed',
    });
    h.setBench('rc-filter-2', { maintenance: false });
  });
});
