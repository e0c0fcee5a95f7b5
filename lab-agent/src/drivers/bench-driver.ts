/**
 * The one seam between the agent and a bench's hardware.
 *
 * Contract (every implementation, checked by `bench-driver.contract.ts`):
 * - `open()` resolves once the board has answered its handshake and the requested pins are
 *   configured; it rejects (and leaves nothing open) when the board cannot be reached.
 * - After `startSampling`, `analog` readings arrive for every requested analog channel, in pin
 *   order within one firmware cycle, each stamped with the host time its bytes arrived.
 * - `write()` puts one value on one pin; it resolves when the bytes were handed to the port.
 *   Drivers do not check ranges: the safety layer above them does, and nothing reaches a driver
 *   without passing it.
 * - `closed` fires exactly once per successful `open()`, whether the host closed it or the link
 *   was lost (cable pulled, board reset, port error); `detail` says which.
 */
export interface BenchDriver {
  open(): Promise<void>;
  close(): Promise<void>;
  write(command: PinWrite): Promise<void>;
  startSampling(request: SamplingRequest): void;
  on(event: 'analog', listener: (reading: AnalogReading) => void): void;
  on(event: 'digital', listener: (reading: DigitalReading) => void): void;
  on(event: 'closed', listener: (detail: string) => void): void;
}

export type PinWrite =
  | { kind: 'pwm'; pin: number; /** 0..255 */ value: number }
  | { kind: 'digital'; pin: number; level: boolean }
  | { kind: 'servo'; pin: number; degrees: number }
  | { kind: 'dac'; /** I2C address */ address: number; /** 12-bit code, 0..4095 */ code: number };

export interface SamplingRequest {
  /** Analog channel numbers (A0 = 0). */
  analogChannels: readonly number[];
  digitalInputPins: readonly number[];
  /** Outputs to configure before sampling starts. */
  pwmPins: readonly number[];
  digitalOutputPins: readonly number[];
  intervalMs: number;
}

export interface AnalogReading {
  channel: number;
  /** 10-bit ADC value, 0..1023. */
  raw: number;
  /** Host time the bytes arrived, ms since epoch. */
  receivedAt: number;
}

export interface DigitalReading {
  pin: number;
  level: boolean;
  receivedAt: number;
}
