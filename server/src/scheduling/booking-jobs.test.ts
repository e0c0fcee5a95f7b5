import { describe, expect, it } from 'vitest';
import type { BookingRow } from './booking-store.ts';
import { desiredJobs, jobId } from './booking-jobs.ts';

const M = 60_000;
const row = (over: Partial<BookingRow>): BookingRow => ({
  id: '7d0c4c1e-4b0e-4a53-9d59-3b1b8f2f8f11',
  lab_id: 'l',
  user_id: 'u',
  pool: 'rc',
  kind: 'slot',
  bench_id: 'rc-1',
  start_at: 60 * M,
  end_at: 120 * M,
  status: 'booked',
  session_id: null,
  paused_at: null,
  credited_ms: 0,
  warned: 0,
  expires_at: null,
  reason: null,
  created_at: 0,
  updated_at: 0,
  ...over,
});

describe('booking jobs', () => {
  it('names jobs booking:<id>:<step>, three parts as BullMQ requires', () => {
    const id = jobId('7d0c4c1e-4b0e-4a53-9d59-3b1b8f2f8f11', 'warn-30s');
    expect(id).toBe('booking:7d0c4c1e-4b0e-4a53-9d59-3b1b8f2f8f11:warn-30s');
    expect(id.split(':')).toHaveLength(3);
  });

  it('wants a start for a booking, warnings and an end for a running session', () => {
    expect(desiredJobs(row({}))).toEqual([{ name: 'start', at: 60 * M }]);
    expect(desiredJobs(row({ status: 'active' }))).toEqual([
      { name: 'warn-2m', at: 118 * M },
      { name: 'warn-30s', at: 120 * M - 30_000 },
      { name: 'end', at: 120 * M },
    ]);
  });

  it('drops warnings already sent or too early for a short session, and wants nothing once over', () => {
    expect(desiredJobs(row({ status: 'active', warned: 1 })).map((j) => j.name)).toEqual([
      'warn-30s',
      'end',
    ]);
    expect(
      desiredJobs(row({ status: 'active', start_at: 0, end_at: 90_000 })).map((j) => j.name),
    ).toEqual(['warn-30s', 'end']);
    expect(desiredJobs(row({ status: 'ended' }))).toEqual([]);
    expect(desiredJobs(row({ status: 'offered', expires_at: 61 * M }))).toEqual([
      { name: 'offer-expiry', at: 61 * M },
    ]);
  });
});
