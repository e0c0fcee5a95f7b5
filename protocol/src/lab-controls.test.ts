import { describe, expect, it } from 'vitest';
import type { InputDescriptor } from './bench-descriptor.schema.ts';
import { chartedInputs, checkLabControls, poolEnvelope } from './lab-controls.ts';
import { labControlsBench as bench } from './testing/lab-controls-bench.ts';

describe('checkLabControls', () => {
  it('fills missing bounds from the narrowest bench and finds nothing wrong', () => {
    expect(
      checkLabControls(
        ['vout'],
        [{ output: 'duty', min: 10 }, { output: 'led' }],
        [bench('a'), bench('b', 80)],
      ),
    ).toEqual({
      problems: [],
      controls: [{ output: 'duty', min: 10, max: 80 }, { output: 'led' }],
    });
  });

  it('names the bench whose envelope a range crosses, with its bound', () => {
    const { problems } = checkLabControls(
      [],
      [{ output: 'duty', max: 90 }],
      [bench('a'), bench('b', 80)],
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'aboveEnvelope', benchId: 'b', limit: 80 }),
    ]);
  });

  it('refuses an empty or single-point range, a range on a switch, unknown channels and duplicates', () => {
    const one = [bench('a')];
    expect(checkLabControls([], [{ output: 'duty', min: 50, max: 50 }], one).problems).toEqual([
      { code: 'minNotBelowMax', output: 'duty', min: 50, max: 50 },
    ]);
    expect(checkLabControls([], [{ output: 'led', max: 1 }], one).problems[0]?.code).toBe(
      'rangeOnSwitch',
    );
    expect(
      checkLabControls(['iout'], [{ output: 'motor' }], one).problems.map((p) => p.code),
    ).toEqual(['unknownInput', 'unknownControl']);
    expect(checkLabControls(['vout', 'vout'], [], one).problems[0]?.code).toBe('duplicateInput');
    expect(checkLabControls([], [], []).problems).toEqual([{ code: 'noBench' }]);
  });

  it('agrees with the pool envelope: what passes against the envelope passes against each bench', () => {
    const benches = [bench('a', 90), bench('b', 70)];
    const envelope = poolEnvelope('rc', benches);
    const asBench = { id: 'rc', inputs: envelope.inputs, outputs: envelope.outputs };
    for (const max of [60, 70, 71, 95]) {
      const controls = [{ output: 'duty', max }];
      expect(checkLabControls([], controls, [asBench]).problems.length === 0).toBe(
        checkLabControls([], controls, benches).problems.length === 0,
      );
    }
  });
});

describe('chartedInputs', () => {
  it('charts every numeric reading and leaves on/off inputs to the readouts', () => {
    const inputs: Array<Pick<InputDescriptor, 'id' | 'kind'>> = [
      { id: 'a0', kind: 'analog-in' },
      { id: 'button', kind: 'digital-in' },
      { id: 'current', kind: 'ina219' },
    ];
    expect(chartedInputs(inputs).map((i) => i.id)).toEqual(['a0', 'current']);
  });
});
