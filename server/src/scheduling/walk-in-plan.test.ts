import { describe, expect, it } from 'vitest';
import type { Allocation, BenchAvailability } from './scheduling-types.ts';
import {
  bestWalkInBench,
  estimateWaits,
  queueOrder,
  walkInWindow,
  type QueueEntry,
} from './walk-in-plan.ts';

const M = 60_000;
const lab = { slotMs: 60 * M, minSessionMs: 15 * M };
const bench = (id: string): BenchAvailability => ({
  id,
  online: true,
  maintenance: false,
  quarantine: false,
});
const claim = (id: string, benchId: string, start: number, end: number): Allocation => ({
  id,
  benchId,
  start,
  end,
  kind: 'slot',
});
const entry = (id: string, joinedAt: number, priority = false): QueueEntry => ({
  id,
  userId: `u-${id}`,
  joinedAt,
  priority,
});

describe('walk-in queue', () => {
  it('orders FIFO with owed students first', () => {
    expect(
      queueOrder([entry('a', 1), entry('b', 2, true), entry('c', 0)]).map((e) => e.id),
    ).toEqual(['b', 'c', 'a']);
  });

  it('fills a gap, cutting the session so the next booking is never delayed', () => {
    const allocations = [claim('next', 'rc-1', 40 * M, 100 * M)];
    expect(walkInWindow('rc-1', 10 * M, allocations, lab)).toEqual({ start: 10 * M, end: 40 * M });
  });

  it('leaves a gap shorter than the minimum session empty', () => {
    expect(
      walkInWindow('rc-1', 30 * M, [claim('next', 'rc-1', 44 * M, 100 * M)], lab),
    ).toBeUndefined();
    expect(walkInWindow('rc-1', 30 * M, [claim('next', 'rc-1', 45 * M, 100 * M)], lab)).toEqual({
      start: 30 * M,
      end: 45 * M,
    });
  });

  it('gives nothing on a bench taken now, and the full slot length on an idle one', () => {
    expect(walkInWindow('rc-1', 10 * M, [claim('now', 'rc-1', 0, 20 * M)], lab)).toBeUndefined();
    expect(walkInWindow('rc-1', 10 * M, [], lab)).toEqual({ start: 10 * M, end: 70 * M });
  });

  it('picks the bench with the longest session', () => {
    const allocations = [claim('x', 'rc-1', 30 * M, 60 * M), claim('y', 'rc-2', 50 * M, 60 * M)];
    expect(bestWalkInBench(0, [bench('rc-1'), bench('rc-2')], allocations, lab)?.benchId).toBe(
      'rc-2',
    );
  });

  it('estimates waits in queue order from the gaps ahead', () => {
    // rc-1 busy until 30, then free; rc-2 free for 10 min only (too short), then booked until 120.
    const allocations = [claim('a', 'rc-1', 0, 30 * M), claim('b', 'rc-2', 10 * M, 120 * M)];
    const waits = estimateWaits(
      0,
      [entry('p', 0), entry('q', 1)],
      [bench('rc-1'), bench('rc-2')],
      allocations,
      lab,
    );
    expect(waits.get('p')).toBe(30 * M);
    expect(waits.get('q')).toBe(90 * M);
  });
});
