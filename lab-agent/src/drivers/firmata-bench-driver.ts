import { EventEmitter } from 'node:events';
import five from 'johnny-five';
import firmataIo from 'firmata-io';
import { SerialPort } from 'serialport';
import type {
  AnalogReading,
  BenchDriver,
  DigitalReading,
  PinWrite,
  SamplingRequest,
} from './bench-driver.ts';

/** Firmata pin modes (firmata protocol.md, "Pin modes"). */
const PIN_MODE = { INPUT: 0x00, OUTPUT: 0x01, ANALOG: 0x02, PWM: 0x03 } as const;
/** SAMPLING_INTERVAL sysex (firmata protocol.md, "Sampling Interval"): 0x7A, lsb7, msb7. */
const SAMPLING_INTERVAL = 0x7a;

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
 * Drives an Arduino running StandardFirmata 2.5 or ConfigurableFirmata 3 through johnny-five over
 * firmata-io. The only module that touches those libraries. One instance per `open()`: johnny-five
 * cannot reconnect a lost board, so the agent makes a new driver for each attempt.
 */
export class FirmataBenchDriver implements BenchDriver {
  private readonly events = new EventEmitter();
  private transport: FirmataTransport | undefined;
  private board: InstanceType<typeof five.Board> | undefined;
  private closedEmitted = false;

  constructor(private readonly options: FirmataBenchDriverOptions) {}

  async open(): Promise<void> {
    const transport = await this.options.openTransport();
    this.transport = transport;
    try {
      this.board = await this.handshake(transport);
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

  private handshake(transport: FirmataTransport): Promise<InstanceType<typeof five.Board>> {
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
        resolve(board);
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
    const board = this.requireBoard();
    // firmata.js refuses intervals under 10 ms; the firmware accepts 1 ms, so send the raw sysex.
    const interval = Math.max(1, Math.round(request.intervalMs));
    board.sysexCommand([SAMPLING_INTERVAL, interval & 0x7f, (interval >> 7) & 0x7f]);
    for (const pin of request.pwmPins) board.pinMode(pin, PIN_MODE.PWM);
    for (const pin of request.digitalOutputPins) board.pinMode(pin, PIN_MODE.OUTPUT);
    for (const pin of request.digitalInputPins) {
      board.pinMode(pin, PIN_MODE.INPUT);
      board.digitalRead(pin, (value) => {
        const reading: DigitalReading = { pin, level: value === 1, receivedAt: Date.now() };
        this.events.emit('digital', reading);
      });
    }
    for (const channel of [...request.analogChannels].sort((a, b) => a - b)) {
      board.analogRead(channel, (raw) => {
        const reading: AnalogReading = { channel, raw, receivedAt: Date.now() };
        this.events.emit('analog', reading);
      });
    }
  }

  async write(command: PinWrite): Promise<void> {
    const board = this.requireBoard();
    switch (command.kind) {
      case 'pwm':
        board.analogWrite(command.pin, command.value);
        return;
      case 'digital':
        board.digitalWrite(command.pin, command.level ? 1 : 0);
        return;
      default:
        // Servo and I2C writes arrive with the bench-definition work (issue 3).
        throw new Error(`this driver cannot write ${command.kind} yet`);
    }
  }

  async close(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    this.transport = undefined;
    await closeQuietly(transport);
    this.emitClosed('closed by the agent');
  }

  on(event: 'analog', listener: (reading: AnalogReading) => void): void;
  on(event: 'digital', listener: (reading: DigitalReading) => void): void;
  on(event: 'closed', listener: (detail: string) => void): void;
  on(event: string, listener: (arg: AnalogReading & DigitalReading & string) => void): void {
    this.events.on(event, listener);
  }

  private requireBoard(): InstanceType<typeof five.Board> {
    if (!this.board || !this.transport) throw new Error('the board is not open');
    return this.board;
  }

  private emitClosed(detail: string): void {
    if (this.closedEmitted) return;
    this.closedEmitted = true;
    this.transport = undefined;
    this.events.emit('closed', detail);
  }
}

function closeQuietly(transport: FirmataTransport): Promise<void> {
  return new Promise((resolve) => {
    if (!transport.isOpen) return resolve();
    transport.close(() => resolve());
  });
}
