import { describe, expect, it } from 'vitest';
import { waitMinutes } from './walk-in-queue.tsx';

describe('waitMinutes', () => {
  it('rounds up and never says zero while waiting', () => {
    expect(waitMinutes(null)).toBeNull();
    expect(waitMinutes(0)).toBe(1);
    expect(waitMinutes(61_000)).toBe(2);
    expect(waitMinutes(30 * 60_000)).toBe(30);
  });
});
