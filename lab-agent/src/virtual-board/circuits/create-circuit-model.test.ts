import { describe, expect, it } from 'vitest';
import { CircuitModelError, createCircuitModel } from './create-circuit-model.ts';

describe('createCircuitModel', () => {
  it('builds the model named by twin.model', () => {
    expect(createCircuitModel({ model: 'counter', params: {} }).name).toBe('counter');
    const rc = createCircuitModel({
      model: 'rc-lowpass',
      params: { pwmPin: 9, outputPin: 0, resistanceOhm: 10_000, capacitanceF: 1e-5 },
    });
    expect(rc.name).toBe('rc-lowpass');
  });

  it('refuses an unknown model, listing the known ones', () => {
    expect(() => createCircuitModel({ model: 'rlc', params: {} })).toThrowError(
      new CircuitModelError(
        'Unknown twin model "rlc": known models are rc-lowpass, counter, spice.',
      ),
    );
  });

  it('names the parameter at fault', () => {
    expect(() =>
      createCircuitModel({ model: 'rc-lowpass', params: { pwmPin: 9, outputPin: 0 } }),
    ).toThrowError(/twin.params for model "rc-lowpass" are invalid: resistanceOhm: .*capacitanceF/);
  });

  it('counts cycles with the counter model', () => {
    const counter = createCircuitModel({ model: 'counter', params: {} });
    const outputs = { modeOf: () => 0, digitalLevelOf: () => 0 as const, pwmDutyOf: () => 0 };
    expect(counter.readAnalog(3, 0, outputs, { cycleIndex: 1500 })).toBe(1500 % 1024);
  });
});
