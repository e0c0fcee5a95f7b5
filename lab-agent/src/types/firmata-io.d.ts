// firmata-io ships no types; we declare only what the agent uses.
declare module 'firmata-io' {
  import type { EventEmitter } from 'node:events';

  interface FirmataOptions {
    reportVersionTimeout?: number;
    skipCapabilities?: boolean;
    samplingInterval?: number;
  }

  export class Firmata extends EventEmitter {
    constructor(transport: unknown, options?: FirmataOptions, callback?: (error?: Error) => void);
    readonly isReady: boolean;
    readonly MODES: Record<string, number>;
    readonly analogPins: number[];
    readonly pins: Array<{
      supportedModes: number[];
      analogChannel: number;
      mode?: number;
      value?: number;
      state?: number;
    }>;
    readonly firmware: { name?: string; version?: { major: number; minor: number } };
    readonly version: { major?: number; minor?: number };
    /** The timer that asks for the version after `reportVersionTimeout`; cleared on the answer. */
    readonly reportVersionTimeoutId?: NodeJS.Timeout;
    pinMode(pin: number, mode: number): this;
    analogWrite(pin: number, value: number): this;
    digitalWrite(pin: number, value: 0 | 1): this;
    analogRead(channel: number, callback: (value: number) => void): void;
    digitalRead(pin: number, callback: (value: number) => void): void;
    reportAnalogPin(channel: number, value: 0 | 1): void;
    reportDigitalPin(pin: number, value: 0 | 1): void;
    setSamplingInterval(intervalMs: number): void;
    sysexCommand(message: number[]): this;
    reset(): void;
    servoConfig(pin: number, minPulseUs: number, maxPulseUs: number): void;
    servoWrite(pin: number, degrees: number): void;
    i2cConfig(delayUs: number): this;
    i2cWrite(address: number, bytes: number[]): this;
    /** A read without a register: the reply event is named after register 0. */
    i2cReadOnce(address: number, byteCount: number, callback: (bytes: number[]) => void): void;
    i2cReadOnce(
      address: number,
      register: number,
      byteCount: number,
      callback: (bytes: number[]) => void,
    ): void;
    queryPinState(pin: number, callback: () => void): void;
  }

  interface BindTransport {
    (transport: unknown): typeof Firmata;
    Firmata: typeof Firmata;
  }
  const bindTransport: BindTransport;
  export default bindTransport;
}
