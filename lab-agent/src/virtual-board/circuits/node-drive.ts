import {
  PIN_MODE_ANALOG,
  PIN_MODE_OUTPUT,
  PIN_MODE_PULLUP,
  PIN_MODE_PWM,
} from '../firmata-constants.ts';
import { isAnalogPin } from '../uno-board.ts';
import { ADC_REFERENCE_V } from './circuit-model.ts';
import type { PinOutputs } from './circuit-model.ts';

/**
 * What a board output puts on its circuit node, as a Thevenin source:
 * - `source`: a low-impedance output (a pin in OUTPUT or PWM mode, a powered DAC) at `volts`;
 * - `load`: the node sees `ohms` to `volts` (an input pin's leakage, its pull-up, a DAC's
 *   power-down pull-down). The circuit keeps its own state through a `load`.
 */
export type NodeDrive =
  { kind: 'source'; volts: number } | { kind: 'load'; ohms: number; volts: number };

/** ATmega328P internal pull-up: 20-50 kOhm (datasheet, "I/O Pin Pull-up Resistor"). */
const UNO_PULLUP_OHMS = 35_000;
/** A high-impedance input pin: leakage of at most 1 uA at 5 V is more than 5 MOhm; 1 GOhm models it. */
const HIGH_IMPEDANCE_OHMS = 1e9;
const HIGH_IMPEDANCE: NodeDrive = { kind: 'load', ohms: HIGH_IMPEDANCE_OHMS, volts: 0 };

/**
 * The drive of a digital pin. PWM is averaged, duty / 255 x 5 V: the Uno's PWM runs at ~490 Hz
 * (pins 3, 9, 10, 11) or ~980 Hz (5, 6), so a period is 1-2 ms, and every twin filters it with
 * a time constant of 100 ms or more: the ripple left is V x D(1-D) x T / tau, at most
 * 5 V x 0.25 x 2 ms / 100 ms = 25 mV peak to peak (5 LSB), and a transient step of 1 ms could not
 * resolve the carrier anyway. Servo, I2C and input modes do not drive the node.
 */
export function pinDrive(outputs: PinOutputs, pin: number): NodeDrive {
  switch (outputs.modeOf(pin)) {
    case PIN_MODE_OUTPUT:
      return { kind: 'source', volts: outputs.digitalLevelOf(pin) * ADC_REFERENCE_V };
    case PIN_MODE_PWM:
      return { kind: 'source', volts: (outputs.pwmDutyOf(pin) / 255) * ADC_REFERENCE_V };
    case PIN_MODE_PULLUP:
      return { kind: 'load', ohms: UNO_PULLUP_OHMS, volts: ADC_REFERENCE_V };
    default:
      return HIGH_IMPEDANCE;
  }
}

/**
 * The pins as StandardFirmata's `systemResetCallback()` leaves them: analog-capable pins in
 * ANALOG mode, every other digital pin OUTPUT and low. Used to warm the solver up before boot.
 */
export const RESET_PIN_OUTPUTS: PinOutputs = {
  modeOf: (pin) => (isAnalogPin(pin) ? PIN_MODE_ANALOG : PIN_MODE_OUTPUT),
  digitalLevelOf: () => 0,
  pwmDutyOf: () => 0,
};

/** A stable text key of a set of drives, to tell whether anything changed. */
export function drivesKey(drives: readonly (NodeDrive | undefined)[]): string {
  return drives
    .map((d) =>
      d === undefined ? '-' : d.kind === 'source' ? `s${d.volts}` : `l${d.ohms}@${d.volts}`,
    )
    .join('|');
}
