import { BenchDefinitionSchema } from '@remotelab/protocol';
import type { BenchDefinition } from '@remotelab/protocol';

/** The rc-filter bench as in firmware-config/benches/rc-filter.yaml, inline so tests own it. */
export function rcFilterBench(overrides: { baud?: 57600 | 115200 } = {}): BenchDefinition {
  return BenchDefinitionSchema.parse({
    id: 'rc-filter',
    name: 'RC low-pass filter',
    board: { path: '/dev/ttyACM0', baud: overrides.baud ?? 57600 },
    sampling: { intervalMs: 1, frameMs: 50 },
    inputs: [
      { kind: 'analog-in', id: 'vout', label: 'Capacitor voltage (A0)', pin: 'A0' },
      { kind: 'analog-in', id: 'ref', label: 'Reference sine (A1)', pin: 'A1' },
    ],
    outputs: [
      { kind: 'pwm-out', id: 'duty', label: 'PWM duty on pin 9', pin: 9, min: 0, max: 100 },
      { kind: 'digital-out', id: 'led', label: 'LED on pin 13', pin: 13 },
    ],
    twin: {
      model: 'rc-lowpass',
      params: {
        pwmPin: 9,
        outputPin: 0,
        resistanceOhm: 10_000,
        capacitanceF: 0.00001,
        sinePin: 1,
        sineHz: 0.5,
        sineOffsetV: 2.5,
        sineAmplitudeV: 1.5,
        noiseLsb: 0.5,
      },
    },
  });
}
