import { describe, expect, it } from 'vitest';
import { isSlotStart, localSlots, slotsStartingIn } from './slot-calendar.ts';
import { localWeekStarting } from './zoned-time.ts';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe('slot calendar', () => {
  it('aligns slots to the slot length since the epoch', () => {
    expect(isSlotStart(utc('2025-05-05T10:00:00Z'), H)).toBe(true);
    expect(isSlotStart(utc('2025-05-05T10:30:00Z'), 45 * 60_000)).toBe(true);
    expect(isSlotStart(utc('2025-05-05T10:30:00Z'), H)).toBe(false);
    expect(isSlotStart(utc('2025-05-05T10:00:00Z') + 0.5, H)).toBe(false);
  });

  it('lists 167 hourly slots in the Paris week of the spring change, with a wall-clock jump', () => {
    const week = localWeekStarting('Europe/Paris', '2025-03-24');
    const slots = localSlots(slotsStartingIn(week, H), 'Europe/Paris');
    expect(slots).toHaveLength(167);
    expect(slots[0]?.localStart).toBe('2025-03-24T00:00+01:00');
    const sunday = slots
      .filter((s) => s.localStart.startsWith('2025-03-30T0'))
      .map((s) => s.localStart.slice(11));
    expect(sunday.slice(0, 4)).toEqual([
      '00:00+01:00',
      '01:00+01:00',
      '03:00+02:00',
      '04:00+02:00',
    ]);
    expect(slots.at(-1)?.localEnd).toBe('2025-03-31T00:00+02:00');
  });

  it('lists 169 slots in the autumn week, 02:00 appearing twice with distinct UTC ids', () => {
    const slots = localSlots(
      slotsStartingIn(localWeekStarting('Europe/Paris', '2025-10-20'), H),
      'Europe/Paris',
    );
    expect(slots).toHaveLength(169);
    const twos = slots.filter((s) => s.localStart.startsWith('2025-10-26T02:00'));
    expect(twos.map((s) => s.localStart)).toEqual([
      '2025-10-26T02:00+02:00',
      '2025-10-26T02:00+01:00',
    ]);
    expect(new Set(twos.map((s) => s.start)).size).toBe(2);
  });

  it.each(['Africa/Algiers', 'Africa/Tunis', 'Asia/Amman', 'Africa/Casablanca'])(
    'gives %s whole-hour slots on the hour all week',
    (zone) => {
      const slots = localSlots(slotsStartingIn(localWeekStarting(zone, '2025-06-09'), H), zone);
      expect(slots).toHaveLength(168);
      expect(slots.every((s) => s.localStart.slice(14, 16) === '00')).toBe(true);
    },
  );
});
