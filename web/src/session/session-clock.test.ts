import { describe, expect, it } from 'vitest';
import { clockPhase, sessionEndsAt } from './session-clock.ts';

describe('session clock', () => {
  it('warns at five minutes, then at one, then is over', () => {
    expect(clockPhase(10 * 60_000)).toBe('running');
    expect(clockPhase(5 * 60_000)).toBe('warning');
    expect(clockPhase(60_000)).toBe('final');
    expect(clockPhase(1)).toBe('final');
    expect(clockPhase(0)).toBe('over');
  });

  it('takes the scheduler push first, then the booking, then the slot length', () => {
    expect(sessionEndsAt({ pushedEndsAt: 9, bookingEnd: 8, startedAt: 0, slotMinutes: 1 })).toBe(9);
    expect(sessionEndsAt({ bookingEnd: 8, startedAt: 0, slotMinutes: 1 })).toBe(8);
    expect(sessionEndsAt({ startedAt: 1000, slotMinutes: 30 })).toBe(1000 + 30 * 60_000);
    expect(sessionEndsAt({ startedAt: 1000 })).toBeNull();
  });
});
