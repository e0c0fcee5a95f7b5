/**
 * The seam between the emulated firmware and the circuit wired to the board. A model answers
 * what the ADC reads and what digital inputs read; it sees the board's outputs through
 * `PinOutputs`. Invariant: calls come with non-decreasing times for a given model instance
 * (times are ms since the board started), so a model may integrate state forward only. Every
 * call is synchronous and cheap: a model that computes ahead (the SPICE twin) does so in the
 * background and never makes the firmware loop wait.
 */

/** A twin that cannot be built (unknown model, bad parameters, a netlist ngspice refuses). */
export class CircuitModelError extends Error {
  override readonly name = 'CircuitModelError';
}

/** A read-only view of what the board drives on its pins. */
export interface PinOutputs {
  /** Current Firmata mode of the pin (PIN_MODE_* from firmata-constants). */
  modeOf(pin: number): number;
  /** Level a pin in OUTPUT mode drives (0 or 1); 0 for pins in any other mode. */
  digitalLevelOf(pin: number): 0 | 1;
  /** PWM duty (0..255) of a pin in PWM mode; 0 for pins in any other mode. */
  pwmDutyOf(pin: number): number;
}

/** Where a read happens in the firmware's life. */
export interface SampleContext {
  /**
   * Index of the sampling cycle the read belongs to: cycles that reported at least one analog
   * channel, counted from 0 since the board booted. A read outside a cycle (StandardFirmata 2.5
   * reports a channel once, immediately, when its reporting is switched on) gets the index the
   * next cycle will have.
   */
  cycleIndex: number;
}

export interface CircuitModel {
  /** The `twin.model` name this model implements. */
  readonly name: string;
  /** Raw 10-bit ADC reading (0..1023) of analog channel `channel` (0 = A0) at `tMs`. */
  readAnalog(channel: number, tMs: number, outputs: PinOutputs, context: SampleContext): number;
  /**
   * Level on digital pin `pin` configured as an input. Optional: without it, floating inputs read
   * 0 and pulled-up inputs read 1.
   */
  readDigital?(pin: number, tMs: number, outputs: PinOutputs): 0 | 1;
  /**
   * The board's outputs changed at `tMs` (host write, reset). Stateful models integrate up to
   * `tMs` with the previous drive before taking the new one, so a step lands at the right time.
   */
  outputsChanged?(tMs: number, outputs: PinOutputs): void;
  /**
   * The value an I2C sensor (or any input that is not an ADC channel) measures at `tMs`, in SI
   * units (V, A), by input id; undefined when the model does not know that input.
   */
  readProbe?(inputId: string, tMs: number): number | undefined;
  /** Called by the firmware loop at every step with the board's time: a chance to work ahead. */
  tick?(tMs: number): void;
  /**
   * Resolves once the model can answer (a simulator started and warmed up); rejects with a
   * CircuitModelError when it never will (e.g. ngspice refuses the netlist). Boards await it
   * before announcing themselves.
   */
  ready?(): Promise<void>;
  /** Releases what the model holds (the solver worker). */
  close?(): void;
  /** Counters for logs (the SPICE twin: stale reads, solver runs and time). */
  stats?(): { staleReads: number } & object;
}

/** The Uno's ADC: 10 bits against the 5 V supply. */
export const ADC_REFERENCE_V = 5;
const ADC_MAX_RAW = 1023;

/**
 * Volts (plus optional noise in LSB) to a raw reading, rounded and clamped to 0..1023.
 * Scaled by 1023 / 5 V, matching the bench schema's default gain of 5 / 1023.
 */
export function voltsToRaw(volts: number, noiseLsb = 0): number {
  const raw = Math.round((volts / ADC_REFERENCE_V) * ADC_MAX_RAW + noiseLsb);
  return Math.min(ADC_MAX_RAW, Math.max(0, raw));
}
