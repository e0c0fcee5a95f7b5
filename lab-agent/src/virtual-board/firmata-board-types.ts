// The emulated firmware's contract with its surroundings, and what it reports about host writes.
import type { WireBus } from './firmata-i2c.ts';

/** What the emulated firmware needs from the outside world. */
export interface FirmataBoardContext {
  /** `Serial.write`: the firmware's outgoing bytes (in a running board, the UART pacer). */
  write(bytes: Uint8Array): void;
  /** Firmware time in ms (`millis()` with sub-ms precision); stamps the pin-write log. */
  now(): number;
  /** `analogRead(channel)` now: raw 0..1023. */
  readAnalog(channel: number): number;
  /** `digitalRead(pin)` of an input pin now; `pulledUp` says whether its pull-up is on. */
  readDigital(pin: number, pulledUp: boolean): 0 | 1;
  /** The outputs just changed (host write, DAC write or reset); circuits take the new drive. */
  outputsChanged(): void;
  /** The I2C bus on A4/A5 (Wire); without it every address NAKs. */
  i2c?: WireBus;
}

/** One write the host made (pin or I2C), as the firmware handled it. */
export type PinWrite = PinLevelWrite | I2cBusWrite;

/** Narrows a log entry to a pin write (consumers of the log filter with it). */
export const isPinLevelWrite = (write: PinWrite): write is PinLevelWrite => write.kind !== 'i2c';

/** A pin mode, level or PWM/servo value the host set. */
export interface PinLevelWrite {
  /** Firmware time (ms, same base as `context.now()`) at which the firmware applied it. */
  t: number;
  kind: 'mode' | 'digital' | 'pwm';
  pin: number;
  /** The mode byte, the digital level or the PWM/servo value, as the host sent it. */
  value: number;
  /** False when StandardFirmata ignored it (e.g. PWM on a pin that is not in PWM mode). */
  accepted: boolean;
  via:
    | 'SET_PIN_MODE'
    | 'SERVO_CONFIG'
    | 'DIGITAL_MESSAGE'
    | 'SET_DIGITAL_PIN_VALUE'
    | 'ANALOG_MESSAGE'
    | 'EXTENDED_ANALOG';
}

/**
 * An I2C write transaction the host asked for (I2C_REQUEST in write mode): the bytes after the
 * address, as they went on the bus. The register-pointer byte a register read writes first is
 * not logged (it only positions a read).
 */
export interface I2cBusWrite {
  t: number;
  kind: 'i2c';
  /** 7-bit device address. */
  address: number;
  bytes: number[];
  /** False when no device ACKed the address. */
  accepted: boolean;
  via: 'I2C_REQUEST';
}

export interface FirmataBoardEvents {
  [event: string]: unknown[];
  'pin-write': [PinWrite];
  /** SYSTEM_RESET from the host (not emitted at boot). */
  reset: [];
}

export interface FirmataBoardEmulatorOptions {
  /**
   * Re-announce REPORT_VERSION and REPORT_FIRMWARE after a SYSTEM_RESET. The real firmware only
   * announces at power-up, which a real Uno goes through each time the port is opened (DTR
   * auto-reset); a pseudo-terminal has no DTR, so SYSTEM_RESET plays that part. Default true.
   */
  announceOnSystemReset?: boolean;
  /** The name REPORT_FIRMWARE carries; default 'StandardFirmata.ino' (tests: a wrong firmware). */
  firmwareName?: string;
  /** Entries kept in `pinWrites` (oldest dropped first); the 'pin-write' event sees all. */
  pinWriteLogLimit?: number;
}
