import { describe, expect, it } from 'vitest';
import { benchViewFixture } from '../benches/bench-view.fixture.ts';
import { narrowBench } from './narrow.ts';

const bench = benchViewFixture('rc-filter', {
  name: 'RC',
  inputs: [
    { id: 'vout', label: 'Vout', kind: 'analog-in', unit: 'V', range: { min: 0, max: 5 } },
    { id: 'ref', label: 'Ref', kind: 'analog-in', unit: 'V', range: { min: 0, max: 5 } },
  ],
  outputs: [
    { kind: 'pwm-out', id: 'duty', label: 'Duty', unit: '%', min: 0, max: 100, step: 1, safe: 0 },
    { kind: 'digital-out', id: 'led', label: 'LED', safe: false },
  ],
});

describe('narrowBench', () => {
  it('keeps only what the lab exposes, with the narrowed ranges', () => {
    const narrowed = narrowBench(bench, {
      inputs: ['vout'],
      controls: [{ output: 'duty', min: 20, max: 80 }],
    });
    expect(narrowed.inputs.map((i) => i.id)).toEqual(['vout']);
    expect(narrowed.outputs).toEqual([
      {
        kind: 'pwm-out',
        id: 'duty',
        label: 'Duty',
        unit: '%',
        min: 20,
        max: 80,
        step: 1,
        safe: 20,
      },
    ]);
  });

  it('never widens past the bench envelope and drops a control that no longer fits', () => {
    expect(
      narrowBench(bench, { inputs: [], controls: [{ output: 'duty', min: -50, max: 500 }] })
        .outputs[0],
    ).toMatchObject({ min: 0, max: 100 });
    expect(
      narrowBench(bench, { inputs: [], controls: [{ output: 'duty', min: 150 }] }).outputs,
    ).toEqual([]);
  });

  it('passes digital outputs through and ignores unknown controls', () => {
    const narrowed = narrowBench(bench, {
      inputs: ['nope'],
      controls: [{ output: 'led' }, { output: 'ghost' }],
    });
    expect(narrowed.outputs.map((o) => o.id)).toEqual(['led']);
    expect(narrowed.inputs).toEqual([]);
  });

  it('shows the whole bench without a lab', () => {
    expect(narrowBench(bench, null)).toBe(bench);
  });
});
