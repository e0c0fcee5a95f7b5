import { describe, expect, it } from 'vitest';
import { benchViewFixture } from '../benches/bench-view.fixture.ts';
import { availableBenches, practiceFor } from './twin.ts';

const bench = benchViewFixture;
const flag = { reason: 'x', since: 1, byUserId: null, source: 'technician' } as const;

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
      bench('rc-filter-3', { maintenance: flag }),
      bench('rc-filter-4', { quarantine: { ...flag, source: 'self-test' } }),
      bench('rc-twin', { twin: true }),
    ];
    expect(availableBenches(benches, 'rc-filter').map((b) => b.id)).toEqual(['rc-filter-1']);
  });
});
