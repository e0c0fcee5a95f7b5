// Acceptance (issue 3): the LED I-V twin, swept through the agent (DAC over I2C_REQUEST, current
// from the INA219 over I2C reads, anode voltage from A0), shows the forward voltage of its SPICE
// diode model at 10 mA to 5 %.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledMeans, startTwinStack, type TwinStack } from './twin-support.ts';

/** The diode of led-iv.yaml: `.model LEDRED D(IS=1e-22 RS=6 N=1.5)` at ngspice's 27 C. */
const LED = { IS: 1e-22, N: 1.5, RS: 6 };
const THERMAL_VOLTAGE = (1.380649e-23 * 300.15) / 1.602176634e-19;

/** Shockley with series resistance: V(I) = N Vt ln(I / IS + 1) + I RS. */
const forwardVoltage = (amps: number) =>
  LED.N * THERMAL_VOLTAGE * Math.log(amps / LED.IS + 1) + amps * LED.RS;

interface Point {
  dac: number;
  mA: number;
  anode: number;
  bus: number;
}

describe('twin: LED I-V curve (led-iv)', () => {
  let stack: TwinStack;
  const curve: Point[] = [];

  beforeAll(async () => {
    stack = await startTwinStack('led-iv');
    // A sweep as a student runs it: set the DAC, let the readings settle, average them.
    for (const dac of [0, 1.0, 1.6, 2.0, 3.0, 3.6, 3.8, 3.9, 4.0, 4.1, 4.2, 4.4, 4.8]) {
      // The circuit settles in nanoseconds; the INA219 is polled every 20 ms, so wait 60 ms for
      // fresh readings, then average 150 ms of them.
      const m = await settledMeans(stack, 'dac', dac, ['current', 'anode', 'bus'], 60, 150);
      curve.push({ dac, mA: m.current ?? NaN, anode: m.anode ?? NaN, bus: m.bus ?? NaN });
    }
    console.info('led-iv twin', { curve, solver: stack.twin.stats() });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('has the forward voltage of its SPICE model at 10 mA, within 5 %', () => {
    const above = curve.findIndex((p) => p.mA >= 10);
    const high = curve[above];
    const low = curve[above - 1];
    expect(low && high).toBeTruthy();
    if (!low || !high) return;
    const vf = low.anode + ((10 - low.mA) * (high.anode - low.anode)) / (high.mA - low.mA);
    const model = forwardVoltage(0.01);
    console.info('led-iv forward voltage at 10 mA', { measured: vf, model });
    expect(model).toBeCloseTo(1.847, 3);
    expect(Math.abs(vf - model) / model).toBeLessThan(0.05);
  });

  it('conducts only above the knee, and the current follows Ohm on the resistor', () => {
    for (const p of curve) {
      if (p.dac <= 1.0) {
        expect(p.mA).toBeLessThan(0.1);
        expect(p.anode).toBeCloseTo(p.dac, 1); // no current: the anode follows the DAC
      }
      // (V_dac - V_anode) / (220 + 0.1 Ohm) is the current the INA219 must report.
      const ohm = ((p.dac - p.anode) / 220.1) * 1000;
      expect(Math.abs(p.mA - ohm)).toBeLessThan(0.15 + 0.02 * ohm);
    }
    // Monotonic, to the INA219's noise (0.5 LSB of 10 uV over 0.1 Ohm: 0.05 mA).
    curve.forEach((p, i) => expect(p.mA).toBeGreaterThan((curve[i - 1]?.mA ?? -1) - 0.15));
  });

  it('reads the anode alike on A0 and on the INA219 bus input', () => {
    for (const p of curve.filter((q) => q.dac > 0)) {
      expect(Math.abs(p.bus - p.anode)).toBeLessThan(0.02);
    }
  });

  it('passes its self-test through the agent', async () => {
    const result = await stack.agent.benches[0]!.runSelfTest('on-demand');
    expect(result.steps.filter((s) => !s.passed)).toEqual([]);
    expect(result.passed).toBe(true);
  }, 20_000);
});
