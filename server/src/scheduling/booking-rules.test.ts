import { describe, expect, it } from 'vitest';
import type { ProtocolError } from '@remotelab/protocol';
import { checkBookable, checkCancellable, checkQuota, quotaWeekOf } from './booking-rules.ts';
import type { LabSchedule } from './scheduling-types.ts';

const H = 3_600_000;
const lab: LabSchedule = {
  slotMs: H,
  quotaPerWeek: 2,
  horizonMs: 7 * 24 * H,
  cancelDeadlineMs: 2 * H,
  minSessionMs: 15 * 60_000,
  offerMs: 60_000,
  graceMs: 120_000,
};
const now = Date.parse('2025-06-11T10:20:00Z');
const codeOf = (run: () => void) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as ProtocolError).code;
  }
};

describe('booking rules', () => {
  it('accepts a future slot start inside the horizon', () => {
    expect(
      codeOf(() => checkBookable(Date.parse('2025-06-11T11:00:00Z'), now, lab, 'Africa/Tunis')),
    ).toBe('ok');
  });
  it.each([
    ['an unaligned start', Date.parse('2025-06-11T11:30:00Z'), 'BAD_REQUEST'],
    ['the running slot', Date.parse('2025-06-11T10:00:00Z'), 'BOOKING_CLOSED'],
    ['a slot beyond the horizon', Date.parse('2025-06-18T11:00:00Z'), 'BOOKING_CLOSED'],
  ])('refuses %s', (_what, start, code) => {
    expect(codeOf(() => checkBookable(start, now, lab, 'Africa/Tunis'))).toBe(code);
  });

  it("refuses once the weekly quota is used, counting in the student's own week", () => {
    // Sunday 22:30 UTC is already Monday in Amman: a new week there, the old one in Casablanca.
    const slot = Date.parse('2025-06-15T22:00:00Z');
    expect(quotaWeekOf(slot, 'Asia/Amman').monday).toBe('2025-06-16');
    expect(quotaWeekOf(slot, 'Africa/Casablanca').monday).toBe('2025-06-09');
    expect(codeOf(() => checkQuota(1, lab, quotaWeekOf(slot, 'Asia/Amman')))).toBe('ok');
    expect(codeOf(() => checkQuota(2, lab, quotaWeekOf(slot, 'Asia/Amman')))).toBe(
      'QUOTA_EXCEEDED',
    );
  });

  it('allows cancelling up to the deadline, not after', () => {
    const slot = {
      start: Date.parse('2025-06-11T13:00:00Z'),
      end: Date.parse('2025-06-11T14:00:00Z'),
    };
    expect(codeOf(() => checkCancellable(slot, slot.start - 2 * H, lab))).toBe('ok');
    expect(codeOf(() => checkCancellable(slot, slot.start - 2 * H + 1, lab))).toBe(
      'BOOKING_CLOSED',
    );
  });
});
