import { EventEmitter } from 'node:events';
import five from 'johnny-five';
import firmataIo from 'firmata-io';
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

/** Firmata pin modes (firmata protocol.md, "Pin modes"); PULLUP since protocol 2.5. */
const PIN_MODE = { INPUT: 0x00, OUTPUT: 0x01, PWM: 0x03, PULLUP: 0x0b } as const;
/** SAMPLING_INTERVAL sysex (firmata protocol.md, "Sampling Interval"): 0x7A, lsb7, msb7. */
const SAMPLING_INTERVAL = 0x7a;
/** Servo.h's default pulse range (us), the one StandardFirmata attaches with. */
const SERVO_PULSE_US = { min: 544, max: 2400 } as const;

type Firmata = InstanceType<typeof firmataIo.Firmata>;

/** The byte stream under Firmata: a serial port, a TCP socket to a WiFi board or ser2net, a test pipe. */
export interface FirmataTransport {
  write(data: Buffer | number[], callback?: (error?: Error | null) => void): boolean;
  close(callback?: (error?: Error | null) => void): void;
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
  versionQueryDelayMs: number;
  /** Give up the handshake after this long. */
  handshakeTimeoutMs: number;
}

export function openSerialTransport(path: string, baudRate: number): Promise<FirmataTransport> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
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

  constructor(private readonly options: FirmataBenchDriverOptions) {}

  async open(): Promise<void> {
    const transport = await this.options.openTransport();
    this.transport = transport;
    try {
      this.io = await this.handshake(transport);
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
  }

  private handshake(transport: FirmataTransport): Promise<Firmata> {
    return new Promise((resolve, reject) => {
      const io = new firmataIo.Firmata(transport, {
        reportVersionTimeout: this.options.versionQueryDelayMs,
      });
      const board = new five.Board({
        io,
        repl: false,
        sigint: false,
        debug: false,
        timeout: this.options.handshakeTimeoutMs,
      });
      const timer = setTimeout(() => {
        reject(
          new Error(
            `the board did not answer the Firmata handshake within ${this.options.handshakeTimeoutMs} ms`,
          ),
        );
      }, this.options.handshakeTimeoutMs);
      // johnny-five waits for a `connect` event that only its own serial code emits; over an
      // injected, already open transport we emit it ourselves.
      process.nextTick(() => io.emit('connect'));
      board.once('ready', () => {
        clearTimeout(timer);
        resolve(io);
      });
      board.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
      transport.on('close', () => {
        clearTimeout(timer);
        reject(new Error('the serial port closed during the handshake'));
      });
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
    switch (command.kind) {
      case 'pwm':
        io.analogWrite(command.pin, command.value);
        return;
      case 'digital':
        io.digitalWrite(command.pin, command.level ? 1 : 0);
        return;
      case 'servo':
        io.servoWrite(command.pin, command.degrees);
        return;
      case 'dac':
        io.i2cWrite(command.address, mcp4725WriteBytes(command.code));
        return;
    }
  }

  /**
   * Asks the board for a pin's mode and state (PIN_STATE_QUERY): for an output, the value it
   * drives. Lets a test check that a write reached a real board.
   */
  queryPinState(pin: number, timeoutMs = 1000): Promise<{ mode: number; state: number }> {
    const io = this.requireIo();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no PIN_STATE_RESPONSE for ${pin}`)),
        timeoutMs,
      );
      io.queryPinState(pin, () => {
        clearTimeout(timer);
        const record = io.pins[pin];
        resolve({ mode: record?.mode ?? -1, state: record?.state ?? -1 });
      });
    });
  }

  async close(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    this.transport = undefined;
    this.poller?.stop();
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
    this.events.emit('closed', detail);
  }
}

function closeQuietly(transport: FirmataTransport): Promise<void> {
  return new Promise((resolve) => {
    if (!transport.isOpen) return resolve();
    transport.close(() => resolve());
  });
}
