import * as F from './firmata-constants.ts';
import type { PinOutputs } from './circuits/circuit-model.ts';
import { UNO_TOTAL_PINS, UNO_TOTAL_PORTS, isDigitalPin, isI2cPin } from './uno-board.ts';
import { isAnalogPin, isPwmPin } from './uno-board.ts';

/** Outcome of a SET_PIN_MODE, as StandardFirmata's switch on the mode decides it. */
export type SetModeResult = 'applied' | 'unsupported' | 'unknown-mode';

/**
 * The pins of an Uno under StandardFirmata 2.5: Firmata's bookkeeping (mode, `pinState`,
 * `portConfigInputs`, `reportPINs`, `previousPINs`) plus what the AVR hardware does with it
 * (the PORTx bit that is either the output level or the pull-up, and the PWM duty). Exposes the
 * outputs to the circuit model through `PinOutputs`.
 */
export class UnoPinState implements PinOutputs {
  // Firmata's pinConfig is zero-initialised (INPUT) until the first systemReset.
  private readonly modes: number[] = new Array<number>(UNO_TOTAL_PINS).fill(F.PIN_MODE_INPUT);
  private readonly states: number[] = new Array<number>(UNO_TOTAL_PINS).fill(0);
  /** PORTx bit: the level of an OUTPUT pin, or the pull-up of an input pin. */
  private readonly portBits: (0 | 1)[] = new Array<0 | 1>(UNO_TOTAL_PINS).fill(0);
  /** Effective PWM duty (0..255) of a PWM pin. */
  private readonly duties: number[] = new Array<number>(UNO_TOTAL_PINS).fill(0);
  private readonly portConfigInputs: number[] = new Array<number>(UNO_TOTAL_PORTS).fill(0);
  /** `reportPINs`: digital ports whose changes are reported. */
  readonly reportPorts: boolean[] = new Array<boolean>(UNO_TOTAL_PORTS).fill(false);
  /** `previousPINs`: last value sent per port. */
  readonly previousPorts: number[] = new Array<number>(UNO_TOTAL_PORTS).fill(0);

  modeOf(pin: number): number {
    return this.modes[pin] ?? F.PIN_MODE_INPUT;
  }

  digitalLevelOf(pin: number): 0 | 1 {
    return this.modeOf(pin) === F.PIN_MODE_OUTPUT ? (this.portBits[pin] ?? 0) : 0;
  }

  pwmDutyOf(pin: number): number {
    return this.modeOf(pin) === F.PIN_MODE_PWM ? (this.duties[pin] ?? 0) : 0;
  }

  info(pin: number): { mode: number; state: number } | undefined {
    if (pin >= UNO_TOTAL_PINS) return undefined;
    return { mode: this.modeOf(pin), state: this.states[pin] ?? 0 };
  }

  /** Part of `systemResetCallback()`: "by default, reporting off", no pin counted as input. */
  resetPorts(): void {
    this.reportPorts.fill(false);
    this.portConfigInputs.fill(0);
    this.previousPorts.fill(0);
  }

  /**
   * `setPinModeCallback()` minus reporting (the emulator handles that): update
   * `portConfigInputs`, zero `pinState`, then apply the mode if the pin supports it.
   */
  setMode(pin: number, mode: number): SetModeResult {
    const port = pin >> 3;
    const bit = 1 << (pin & 7);
    if (isDigitalPin(pin)) {
      const isInput = mode === F.PIN_MODE_INPUT || mode === F.PIN_MODE_PULLUP;
      this.portConfigInputs[port] = isInput
        ? (this.portConfigInputs[port] ?? 0) | bit
        : (this.portConfigInputs[port] ?? 0) & ~bit;
    }
    this.states[pin] = 0;
    const previous = this.modeOf(pin);
    const apply = (portBit?: 0 | 1): SetModeResult => {
      this.modes[pin] = mode;
      if (portBit !== undefined) this.portBits[pin] = portBit;
      return 'applied';
    };
    switch (mode) {
      case F.PIN_MODE_ANALOG:
        // pinMode(INPUT) on the digital side: output driver and pull-up off.
        return isAnalogPin(pin) ? apply(0) : 'unsupported';
      case F.PIN_MODE_INPUT:
        return isDigitalPin(pin) ? apply(0) : 'unsupported';
      case F.PIN_MODE_PULLUP:
        if (!isDigitalPin(pin)) return 'unsupported';
        this.states[pin] = 1;
        return apply(1);
      case F.PIN_MODE_OUTPUT:
        if (!isDigitalPin(pin)) return 'unsupported';
        // "Disable PWM if pin mode was previously set to PWM": digitalWrite(LOW). Otherwise the
        // PORT bit is kept, as pinMode(OUTPUT) does on an AVR.
        return apply(previous === F.PIN_MODE_PWM ? 0 : undefined);
      case F.PIN_MODE_PWM:
        if (!isPwmPin(pin)) return 'unsupported';
        this.duties[pin] = 0; // analogWrite(pin, 0)
        return apply(0);
      case F.PIN_MODE_SERVO:
        return isDigitalPin(pin) ? apply() : 'unsupported';
      case F.PIN_MODE_I2C:
        return isI2cPin(pin) ? apply() : 'unsupported';
      case F.PIN_MODE_SERIAL:
        // SerialFirmata::handlePinMode sets the mode without checking the pin.
        return apply();
      default:
        return 'unknown-mode';
    }
  }

  /**
   * `digitalWriteCallback()`: OUTPUT pins take their bit; an INPUT pin written 1 gets its
   * pull-up (kept for backwards compatibility by the firmware); both update `pinState`. Pins in
   * other modes are left alone. Returns the pins written.
   */
  writePort(port: number, value: number): { pin: number; level: 0 | 1 }[] {
    if (port >= UNO_TOTAL_PORTS) return [];
    const written: { pin: number; level: 0 | 1 }[] = [];
    const lastPin = Math.min(port * 8 + 8, UNO_TOTAL_PINS);
    for (let pin = port * 8; pin < lastPin; pin++) {
      const mode = this.modeOf(pin);
      if (!isDigitalPin(pin) || (mode !== F.PIN_MODE_OUTPUT && mode !== F.PIN_MODE_INPUT)) continue;
      const level: 0 | 1 = value & 0xff & (1 << (pin & 7)) ? 1 : 0;
      if (mode === F.PIN_MODE_OUTPUT) this.portBits[pin] = level;
      else if (level === 1 && this.states[pin] !== 1) this.portBits[pin] = 1;
      this.states[pin] = level;
      written.push({ pin, level });
    }
    return written;
  }

  /** `setPinValueCallback()`: only a digital pin in OUTPUT mode. */
  writePin(pin: number, value: number): boolean {
    if (!isDigitalPin(pin) || this.modeOf(pin) !== F.PIN_MODE_OUTPUT) return false;
    this.states[pin] = value;
    this.portBits[pin] = value === 0 ? 0 : 1;
    return true;
  }

  /** `analogWriteCallback()`: servo and PWM pins keep the value; other modes ignore it. */
  analogWrite(pin: number, value: number): boolean {
    const mode = this.modeOf(pin);
    if (mode === F.PIN_MODE_SERVO && isDigitalPin(pin)) {
      this.states[pin] = value;
      return true;
    }
    if (mode !== F.PIN_MODE_PWM) return false;
    this.states[pin] = value;
    this.duties[pin] = avrPwmDuty(pin, value);
    return true;
  }

  /** `readPort(port, portConfigInputs[port])`: levels of the port's input pins. */
  readInputPort(port: number, read: (pin: number, pulledUp: boolean) => 0 | 1): number {
    const mask = this.portConfigInputs[port] ?? 0;
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      if (!(mask & (1 << bit))) continue;
      const pin = port * 8 + bit;
      const pulledUp = this.modeOf(pin) === F.PIN_MODE_PULLUP || this.portBits[pin] === 1;
      value |= read(pin, pulledUp) << bit;
    }
    return value;
  }
}

/**
 * What Arduino's `analogWrite()` does with a value on an ATmega328P: 0 and 255 become plain
 * LOW / HIGH; otherwise the value goes to the timer's compare register, 16 bits on Timer1
 * (pins 9, 10: above TOP = 255 the pin stays high) and 8 bits on Timer0/Timer2 (pins 3, 5, 6,
 * 11: the value is truncated, so 256 gives 0 % duty).
 */
function avrPwmDuty(pin: number, value: number): number {
  if (value === 0 || value === 255) return value;
  if (pin === 9 || pin === 10) return Math.min(value, 255);
  return value & 0xff;
}
