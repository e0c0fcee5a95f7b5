import { EventEmitter } from 'node:events';
import type firmataIo from 'firmata-io';
import { SerialPort } from 'serialport';
import { mcp4725WriteBytes } from '../devices/mcp4725.ts';
import type {
  AnalogReading,
  BenchDriver,
  DigitalReading,
  I2cReading,
  PinWrite,
  SamplingRequest,
} from './bench-driver.ts';
import { FirmataI2cPoller } from './firmata-i2c-poller.ts';
import { firmataHandshake, forgetBoardOf } from './firmata-handshake.ts';
import {
  WriteNotAppliedError,
  queryPinState,
  sendConfirmed,
  type PinLevelWrite,
} from './pin-confirmation.ts';

/** Firmata pin modes (firmata protocol.md, "Pin modes"); PULLUP since protocol 2.5. */
const PIN_MODE = { INPUT: 0x00, OUTPUT: 0x01, PWM: 0x03, PULLUP: 0x0b } as const;
/** How long a confirmation waits for PIN_STATE_RESPONSE unless told otherwise. */
const DEFAULT_CONFIRM_TIMEOUT_MS = 2000;
/** SAMPLING_INTERVAL sysex (firmata protocol.md, "Sampling Interval"): 0x7A, lsb7, msb7. */
const SAMPLING_INTERVAL = 0x7a;
/** Servo.h's default pulse range (us), the one StandardFirmata attaches with. */
const SERVO_PULSE_US = { min: 544, max: 2400 } as const;

type Firmata = InstanceType<typeof firmataIo.Firmata>;

/** The byte stream under Firmata: a serial port, a TCP socket to a WiFi board or ser2net, a test pipe. */
export interface FirmataTransport {
  write(data: Buffer | number[], callback?: (error?: Error | null) => void): boolean;
  close(callback?: (error?: Error | null) => void): void;
  /** Calls back once every byte written so far has left (serialport's tcdrain). */
  drain?(callback: (error?: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'close' | 'error', listener: (arg?: unknown) => void): this;
  readonly isOpen: boolean;
}

export interface FirmataBenchDriverOptions {
  /** Opens the byte stream; the default opens `path` with serialport. */
  openTransport: () => Promise<FirmataTransport>;
  /**
   * How long to wait for the board to announce its version before asking for it. An Uno resets
   * when its port opens and announces itself ~3 s later; a virtual board or a WiFi board does not
   * reset, so a short delay saves seconds on every reconnect.
   */
  versionQueryDelayMs: number | (() => Promise<number>);
  /** Give up the handshake after this long; default the version-query delay + 5 s. */
  handshakeTimeoutMs?: number;
  /**
   * Read each pin write back from the board (PIN_STATE_QUERY) before `write()` resolves; a write
   * the board did not take is retried once, then rejected with WriteNotAppliedError. Default true.
   */
  confirmWrites?: boolean;
  /** How long one read-back waits for the board's answer. Default 2000 ms. */
  confirmTimeoutMs?: number;
  /** Errors the libraries raise after the handshake (logged by the caller, never thrown). */
  onLateError?: (error: Error) => void;
}

export function openSerialTransport(path: string, baudRate: number): Promise<FirmataTransport> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    // FirmataTransport is the part of a SerialPort firmata-io uses, declared in our words; the
    // SerialPort's overloaded stream types do not line up with it structurally.
    port.open((error) => (error ? reject(error) : resolve(port as unknown as FirmataTransport)));
  });
}

/**
 * Drives an Arduino running StandardFirmata 2.5 or ConfigurableFirmata 3 through firmata-io
 * (johnny-five only performs the handshake). The only module that touches those libraries, and it
 * uses only messages both firmwares implement: pin modes (including PULLUP), digital port and
 * analog writes, analog and digital reporting, SAMPLING_INTERVAL, SERVO_CONFIG, I2C_CONFIG and
 * I2C_REQUEST (write, read once). One instance per `open()`: johnny-five cannot reconnect a lost
 * board, so the agent makes a new driver for each attempt.
 */
export class FirmataBenchDriver implements BenchDriver {
  private readonly events = new EventEmitter();
  private transport: FirmataTransport | undefined;
  private io: Firmata | undefined;
  private poller: FirmataI2cPoller | undefined;
  private closedEmitted = false;
  /** Confirmed writes run one at a time: a PIN_STATE_RESPONSE answers every waiting query. */
  private writes: Promise<void> = Promise.resolve();
  /** Moves on when a write is not applied: writes queued before that are not sent. */
  private generation = 0;

  constructor(private readonly options: FirmataBenchDriverOptions) {}

  async open(): Promise<void> {
    const transport = await this.options.openTransport();
    this.transport = transport;
    try {
      const delay = this.options.versionQueryDelayMs;
      const versionQueryDelayMs = typeof delay === 'number' ? delay : await delay();
      this.io = await firmataHandshake(transport, {
        versionQueryDelayMs,
        handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? versionQueryDelayMs + 5000,
        onLateError: this.options.onLateError,
      });
    } catch (error) {
      this.transport = undefined;
      await closeQuietly(transport);
      throw error;
    }
    transport.on('close', () => this.emitClosed('serial port closed'));
    transport.on('error', (error) => {
      this.emitClosed(`serial port error: ${(error as Error).message}`);
      void closeQuietly(transport);
    });
    // StandardFirmata announces its version only at boot: a second announcement means the board
    // reset under us (DTR toggled, brown-out, watchdog) and lost every pin mode and report.
    this.io.on('reportversion', () => {
      this.emitClosed('the board reset (it announced its firmware again)');
      void closeQuietly(transport);
    });
  }

  startSampling(request: SamplingRequest): void {
    const io = this.requireIo();
    // firmata.js refuses intervals under 10 ms; the firmware accepts 1 ms, so send the raw sysex.
    const interval = Math.max(1, Math.round(request.intervalMs));
    io.sysexCommand([SAMPLING_INTERVAL, interval & 0x7f, (interval >> 7) & 0x7f]);
    for (const pin of request.pwmPins) io.pinMode(pin, PIN_MODE.PWM);
    for (const pin of request.digitalOutputPins) io.pinMode(pin, PIN_MODE.OUTPUT);
    for (const pin of request.servoPins)
      io.servoConfig(pin, SERVO_PULSE_US.min, SERVO_PULSE_US.max);
    for (const { pin, pullUp } of request.digitalInputs) {
      io.pinMode(pin, pullUp ? PIN_MODE.PULLUP : PIN_MODE.INPUT);
      io.digitalRead(pin, (value) => {
        const reading: DigitalReading = { pin, level: value === 1, receivedAt: Date.now() };
        this.events.emit('digital', reading);
      });
    }
    if (request.usesI2c) {
      io.i2cConfig(0);
      for (const { address, bytes } of request.i2cSetup) io.i2cWrite(address, [...bytes]);
      this.poller = new FirmataI2cPoller(io, (reading: I2cReading) =>
        this.events.emit('i2c', reading),
      );
      this.poller.start(request.i2cReads);
    }
    for (const channel of [...request.analogChannels].sort((a, b) => a - b)) {
      io.analogRead(channel, (raw) => {
        const reading: AnalogReading = { channel, raw, receivedAt: Date.now() };
        this.events.emit('analog', reading);
      });
    }
  }

  async write(command: PinWrite): Promise<void> {
    const io = this.requireIo();
    if (this.options.confirmWrites === false) return this.sendUnconfirmed(io, command);
    const timeoutMs = this.options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
    const send = {
      value: (write: PinLevelWrite) => this.sendValue(io, write),
      mode: (write: PinLevelWrite) => this.sendMode(io, write),
    };
    // Every write, DAC included, leaves in the order the safety guard committed it: an interlock
    // holds on the board only if "off" reaches it before the "on" that relies on it. A write
    // queued behind one the board did not take was checked against a state the board does not
    // have: it is not sent.
    const generation = this.generation;
    const confirmed = this.writes.then(async () => {
      if (generation !== this.generation) throw new WriteNotAppliedError(command, undefined, true);
      if (command.kind === 'dac') return this.sendUnconfirmed(io, command);
      try {
        await sendConfirmed(io, command, send, timeoutMs);
      } catch (error) {
        if (error instanceof WriteNotAppliedError) this.generation += 1;
        throw error;
      }
    });
    // The queue only orders writes: the next one waits for this one to settle either way. The
    // failure itself is not swallowed: `confirmed` carries it to the caller (NOT_APPLIED).
    this.writes = confirmed.then(
      () => undefined,
      () => undefined,
    );
    return confirmed;
  }

  /** Hands the write to the port: an I2C DAC write (no read-back), or any write unconfirmed. */
  private sendUnconfirmed(io: Firmata, command: PinWrite): void {
    if (command.kind === 'dac') io.i2cWrite(command.address, mcp4725WriteBytes(command.code));
    else this.sendValue(io, command);
  }

  private sendValue(io: Firmata, write: PinLevelWrite): void {
    switch (write.kind) {
      case 'pwm':
        io.analogWrite(write.pin, write.value);
        return;
      case 'digital':
        io.digitalWrite(write.pin, write.level ? 1 : 0);
        return;
      case 'servo':
        io.servoWrite(write.pin, write.degrees);
        return;
    }
  }

  private sendMode(io: Firmata, write: PinLevelWrite): void {
    if (write.kind === 'servo') io.servoConfig(write.pin, SERVO_PULSE_US.min, SERVO_PULSE_US.max);
    else io.pinMode(write.pin, write.kind === 'pwm' ? PIN_MODE.PWM : PIN_MODE.OUTPUT);
  }

  /**
   * Asks the board for a pin's mode and state (PIN_STATE_QUERY): for an output, the value it
   * drives. Lets a test check that a write reached a real board.
   */
  async queryPinState(pin: number, timeoutMs = 1000): Promise<{ mode: number; state: number }> {
    const state = await queryPinState(this.requireIo(), pin, timeoutMs);
    if (!state) throw new Error(`no PIN_STATE_RESPONSE for ${pin}`);
    return state;
  }

  async close(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    this.transport = undefined;
    this.poller?.stop();
    if (this.io) forgetBoardOf(this.io);
    await closeQuietly(transport);
    this.emitClosed('closed by the agent');
  }

  on(event: 'analog', listener: (reading: AnalogReading) => void): void;
  on(event: 'digital', listener: (reading: DigitalReading) => void): void;
  on(event: 'i2c', listener: (reading: I2cReading) => void): void;
  on(event: 'closed', listener: (detail: string) => void): void;
  on(
    event: string,
    listener: (arg: AnalogReading & DigitalReading & I2cReading & string) => void,
  ): void {
    this.events.on(event, listener);
  }

  private requireIo(): Firmata {
    if (!this.io || !this.transport) throw new Error('the board is not open');
    return this.io;
  }

  private emitClosed(detail: string): void {
    if (this.closedEmitted) return;
    this.closedEmitted = true;
    this.transport = undefined;
    this.poller?.stop();
    if (this.io) forgetBoardOf(this.io);
    this.events.emit('closed', detail);
  }
}

/** Longest wait for written bytes to leave before the port closes anyway. */
const DRAIN_TIMEOUT_MS = 1000;

/**
 * Closes the port once the bytes written so far have left: closing a serialport with writes
 * pending drops them, and the last ones written are the safe state.
 */
async function closeQuietly(transport: FirmataTransport): Promise<void> {
  if (!transport.isOpen) return;
  const drain = transport.drain?.bind(transport);
  if (drain) {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
      drain(() => resolve());
    });
    clearTimeout(timer);
  }
  if (!transport.isOpen) return;
  await new Promise<void>((resolve) => transport.close(() => resolve()));
}
