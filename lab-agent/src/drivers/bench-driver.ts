/**
 * The one seam between the agent and a bench's hardware.
 *
 * Contract (every implementation, checked by `bench-driver.contract.ts`):
 * - `open()` resolves once the board has answered its handshake and the requested pins are
 *   configured; it rejects (and leaves nothing open) when the board cannot be reached.
 * - After `startSampling`, `analog` readings arrive for every requested analog channel, in pin
 *   order within one firmware cycle, each stamped with the host time its bytes arrived; `digital`
 *   readings when an input pin changes (and once when reporting starts); `i2c` readings for each
 *   requested I2C read about every `intervalMs` while the device answers.
 * - `write()` puts one value on one pin; it resolves only once the board confirmed it holds the
 *   value (a pin read back from the board; an I2C DAC write, which has no read-back, when the bytes
 *   were handed to the port). A write the board did not take is sent once more; if it still did
 *   not, `write()` rejects with WriteNotAppliedError. Writes issued together are applied and
 *   confirmed in order. Drivers do not check ranges: the safety layer above them does, and nothing
 *   reaches a driver without passing it.
 * - `open()` never lets a failed handshake escape as an uncaught error: a silent board, a port
 *   that vanishes, a board running another firmware each reject `open()` and nothing else.
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
  on(event: 'i2c', listener: (reading: I2cReading) => void): void;
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
  digitalInputs: ReadonlyArray<{ pin: number; pullUp: boolean }>;
  /** Outputs to configure before sampling starts. */
  pwmPins: readonly number[];
  digitalOutputPins: readonly number[];
  servoPins: readonly number[];
  /** The bench has I2C devices (a DAC, a sensor): the bus is configured before any I2C use. */
  usesI2c: boolean;
  /** I2C writes made once after the bus is configured (device set-up), in order. */
  i2cSetup: ReadonlyArray<{ address: number; bytes: readonly number[] }>;
  /** I2C registers to read repeatedly; `id` names the reading. */
  i2cReads: readonly I2cReadRequest[];
  intervalMs: number;
}

export interface I2cReadRequest {
  id: string;
  address: number;
  register: number;
  byteCount: number;
  intervalMs: number;
}

export interface I2cReading {
  id: string;
  bytes: number[];
  receivedAt: number;
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
