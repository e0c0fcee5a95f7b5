import { describe, expect, it } from 'vitest';
import type { BenchSummary } from '@remotelab/protocol';
import { availableBenches, poolOf, practiceFor } from './twin.ts';

function bench(id: string, extra: Record<string, unknown> = {}): BenchSummary {
  return {
    id,
    name: id,
    description: '',
    inputs: [],
    outputs: [],
    samplingIntervalMs: 1,
    baud: 57600,
    status: 'online',
    sampleRateHz: 1000,
    outputValues: {},
    lastSeen: 1,
    pool: 'rc-filter',
    ...extra,
  } as BenchSummary;
}

describe('practice on the twin', () => {
  it('offers the online twin of the lab pool', () => {
    const twin = bench('rc-twin', { twin: true });
    expect(practiceFor([bench('rc-filter-1'), twin], 'rc-filter')).toEqual({
      kind: 'ready',
      bench: twin,
    });
  });

  it('says the twin is offline, or that the pool has none', () => {
    const twin = bench('rc-twin', { twin: true, status: 'offline' });
    expect(practiceFor([twin], 'rc-filter').kind).toBe('twin-offline');
    expect(practiceFor([bench('rc-filter-1')], 'rc-filter').kind).toBe('no-twin');
    expect(practiceFor([bench('x', { twin: true, pool: 'led-iv' })], 'rc-filter').kind).toBe(
      'no-twin',
    );
  });

  it('counts real benches that can take a session now', () => {
    const benches = [
      bench('rc-filter-1'),
      bench('rc-filter-2', { status: 'offline' }),
      bench('rc-filter-3', { maintenance: { reason: 'x' } }),
      bench('rc-filter-4', { quarantine: { reason: 'x', since: 1 } }),
      bench('rc-twin', { twin: true }),
    ];
    expect(availableBenches(benches, 'rc-filter').map((b) => b.id)).toEqual(['rc-filter-1']);
  });

  it('takes the pool from the list kind, the descriptor pool, else the id', () => {
    expect(poolOf(bench('a', { kind: 'k' }))).toBe('k');
    expect(poolOf(bench('a-2', { pool: undefined }))).toBe('a');
  });
});
