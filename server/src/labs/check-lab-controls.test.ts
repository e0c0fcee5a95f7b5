import { describe, expect, it } from 'vitest';
import { labControlsBench as bench } from '@remotelab/protocol/testing';
import { checkLabControls } from './check-lab-controls.ts';

describe('checkLabControls', () => {
  it('accepts a narrower range and fills missing bounds from the narrowest bench', () => {
    expect(
      checkLabControls(
        'rc',
        ['vout'],
        [{ output: 'duty', max: 60 }, { output: 'led' }],
        [bench('rc-1'), bench('rc-2', 80)],
      ),
    ).toEqual([{ output: 'duty', min: 0, max: 60 }, { output: 'led' }]);
    expect(
      checkLabControls('rc', [], [{ output: 'duty' }], [bench('rc-1'), bench('rc-2', 80)]),
    ).toEqual([{ output: 'duty', min: 0, max: 80 }]);
  });

  it('refuses a range wider than any bench of the pool', () => {
    expect(() =>
      checkLabControls('rc', [], [{ output: 'duty', max: 90 }], [bench('rc-1'), bench('rc-2', 80)]),
    ).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE', message: expect.stringContaining('rc-2') }),
    );
    expect(() =>
      checkLabControls('rc', [], [{ output: 'duty', min: -1 }], [bench('rc-1')]),
    ).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
  });

  it('refuses channels the benches do not have', () => {
    expect(() => checkLabControls('rc', ['iout'], [], [bench('rc-1')])).toThrow(
      expect.objectContaining({ code: 'NOT_EXPOSED' }),
    );
    expect(() => checkLabControls('rc', [], [{ output: 'motor' }], [bench('rc-1')])).toThrow(
      expect.objectContaining({ code: 'NOT_EXPOSED' }),
    );
  });

  it('refuses a range on an on/off output, an empty range and duplicates', () => {
    expect(() => checkLabControls('rc', [], [{ output: 'led', max: 1 }], [bench('rc-1')])).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(() =>
      checkLabControls('rc', [], [{ output: 'duty', min: 50, max: 50 }], [bench('rc-1')]),
    ).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => checkLabControls('rc', ['vout', 'vout'], [], [bench('rc-1')])).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });

  it('explains that a pool with no known bench cannot be checked', () => {
    expect(() => checkLabControls('rc', [], [], [])).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_BENCH',
        message: expect.stringContaining('No bench of pool "rc"'),
      }),
    );
  });
});
