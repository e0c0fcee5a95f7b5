import { describe, expect, it } from 'vitest';
import { freeBenches, inService, pickBench } from './bench-capacity.ts';
import { planWithdrawal } from './quarantine-plan.ts';
import type { Allocation, BenchAvailability } from './scheduling-types.ts';
import { applyCredit, creditFor } from './time-credit.ts';

const bench = (id: string, over: Partial<BenchAvailability> = {}): BenchAvailability => ({
  id,
  online: true,
  maintenance: false,
  quarantine: false,
  ...over,
});
const claim = (id: string, benchId: string, start: number, end: number): Allocation => ({
  id,
  benchId,
  start,
  end,
  kind: 'slot',
});

describe('capacity', () => {
  const benches = [
    bench('rc-1'),
    bench('rc-2'),
    bench('rc-3', { maintenance: true }),
    bench('rc-4', { online: false }),
    bench('rc-5', { quarantine: true }),
    bench('rc-twin', { twin: true }),
  ];

  it('counts only real benches online and in service (a twin is for practice)', () => {
    expect(inService(benches).map((b) => b.id)).toEqual(['rc-1', 'rc-2']);
    expect(
      freeBenches({ start: 0, end: 10 }, benches, [claim('a', 'rc-1', 5, 15)]).map((b) => b.id),
    ).toEqual(['rc-2']);
  });

  it('treats intervals as half-open: back-to-back claims do not clash', () => {
    expect(
      freeBenches({ start: 10, end: 20 }, benches, [claim('a', 'rc-1', 0, 10)]).map((b) => b.id),
    ).toEqual(['rc-1', 'rc-2']);
  });

  it('packs claims onto the bench whose neighbours are closest', () => {
    const allocations = [claim('a', 'rc-2', 0, 10)];
    expect(pickBench({ start: 10, end: 20 }, [bench('rc-1'), bench('rc-2')], allocations)?.id).toBe(
      'rc-2',
    );
    expect(pickBench({ start: 10, end: 20 }, [bench('rc-1'), bench('rc-2')], [])?.id).toBe('rc-1');
  });
});

describe('withdrawing a bench', () => {
  it('moves claims to free benches in start order, and cancels what does not fit', () => {
    const benches = [bench('rc-1', { quarantine: true }), bench('rc-2')];
    const affected = [
      claim('x', 'rc-1', 0, 10),
      claim('y', 'rc-1', 10, 20),
      claim('z', 'rc-1', 20, 30),
    ];
    const others = [claim('o', 'rc-2', 10, 20)];
    expect(planWithdrawal('rc-1', affected, benches, [...affected, ...others])).toEqual([
      { allocationId: 'x', action: 'move', toBenchId: 'rc-2' },
      { allocationId: 'y', action: 'cancel' },
      { allocationId: 'z', action: 'move', toBenchId: 'rc-2' },
    ]);
  });

  it('never moves two claims onto one bench at one time', () => {
    const benches = [bench('rc-1'), bench('rc-2')];
    const affected = [claim('x', 'rc-1', 0, 10), claim('y', 'rc-1', 5, 15)];
    const steps = planWithdrawal('rc-1', affected, benches, affected);
    expect(steps.filter((s) => s.action === 'move')).toHaveLength(1);
  });
});

describe('time credit', () => {
  it('credits the time away, up to the grace window', () => {
    expect(creditFor(1000, 31_000, 120_000)).toBe(30_000);
    expect(creditFor(1000, 500_000, 120_000)).toBe(120_000);
  });

  it('extends up to the next claim and owes the rest', () => {
    expect(applyCredit({ start: 0, end: 100 }, 30, undefined)).toEqual({
      end: 130,
      extendedMs: 30,
      owedMs: 0,
    });
    expect(applyCredit({ start: 0, end: 100 }, 30, 110)).toEqual({
      end: 110,
      extendedMs: 10,
      owedMs: 20,
    });
    expect(applyCredit({ start: 0, end: 100 }, 30, 100)).toEqual({
      end: 100,
      extendedMs: 0,
      owedMs: 30,
    });
  });
});
