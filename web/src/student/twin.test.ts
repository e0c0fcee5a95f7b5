import { describe, expect, it } from 'vitest';
import { benchViewFixture } from '../benches/bench-view.fixture.ts';
import { practiceFor } from './twin.ts';

const bench = benchViewFixture;

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
});
