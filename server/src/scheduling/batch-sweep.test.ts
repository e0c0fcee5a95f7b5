import { describe, expect, it } from 'vitest';
import type { BenchDescriptor } from '@remotelab/protocol';
import { planSweep } from './batch-sweep.ts';

const bench: BenchDescriptor = {
  id: 'rc-1',
  name: 'RC 1',
  description: '',
  pool: 'rc',
  samplingIntervalMs: 10,
  baud: 57600,
  inputs: [{ id: 'a0', label: 'A0', kind: 'analog-in', unit: 'V', range: { min: 0, max: 5 } }],
  outputs: [
    { id: 'pwm', kind: 'pwm-out', label: 'PWM', unit: '%', min: 0, max: 100, step: 1, safe: 0 },
    { id: 'led', kind: 'digital-out', label: 'LED', safe: false },
  ],
};
const lab = {
  controls: [{ output: 'pwm', min: 0, max: 80 }, { output: 'led' }],
  inputs: ['a0'],
  maxHoldMs: 60_000,
};
const sweep = { output: 'pwm', from: 0, to: 80, step: 10, dwellMs: 200, record: ['a0'] };

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('batch sweeps', () => {
  it('expands 0-80 % in 10 % steps into 9 values held 200 ms each', () => {
    const plan = planSweep(sweep, lab, bench);
    expect(plan.values).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    expect(plan.holdMs).toBe(9 * 200 + 5000);
  });

  it('sweeps downwards and does not drift on decimal steps', () => {
    expect(planSweep({ ...sweep, from: 0.3, to: 0, step: 0.1 }, lab, bench).values).toEqual([
      0.3, 0.2, 0.1, 0,
    ]);
  });

  it.each([
    ["beyond the lab's narrowed range", { to: 90 }, 'OUT_OF_RANGE'],
    ['on an output the lab hides', { output: 'servo' }, 'NOT_EXPOSED'],
    ['on an on/off output', { output: 'led' }, 'BAD_REQUEST'],
    ['recording an input the lab hides', { record: ['a1'] }, 'NOT_EXPOSED'],
    ['holding the bench too long', { dwellMs: 10_000 }, 'BAD_REQUEST'],
    ['with too many steps', { step: 0.1 }, 'BAD_REQUEST'],
  ])('refuses a sweep %s', (_what, change, code) => {
    expect(codeOf(() => planSweep({ ...sweep, ...change }, lab, bench))).toBe(code);
  });
});
