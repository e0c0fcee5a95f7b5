import { describe, expect, it } from 'vitest';
import { PIN_MODE_OUTPUT, PIN_MODE_PWM } from '../firmata-constants.ts';
import type { CircuitModel, PinOutputs } from './circuit-model.ts';
import { RcLowpassCircuit, RcLowpassParamsSchema } from './rc-lowpass-circuit.ts';

const RC_FILTER_PARAMS = RcLowpassParamsSchema.parse({
  pwmPin: 9,
  outputPin: 0,
  resistanceOhm: 10_000,
  capacitanceF: 0.00001,
  sinePin: 1,
  sineHz: 0.5,
  sineOffsetV: 2.5,
  sineAmplitudeV: 1.5,
  noiseLsb: 0.5,
});
const TAU_MS = 100;
const CONTEXT = { cycleIndex: 0 };

/** Pin 9 in PWM mode at `duty`. */
function pwmOutputs(duty: number): PinOutputs {
  return {
    modeOf: (pin) => (pin === 9 ? PIN_MODE_PWM : PIN_MODE_OUTPUT),
    digitalLevelOf: () => 0,
    pwmDutyOf: (pin) => (pin === 9 ? duty : 0),
  };
}

describe('RcLowpassCircuit', () => {
  it('charges to 63.2 % of 5 V one tau after the PWM steps from 0 to 255', () => {
    const rc = new RcLowpassCircuit(RC_FILTER_PARAMS, 1);
    rc.outputsChanged(0, pwmOutputs(0));
    rc.outputsChanged(1000, pwmOutputs(255));

    const expectedRaw = (1 - Math.exp(-1)) * 1023; // 646.6
    const raw = rc.readAnalog(0, 1000 + TAU_MS);
    expect(Math.abs(raw - expectedRaw) / expectedRaw).toBeLessThan(0.02);
    expect(rc.readAnalog(0, 1000 + 10 * TAU_MS)).toBeGreaterThanOrEqual(1021);
  });

  it('integrates exactly: the voltage does not depend on how often it is read', () => {
    const often = new RcLowpassCircuit({ ...RC_FILTER_PARAMS, noiseLsb: 0 }, 1);
    const once = new RcLowpassCircuit({ ...RC_FILTER_PARAMS, noiseLsb: 0 }, 1);
    for (const rc of [often, once]) rc.outputsChanged(0, pwmOutputs(128));
    for (let t = 1; t < 250; t++) often.readAnalog(0, t);
    often.outputsChanged(250, pwmOutputs(0));
    once.outputsChanged(250, pwmOutputs(0));

    expect(often.capacitorVolts(300)).toBeCloseTo(once.capacitorVolts(300), 12);
    const v250 = (128 / 255) * 5 * (1 - Math.exp(-2.5));
    expect(once.capacitorVolts(300)).toBeCloseTo(v250 * Math.exp(-0.5), 12);
  });

  it('reads the configured sine (0.5 Hz, 2.5 V +- 1.5 V) on A1', () => {
    const rc = new RcLowpassCircuit({ ...RC_FILTER_PARAMS, noiseLsb: 0 }, 1);
    const samples: number[] = [];
    // From 0.1 s to 10.1 s: rising crossings of the offset at 2, 4, 6, 8 and 10 s.
    for (let t = 100; t < 10_100; t++) samples.push((rc.readAnalog(1, t) * 5) / 1023);

    expect(Math.max(...samples)).toBeCloseTo(4, 2);
    expect(Math.min(...samples)).toBeCloseTo(1, 2);
    let rising = 0;
    for (let i = 1; i < samples.length; i++) {
      if ((samples[i - 1] ?? 0) < 2.5 && (samples[i] ?? 0) >= 2.5) rising++;
    }
    expect(rising).toBe(5);
  });

  it('adds seeded noise: reproducible with a seed, different across seeds, ~noiseLsb wide', () => {
    const read = (seed: number): number[] => {
      const rc = new RcLowpassCircuit({ ...RC_FILTER_PARAMS, noiseLsb: 4 }, seed);
      rc.outputsChanged(0, pwmOutputs(128));
      return Array.from({ length: 2000 }, (_, i) => rc.readAnalog(0, 10_000 + i));
    };
    const a = read(7);
    expect(read(7)).toEqual(a);
    expect(read(8)).not.toEqual(a);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo((128 / 255) * 1023, 0);
    expect(sd).toBeGreaterThan(3.5);
    expect(sd).toBeLessThan(4.5);
  });

  it('reads 0 on the analog pins nothing is wired to', () => {
    const rc = new RcLowpassCircuit(RC_FILTER_PARAMS, 1);
    rc.outputsChanged(0, pwmOutputs(255));
    // Through the CircuitModel interface, as the board calls it.
    const model: CircuitModel = rc;
    const reads = [2, 3, 4, 5].map((channel) =>
      model.readAnalog(channel, 500, pwmOutputs(255), CONTEXT),
    );
    expect(reads).toEqual([0, 0, 0, 0]);
  });
});
