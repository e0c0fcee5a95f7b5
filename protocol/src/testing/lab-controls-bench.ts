import type { BenchDescriptor, InputDescriptor } from '../bench-descriptor.schema.ts';

/** The channel every lab-controls bench measures. */
export const VOUT_INPUT: InputDescriptor = {
  id: 'vout',
  label: 'Vout',
  kind: 'analog-in',
  unit: 'V',
  range: { min: 0, max: 5 },
};

/**
 * The bench the lab-controls rule is tested on, in protocol (`checkLabControls`), the server
 * (`check-lab-controls.ts`) and the lab designer: Vout in, a PWM duty of 0..`dutyMax` % and an LED
 * out. Benches of one pool that differ only in `dutyMax` give the rule an envelope to narrow.
 */
export function labControlsBench(id: string, dutyMax = 100): BenchDescriptor {
  return {
    id,
    name: id,
    description: '',
    pool: 'rc',
    samplingIntervalMs: 1,
    baud: 57600,
    inputs: [VOUT_INPUT],
    outputs: [
      {
        kind: 'pwm-out',
        id: 'duty',
        label: 'Duty',
        unit: '%',
        min: 0,
        max: dutyMax,
        step: 1,
        safe: 0,
      },
      { kind: 'digital-out', id: 'led', label: 'LED', safe: false },
    ],
  };
}
