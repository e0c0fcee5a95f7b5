import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { startStorageFixture, type StorageFixture } from '../support/storage-fixture.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MONDAY_EPOCH_OFFSET = 4 * DAY; // 1970-01-01 was a Thursday: Mondays are 4 days later mod 7.

/** The first Monday 00:00 UTC at least an hour from now (cancellable slots all week long). */
function nextUtcMonday(now = Date.now()): number {
  const week = 7 * DAY;
  const from = now + HOUR;
  return Math.ceil((from - MONDAY_EPOCH_OFFSET) / week) * week + MONDAY_EPOCH_OFFSET;
}

interface ApiError {
  error: { code: string; message: string };
}

/**
 * Issue 9, item 9: the quota week is the course's (UTC unless the course sets a zone), so a student
 * who changes their profile's zone cannot book more than the quota in one week; booking when the
 * pool's only bench is quarantined says QUARANTINED, not SLOT_FULL.
 */
describe.each(DATABASE_KINDS)('quota weeks and quarantine on %s', (kind) => {
  let f: StorageFixture;
  beforeAll(async () => {
    f = await startStorageFixture(kind);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it("counts the quota in the course's week whatever zone the student's profile says", async () => {
    const student = f.users.student.client;
    const book = (slotStart: number) =>
      student.call<{ id: string } & Partial<ApiError>>('POST', `/api/labs/${f.lab.id}/bookings`, {
        slotStart,
      });
    expect((await student.call('PATCH', '/api/auth/me', { timezone: 'UTC' })).status).toBe(200);
    const monday = nextUtcMonday();
    const wednesday = monday + 2 * DAY + 10 * HOUR;
    const booked = [];
    for (let i = 0; i < 3; i++) {
      const answer = await book(wednesday + i * 20 * 60_000);
      expect(answer.status).toBe(201);
      booked.push(answer.body.id);
    }
    // Sunday 20:00 UTC is Monday 10:00 in Kiritimati (UTC+14): next week in that zone, the same
    // week for the course.
    expect(
      (await student.call('PATCH', '/api/auth/me', { timezone: 'Pacific/Kiritimati' })).status,
    ).toBe(200);
    const sunday = monday + 6 * DAY + 20 * HOUR;
    const refused = await book(sunday);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'QUOTA_EXCEEDED' } });
    // The refusal was the quota: with one booking of that week cancelled, the slot is taken.
    expect((await student.call('POST', `/api/bookings/${booked[0]}/cancel`)).status).toBe(200);
    expect((await book(sunday)).status).toBe(201);
  });

  it('lets a course fix its own zone, checked as an IANA name', async () => {
    const instructor = f.users.instructor.client;
    const made = await instructor.call<{ timeZone: string }>('POST', '/api/courses', {
      code: f.unique('TZ').slice(0, 30),
      title: 'Circuits in Algiers',
      timeZone: 'Africa/Algiers',
    });
    expect(made.status).toBe(201);
    expect(made.body.timeZone).toBe('Africa/Algiers');
    const bad = await instructor.call('POST', '/api/courses', {
      code: f.unique('TZ').slice(0, 30),
      title: 'Nowhere',
      timeZone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    const main = await instructor.call<{ timeZone: string }>(
      'GET',
      `/api/courses/${f.mainCourse.id}`,
    );
    expect(main.body.timeZone).toBe('UTC');
  });

  it('says QUARANTINED, not SLOT_FULL, when the only bench of the pool is quarantined', async () => {
    const tech = f.users.technician.client;
    expect(
      (
        await tech.call('PUT', `/api/benches/${f.benchId}/quarantine`, {
          reason: 'A0 stuck at 5 V',
        })
      ).status,
    ).toBe(200);
    const slot = nextUtcMonday() + DAY + 9 * HOUR;
    // The admin books (the student's quota for that week is used by the test above).
    const answer = await f.users.admin.client.call<ApiError>(
      'POST',
      `/api/labs/${f.lab.id}/bookings`,
      { slotStart: slot },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('QUARANTINED');
    await tech.call('DELETE', `/api/benches/${f.benchId}/quarantine`);
    const again = await f.users.admin.client.call('POST', `/api/labs/${f.lab.id}/bookings`, {
      slotStart: slot,
    });
    expect(again.status).toBe(201);
  });
});
