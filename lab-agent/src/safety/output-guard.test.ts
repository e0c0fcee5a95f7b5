import { describe, expect, it } from 'vitest';
import { BenchDefinitionSchema, ProtocolError } from '@remotelab/protocol';
import { dutyToPwm, guardOutput, safeStateWrites } from './output-guard.ts';

const bench = BenchDefinitionSchema.parse({
  id: 'rc-filter',
  name: 'RC',
  board: { path: '/dev/null' },
  inputs: [{ kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0' }],
  outputs: [
    { kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, min: 10, max: 90, safe: 10 },
    { kind: 'digital-out', id: 'led', label: 'LED', pin: 13 },
  ],
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ProtocolError ? error.code : 'not a ProtocolError';
  }
  return undefined;
}

describe('guardOutput', () => {
  it('turns an in-range duty into an 8-bit PWM write', () => {
    expect(guardOutput(bench, 'duty', 50)).toEqual({ kind: 'pwm', pin: 9, value: 128 });
    expect(guardOutput(bench, 'led', true)).toEqual({ kind: 'digital', pin: 13, level: true });
  });

  it('rejects, never clamps, a value outside the range', () => {
    expect(codeOf(() => guardOutput(bench, 'duty', 90.01))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => guardOutput(bench, 'duty', 9))).toBe('OUT_OF_RANGE');
  });

  it('rejects unknown outputs and values of the wrong type', () => {
    expect(codeOf(() => guardOutput(bench, 'heater', 1))).toBe('NOT_EXPOSED');
    expect(codeOf(() => guardOutput(bench, 'duty', true))).toBe('BAD_REQUEST');
    expect(codeOf(() => guardOutput(bench, 'duty', Number.NaN))).toBe('BAD_REQUEST');
    expect(codeOf(() => guardOutput(bench, 'led', 1))).toBe('BAD_REQUEST');
  });

  it('maps duty to the PWM compare value and lists the safe state', () => {
    expect([0, 100].map(dutyToPwm)).toEqual([0, 255]);
    expect(safeStateWrites(bench)).toEqual([
      { id: 'duty', value: 10 },
      { id: 'led', value: false },
    ]);
  });
});
