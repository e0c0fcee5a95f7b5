import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.ts';

describe('formatDuration', () => {
  it('picks the unit and follows the language', () => {
    expect(formatDuration('en', 40_000)).toBe('40 sec');
    expect(formatDuration('en', 12 * 60_000)).toBe('12 min');
    expect(formatDuration('en', 65 * 60_000)).toBe('1 hr 5 min');
    expect(formatDuration('fr', 12 * 60_000)).toBe('12\u00a0min');
    expect(formatDuration('ar', 12 * 60_000)).toBe(
      new Intl.NumberFormat('ar', { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(
        12,
      ),
    );
  });
});
