import { z } from 'zod';
import { PIN_MODE_OUTPUT, PIN_MODE_PULLUP, PIN_MODE_PWM } from '../firmata-constants.ts';
import { ADC_REFERENCE_V, voltsToRaw } from './circuit-model.ts';
import type { CircuitModel, PinOutputs } from './circuit-model.ts';
import { gaussian, mulberry32 } from './seeded-random.ts';

/** `twin.params` of the rc-lowpass bench (SI units; pins as in the bench file). */
export const RcLowpassParamsSchema = z.object({
  /** Digital pin whose PWM drives R. */
  pwmPin: z.number().int().min(2).max(19),
  /** Analog channel (0 = A0) reading the capacitor voltage. */
  outputPin: z.number().int().min(0).max(5),
  resistanceOhm: z.number().positive(),
  capacitanceF: z.number().positive(),
  /** Analog channel reading the reference sine; none when absent. */
  sinePin: z.number().int().min(0).max(5).optional(),
  sineHz: z.number().nonnegative().default(0),
  sineOffsetV: z.number().default(2.5),
  sineAmplitudeV: z.number().nonnegative().default(0),
  /** Standard deviation of the ADC noise, in LSB. */
  noiseLsb: z.number().nonnegative().default(0),
});
export type RcLowpassParams = z.infer<typeof RcLowpassParamsSchema>;

/**
 * First-order RC low-pass driven by a PWM pin: R from the pin into C, the ADC reads C.
 *
 * The PWM is modelled by its average, duty / 255 * 5 V: the Uno's PWM on pin 9 runs at ~490 Hz
 * (period ~2 ms), and with tau = R*C = 0.1 s the ripple it leaves on C is at most (50 % duty)
 * 5 V * T / (4 tau) ~ 25 mV peak to peak (+-2.5 LSB), so the average is what a student sees.
 *
 * The capacitor voltage is integrated exactly between events (no time step):
 *   v(t) = vin + (v(t0) - vin) * exp(-(t - t0) / tau)
 * with vin constant between host writes; `outputsChanged` closes the interval at the write time.
 */
export class RcLowpassCircuit implements CircuitModel {
  readonly name = 'rc-lowpass';
  private readonly tauMs: number;
  private readonly noise: () => number;
  private volts = 0;
  private lastMs = 0;
  /** Volts driven into R, or null while the pin floats (the capacitor holds its charge). */
  private driveVolts: number | null = 0;

  constructor(
    private readonly params: RcLowpassParams,
    seed: number,
  ) {
    this.tauMs = params.resistanceOhm * params.capacitanceF * 1000;
    this.noise = gaussian(mulberry32(seed));
  }

  readAnalog(channel: number, tMs: number): number {
    const { params } = this;
    if (channel === params.outputPin) {
      this.advanceTo(tMs);
      return voltsToRaw(this.volts, this.noiseSample());
    }
    if (channel === params.sinePin) {
      const angle = 2 * Math.PI * params.sineHz * (tMs / 1000);
      const volts = params.sineOffsetV + params.sineAmplitudeV * Math.sin(angle);
      return voltsToRaw(volts, this.noiseSample());
    }
    // Nothing else is wired: the other analog inputs are grounded.
    return 0;
  }

  outputsChanged(tMs: number, outputs: PinOutputs): void {
    this.advanceTo(tMs);
    this.driveVolts = this.driveOf(outputs);
  }

  /** Capacitor voltage now (for tests and diagnostics). */
  capacitorVolts(tMs: number): number {
    this.advanceTo(tMs);
    return this.volts;
  }

  private driveOf(outputs: PinOutputs): number | null {
    const pin = this.params.pwmPin;
    switch (outputs.modeOf(pin)) {
      case PIN_MODE_PWM:
        return (outputs.pwmDutyOf(pin) / 255) * ADC_REFERENCE_V;
      case PIN_MODE_OUTPUT:
        return outputs.digitalLevelOf(pin) * ADC_REFERENCE_V;
      case PIN_MODE_PULLUP:
        // The ~35 kOhm pull-up adds to R; close enough for a pin nobody should use this way.
        return ADC_REFERENCE_V;
      default:
        return null;
    }
  }

  private advanceTo(tMs: number): void {
    // Never integrate backwards: a write stamped before the last read takes effect at that read.
    if (tMs <= this.lastMs) return;
    if (this.driveVolts !== null) {
      const decay = Math.exp(-(tMs - this.lastMs) / this.tauMs);
      this.volts = this.driveVolts + (this.volts - this.driveVolts) * decay;
    }
    this.lastMs = tMs;
  }

  private noiseSample(): number {
    return this.params.noiseLsb === 0 ? 0 : this.noise() * this.params.noiseLsb;
  }
}
