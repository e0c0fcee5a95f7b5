import type { AnalogFrontEnd, SimulatedUno } from './avr-uno.ts';

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
      const target = 5 * uno.pin9Duty();
      vout += (target - vout) * (1 - Math.exp(-dtS / tauS));
      adcVolts[0] = vout;
      adcVolts[1] = 2.5 + 1.5 * Math.sin(2 * Math.PI * 0.5 * t);
    },
  };
}

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
