import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.ts';
import { checkOutputValue, type CheckableOutput } from './output-value.ts';

const duty: CheckableOutput = { kind: 'pwm-out', label: 'Duty', unit: '%', min: 0, max: 100 };
const led: CheckableOutput = { kind: 'digital-out', label: 'LED' };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ProtocolError ? error.code : 'not a ProtocolError';
  }
  return undefined;
}

describe('checkOutputValue', () => {
  it('accepts values of the right type inside the range, bounds included', () => {
    expect(checkOutputValue(duty, 0)).toBe(0);
    expect(checkOutputValue(duty, 100)).toBe(100);
    expect(checkOutputValue(led, true)).toBe(true);
  });

  it('refuses, never clamps, a value outside the range, and a lab only narrows it', () => {
    expect(codeOf(() => checkOutputValue(duty, 100.01))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => checkOutputValue(duty, 81, { max: 80 }))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => checkOutputValue(duty, 101, { max: 150 }))).toBe('OUT_OF_RANGE');
    expect(checkOutputValue(duty, 80, { max: 80 })).toBe(80);
  });

  it('refuses values of the wrong type', () => {
    for (const value of [true, '50', Number.NaN, Infinity, null, undefined]) {
      expect(codeOf(() => checkOutputValue(duty, value))).toBe('BAD_REQUEST');
    }
    expect(codeOf(() => checkOutputValue(led, 1))).toBe('BAD_REQUEST');
  });
});
