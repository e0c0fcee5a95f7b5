import { describe, expect, it } from 'vitest';
import { benchCondition } from './bench-condition.ts';

const flag = (reason: string, since: number) => ({ reason, since });

describe('benchCondition', () => {
  it('is online when up, free and unflagged', () => {
    expect(benchCondition({ status: 'online', lastSeen: 5 })).toEqual({ condition: 'online' });
  });

  it('is in session, since the session started, while one runs', () => {
    expect(benchCondition({ status: 'online', sessionSince: 42 })).toEqual({
      condition: 'in-session',
      since: 42,
    });
  });

  it('is offline with the detail and the last time it was heard of', () => {
    expect(
      benchCondition({ status: 'offline', detail: 'serial port closed', lastSeen: 7 }),
    ).toEqual({ condition: 'offline', reason: 'serial port closed', since: 7 });
  });

  it('shows a quarantine over online, with its reason and since when', () => {
    const view = benchCondition({ status: 'online', quarantine: flag('self-test failed', 9) });
    expect(view).toEqual({ condition: 'quarantined', reason: 'self-test failed', since: 9 });
  });

  it('ranks unsafe over quarantine over maintenance over offline over a session', () => {
    const all = {
      status: 'offline' as const,
      sessionSince: 1,
      maintenance: flag('m', 2),
      quarantine: flag('q', 3),
      unsafe: flag('u', 4),
    };
    expect(benchCondition(all).condition).toBe('unsafe');
    expect(benchCondition({ ...all, unsafe: null }).condition).toBe('quarantined');
    expect(benchCondition({ ...all, unsafe: null, quarantine: null }).condition).toBe(
      'maintenance',
    );
    expect(
      benchCondition({ ...all, unsafe: null, quarantine: null, maintenance: null }).condition,
    ).toBe('offline');
  });
});
