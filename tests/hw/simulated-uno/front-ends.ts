import { I2cBus, Ina219Device, Mcp4725Device } from '@remotelab/lab-agent/virtual-board';
import type { AnalogFrontEnd, SimulatedUno } from './avr-uno.ts';

/** The Uno's supply and ADC reference. */
const VCC = 5;

/**
 * The RC bench (firmware-config/benches/rc-filter.yaml): pin 9's PWM charges C through R, so A0
 * follows the duty cycle x 5 V with tau = RC = 0.1 s of the front end clock (the PWM ripple, ~1 % at 490 Hz, is not
 * modelled); A1 reads the function generator, 2.5 V +- 1.5 V at 0.5 Hz, in the same clock.
 */
export function rcBenchFrontEnd(tauS = 0.1): AnalogFrontEnd {
  let vout = 0;
  let t = 0;
  return {
    step(uno: SimulatedUno, dtS: number, adcVolts: number[]): void {
      t += dtS;
      const target = 5 * uno.pwmDuty(9);
      vout += (target - vout) * (1 - Math.exp(-dtS / tauS));
      adcVolts[0] = vout;
      adcVolts[1] = 2.5 + 1.5 * Math.sin(2 * Math.PI * 0.5 * t);
    },
  };
}

/**
 * The op-amp bench (opamp-amplifier.yaml): pin 10's PWM through R1 C1 (tau = 0.1 s) is the
 * input on A0; a gain-2 non-inverting MCP6002 on 0/5 V puts 2 x vin on A1, clipped 25 mV from
 * each rail.
 */
export function opampBenchFrontEnd(tauS = 0.1): AnalogFrontEnd {
  let vin = 0;
  return {
    step(uno: SimulatedUno, dtS: number, adcVolts: number[]): void {
      vin += (VCC * uno.pwmDuty(10) - vin) * (1 - Math.exp(-dtS / tauS));
      adcVolts[0] = vin;
      adcVolts[1] = Math.max(0.025, Math.min(VCC - 0.025, 2 * vin));
    },
  };
}

/** The divider bench's bottom resistors, by the pin of the reed relay that connects each. */
const DIVIDER_BOTTOM_OHMS: ReadonlyArray<readonly [pin: number, ohms: number]> = [
  [2, 1_000],
  [4, 2_200],
  [8, 4_700],
];

/**
 * The divider bench (voltage-divider.yaml): pin 7 feeds R_top = 1 kOhm (A0); each closed relay
 * (0.1 Ohm) joins the middle (A1) to its bottom resistor, in series with the 470 Ohm sense
 * resistor (A2) to ground. Resistive only: the levels follow the pins at once.
 */
export function dividerBenchFrontEnd(): AnalogFrontEnd {
  const R_TOP = 1_000;
  const R_SENSE = 470;
  const RELAY_ON = 0.1;
  return {
    step(uno: SimulatedUno, _dtS: number, adcVolts: number[]): void {
      const top = uno.digitalHigh(7) ? VCC : 0;
      // Closed branches in parallel (the interlocks allow one, the physics does not care).
      const conductance = DIVIDER_BOTTOM_OHMS.filter(([pin]) => uno.digitalHigh(pin)).reduce(
        (sum, [, ohms]) => sum + 1 / (ohms + RELAY_ON),
        0,
      );
      const current = conductance === 0 ? 0 : top / (R_TOP + 1 / conductance + R_SENSE);
      adcVolts[0] = top;
      adcVolts[1] = top - current * R_TOP;
      adcVolts[2] = current * R_SENSE;
    },
  };
}

/** Thermal voltage kT/q at 27 C, SPICE's default temperature. */
const THERMAL_V = 0.025865;

/**
 * The current through R (ohms) in series with a diode (Shockley, emission coefficient n,
 * saturation current is, series resistance rs) driven by `volts`: the root of
 * I (R + rs) + n Vt ln(1 + I / is) = volts, by bisection (the left side grows with I).
 */
export function seriesDiodeCurrent(
  volts: number,
  ohms: number,
  diode: { is: number; n: number; rs: number },
): number {
  if (volts <= 0) return 0;
  let low = 0;
  let high = volts / (ohms + diode.rs);
  for (let i = 0; i < 60; i++) {
    const current = (low + high) / 2;
    const drop = current * (ohms + diode.rs) + diode.n * THERMAL_V * Math.log1p(current / diode.is);
    if (drop > volts) high = current;
    else low = current;
  }
  return (low + high) / 2;
}

/**
 * The LED I-V bench (led-iv.yaml): an MCP4725 (I2C 0x60, 5 V reference) drives 220 Ohm, the
 * INA219's 0.1 Ohm shunt (I2C 0x40) and a red LED (IS = 1e-22, N = 1.5, RS = 6: the twin's
 * model, 1.847 V at 10 mA) to ground; A0 and the INA219's bus input read the LED's anode. The
 * circuit has no memory worth modelling (CJO = 50 pF with 220 Ohm is 11 ns), so each reading
 * solves it for the DAC's present output.
 */
export function ledIvBenchFrontEnd(): AnalogFrontEnd {
  const R_SERIES = 220;
  const R_SHUNT = 0.1;
  const LED = { is: 1e-22, n: 1.5, rs: 6 };
  const dac = new Mcp4725Device(VCC);
  let solvedFor = Number.NaN;
  let current = 0;
  const solve = (): { current: number; anode: number } => {
    const drive = dac.drive();
    const volts = drive.kind === 'source' ? drive.volts : 0;
    if (volts !== solvedFor) {
      current = seriesDiodeCurrent(volts, R_SERIES + R_SHUNT, LED);
      solvedFor = volts;
    }
    return { current, anode: volts - current * (R_SERIES + R_SHUNT) };
  };
  const i2c = new I2cBus();
  i2c.attach(0x60, dac);
  i2c.attach(
    0x40,
    new Ina219Device({
      shuntVolts: () => solve().current * R_SHUNT,
      busVolts: () => solve().anode,
      noise: () => 0,
    }),
  );
  return {
    i2c,
    step(_uno: SimulatedUno, _dtS: number, adcVolts: number[]): void {
      adcVolts[0] = solve().anode;
    },
  };
}

/** The benches whose front ends are simulated, by bench id (firmware-config/benches). */
export const BENCH_FRONT_ENDS = {
  'rc-filter': rcBenchFrontEnd,
  'voltage-divider': dividerBenchFrontEnd,
  'opamp-amplifier': opampBenchFrontEnd,
  'led-iv': ledIvBenchFrontEnd,
} as const satisfies Record<string, () => AnalogFrontEnd>;

export type SimulatedBench = keyof typeof BENCH_FRONT_ENDS;

export const isSimulatedBench = (name: string): name is SimulatedBench =>
  Object.hasOwn(BENCH_FRONT_ENDS, name);

/**
 * For benchmarks: every analog input reads the wall clock's millisecond count mod 1024 at the
 * moment of conversion, so a receiver can tell how long ago each sample was taken.
 */
export function clockFrontEnd(): AnalogFrontEnd {
  return {
    step(_uno: SimulatedUno, _dtS: number, adcVolts: number[]): void {
      const raw = Math.floor(performance.timeOrigin + performance.now()) % 1024;
      for (let channel = 0; channel < 6; channel++) adcVolts[channel] = (raw + 0.5) * (5 / 1024);
    },
  };
}
