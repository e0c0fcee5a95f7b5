import { describe, expect, it } from 'vitest';
import {
  formatLocal,
  instantOfWall,
  localWeekOf,
  localWeekStarting,
  offsetAt,
  wallTimeOf,
} from './zoned-time.ts';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe('zoned time with Intl only', () => {
  it.each([
    ['Africa/Algiers', '2025-07-01T12:00:00Z', 1],
    ['Africa/Tunis', '2025-07-01T12:00:00Z', 1],
    ['Asia/Amman', '2025-01-15T12:00:00Z', 3],
    ['Asia/Amman', '2025-07-01T12:00:00Z', 3],
    ['Africa/Casablanca', '2025-01-15T12:00:00Z', 1],
    // Morocco sets its clocks back to UTC+0 during Ramadan (2025: 23 February to 6 April).
    ['Africa/Casablanca', '2025-03-10T12:00:00Z', 0],
    ['Europe/Paris', '2025-01-15T12:00:00Z', 1],
    ['Europe/Paris', '2025-07-01T12:00:00Z', 2],
  ])('%s at %s is UTC%+d', (zone, iso, hours) => {
    expect(offsetAt(zone, utc(iso))).toBe(hours * H);
  });

  it('reads wall time and ISO weekday', () => {
    expect(wallTimeOf('Asia/Amman', utc('2025-03-30T22:30:00Z'))).toEqual({
      year: 2025,
      month: 3,
      day: 31,
      hour: 1,
      minute: 30,
      second: 0,
      weekday: 1,
    });
  });

  it('moves a wall time that does not exist (Paris, 30 March 02:30) forward by the gap', () => {
    expect(
      instantOfWall('Europe/Paris', { year: 2025, month: 3, day: 30, hour: 2, minute: 30 }),
    ).toBe(utc('2025-03-30T01:30:00Z'));
  });

  it('maps an ambiguous wall time (Paris, 26 October 02:30) to its first occurrence', () => {
    expect(
      instantOfWall('Europe/Paris', { year: 2025, month: 10, day: 26, hour: 2, minute: 30 }),
    ).toBe(utc('2025-10-26T00:30:00Z'));
  });

  it('gives Paris a 167-hour week in March and a 169-hour week in October', () => {
    const march = localWeekOf('Europe/Paris', utc('2025-03-27T10:00:00Z'));
    expect(march).toEqual({
      start: utc('2025-03-23T23:00:00Z'),
      end: utc('2025-03-30T22:00:00Z'),
      monday: '2025-03-24',
    });
    expect((march.end - march.start) / H).toBe(167);
    const october = localWeekStarting('Europe/Paris', '2025-10-20');
    expect((october.end - october.start) / H).toBe(169);
  });

  it('gives Casablanca a 169-hour week when Ramadan time starts and 167 when it ends', () => {
    expect(
      (localWeekStarting('Africa/Casablanca', '2025-02-17').end -
        localWeekStarting('Africa/Casablanca', '2025-02-17').start) /
        H,
    ).toBe(169);
    const april = localWeekStarting('Africa/Casablanca', '2025-03-31');
    expect((april.end - april.start) / H).toBe(167);
  });

  it("starts the week at each zone's own midnight", () => {
    const instant = utc('2025-06-11T12:00:00Z');
    expect(localWeekOf('Asia/Amman', instant).start).toBe(utc('2025-06-08T21:00:00Z'));
    expect(localWeekOf('Africa/Algiers', instant).start).toBe(utc('2025-06-08T23:00:00Z'));
    expect(localWeekOf('Africa/Tunis', instant).start).toBe(utc('2025-06-08T23:00:00Z'));
  });

  it('puts Sunday 23:30 UTC in the next week for Amman but not for Algiers', () => {
    const sundayNight = utc('2025-06-15T23:30:00Z');
    expect(localWeekOf('Asia/Amman', sundayNight).monday).toBe('2025-06-16');
    expect(localWeekOf('Africa/Algiers', sundayNight).monday).toBe('2025-06-16');
    expect(localWeekOf('Africa/Casablanca', utc('2025-06-15T22:30:00Z')).monday).toBe('2025-06-09');
  });

  it('formats with the offset in force', () => {
    expect(formatLocal('Europe/Paris', utc('2025-03-30T01:00:00Z'))).toBe('2025-03-30T03:00+02:00');
    expect(formatLocal('Africa/Casablanca', utc('2025-03-10T09:00:00Z'))).toBe(
      '2025-03-10T09:00+00:00',
    );
  });
});
