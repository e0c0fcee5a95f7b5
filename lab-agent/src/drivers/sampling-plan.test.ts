import { describe, expect, it } from 'vitest';
import { BenchDefinitionSchema } from '@remotelab/protocol';
import { samplingRequestOf } from './sampling-plan.ts';

describe('samplingRequestOf', () => {
  it('asks the board for every channel of the bench in the mode its kind needs', () => {
    const request = samplingRequestOf(
      BenchDefinitionSchema.parse({
        id: 'all-kinds',
        name: 'All kinds',
        board: { path: '/dev/null' },
        sampling: { intervalMs: 5, frameMs: 50 },
        inputs: [
          { kind: 'analog-in', id: 'v', label: 'V', pin: 'A2' },
          { kind: 'digital-in', id: 'button', label: 'Button', pin: 4, pullUp: true },
          { kind: 'digital-in', id: 'switch', label: 'Switch', pin: 5 },
          {
            kind: 'ina219',
            id: 'i',
            label: 'I',
            quantity: 'current',
            unit: 'mA',
            range: { min: 0, max: 1 },
          },
          {
            kind: 'ina219',
            id: 'vb',
            label: 'Vb',
            quantity: 'bus-voltage',
            unit: 'V',
            intervalMs: 50,
            range: { min: 0, max: 5 },
          },
        ],
        outputs: [
          { kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9 },
          { kind: 'servo-out', id: 'arm', label: 'Arm', pin: 7 },
          { kind: 'digital-out', id: 'relay', label: 'Relay', pin: 8 },
          { kind: 'mcp4725', id: 'dac', label: 'DAC', max: 5 },
        ],
      }),
    );
    expect(request).toEqual({
      intervalMs: 5,
      analogChannels: [2],
      digitalInputs: [
        { pin: 4, pullUp: true },
        { pin: 5, pullUp: false },
      ],
      pwmPins: [9],
      digitalOutputPins: [8],
      servoPins: [7],
      usesI2c: true,
      // one INA219 at 0x40, configured once, read per input at its own interval
      i2cSetup: [{ address: 0x40, bytes: [0x00, 0x39, 0x9f] }],
      i2cReads: [
        { id: 'i', address: 0x40, register: 0x01, byteCount: 2, intervalMs: 20 },
        { id: 'vb', address: 0x40, register: 0x02, byteCount: 2, intervalMs: 50 },
      ],
    });
  });
});
