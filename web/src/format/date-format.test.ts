import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  formatDate,
  isoDateIn,
  mondayOf,
  safeTimeZone,
  splitLocal,
} from './date-format.ts';

// 2025-03-30 01:30 UTC: 02:30 in Algiers (UTC+1, no DST), 03:30 in Paris (DST began at 01:00 UTC).
const INSTANT = Date.UTC(2025, 2, 30, 1, 30);

describe('dates in the user time zone', () => {
  it('shows the wall clock of the profile zone, not the browser one', () => {
    expect(formatDate('en-GB', 'Africa/Algiers', INSTANT, 'time')).toBe('02:30');
    expect(formatDate('en-GB', 'Europe/Paris', INSTANT, 'time')).toBe('03:30');
  });

  it('follows the language', () => {
    expect(formatDate('fr', 'UTC', INSTANT, 'dayMonth')).toBe('30 mars 2025');
    expect(formatDate('ar', 'UTC', INSTANT, 'dayMonth')).toBe(
      new Intl.DateTimeFormat('ar', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(INSTANT),
    );
    expect(formatDate('en', 'UTC', Number.NaN)).toBe('—');
  });

  it('finds the date of an instant in a zone', () => {
    expect(isoDateIn('UTC', Date.UTC(2025, 0, 5, 23, 30))).toBe('2025-01-05');
    expect(isoDateIn('Asia/Amman', Date.UTC(2025, 0, 5, 23, 30))).toBe('2025-01-06');
  });

  it('finds the Monday of a week and moves by weeks', () => {
    expect(mondayOf('2025-03-30')).toBe('2025-03-24'); // a Sunday
    expect(mondayOf('2025-03-24')).toBe('2025-03-24');
    expect(mondayOf('2025-03-24', 1)).toBe('2025-03-31');
    expect(mondayOf('2025-01-01', -1)).toBe('2024-12-23');
  });

  it('reads the wall clock of a local timestamp as the server sends it', () => {
    expect(splitLocal('2025-03-30T03:00+02:00')).toEqual({ date: '2025-03-30', minutes: 180 });
    expect(splitLocal('nonsense')).toEqual({ date: '', minutes: 0 });
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(safeTimeZone('Africa/Tunis')).toBe('Africa/Tunis');
  });

  it('counts down in the language digits', () => {
    expect(formatCountdown('en', 65_000)).toBe('01:05');
    expect(formatCountdown('en', 3_600_000 + 1000)).toBe('1:00:01');
    expect(formatCountdown('en', -5)).toBe('00:00');
    expect(formatCountdown('ar-EG', 65_000)).toBe('٠١:٠٥');
  });
});
