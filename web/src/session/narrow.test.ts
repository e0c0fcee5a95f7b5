import { describe, expect, it } from 'vitest';
import type { BenchView } from '@remotelab/protocol';
import { narrowBench } from './narrow.ts';

const bench: BenchView = {
  id: 'rc-filter',
  name: 'RC',
  description: '',
  inputs: [
    { id: 'vout', label: 'Vout', kind: 'analog-in', unit: 'V', range: { min: 0, max: 5 } },
    { id: 'ref', label: 'Ref', kind: 'analog-in', unit: 'V', range: { min: 0, max: 5 } },
  ],
  outputs: [
    { kind: 'pwm-out', id: 'duty', label: 'Duty', unit: '%', min: 0, max: 100, step: 1, safe: 0 },
    { kind: 'digital-out', id: 'led', label: 'LED', safe: false },
  ],
  samplingIntervalMs: 1,
  baud: 57600,
  status: 'online',
  sampleRateHz: 1000,
  outputValues: {},
  lastSeen: 1,
  pool: 'rc-filter',
  quarantine: null,
  maintenance: null,
};

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
