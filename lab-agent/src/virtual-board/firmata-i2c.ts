import { encodeI2cReply, encodeString } from './firmata-board-messages.ts';
import type { FirmataBoardContext, I2cBusWrite } from './firmata-board-types.ts';
import { I2C_CONFIG, I2C_REQUEST, PIN_MODE_I2C } from './firmata-constants.ts';

// I2C_REQUEST's second byte (firmata/protocol i2c.md "I2C request"):
//   bit 6 auto restart, bit 5 10-bit address mode, bits 4-3 read/write mode, bits 2-0 address MSB.
const I2C_READ_WRITE_MODE_MASK = 0b0001_1000;
const I2C_WRITE = 0b0000_0000;
const I2C_READ = 0b0000_1000;
const I2C_READ_CONTINUOUSLY = 0b0001_0000;
const I2C_STOP_READING = 0b0001_1000;
const I2C_10BIT_ADDRESS_MODE_MASK = 0b0010_0000;
/** StandardFirmata 2.5's `I2C_MAX_QUERIES`: continuous reads it keeps. */
export const I2C_MAX_QUERIES = 8;
const I2C_REGISTER_NOT_SPECIFIED = -1;
/** Wire's BUFFER_LENGTH on AVR: `requestFrom` asks for at most 32 bytes. */
const WIRE_BUFFER_LENGTH = 32;
/** `byte i2cRxData[64]`: address, register, then up to 62 data bytes. */
const RX_DATA_BYTES = 64;

/** The Wire library as the firmware uses it; undefined results are NAKs. */
export interface WireBus {
  write(address: number, bytes: readonly number[]): boolean;
  read(address: number, count: number): number[] | undefined;
}

/** What the I2C support needs of the firmware around it. */
export interface FirmataI2cHost {
  /** `Serial.write`, the bus (none: every address NAKs), the clock, and "outputs changed". */
  context: Pick<FirmataBoardContext, 'write' | 'i2c' | 'now' | 'outputsChanged'>;
  /** `enableI2CPins()`: SDA and SCL to PIN_MODE_I2C (reporting of A4/A5 goes off). */
  enablePins(): void;
  /** Logs a host-requested write transaction. */
  record(write: I2cBusWrite): void;
}

interface Query {
  address: number;
  register: number;
  bytes: number;
}

/**
 * StandardFirmata 2.5's I2C support (`sysexCallback` cases I2C_REQUEST and I2C_CONFIG,
 * `readAndReportData`, the continuous reads in `loop()`), byte for byte:
 * - write: data bytes are 7-bit pairs, `data = argv[i] + (argv[i + 1] << 7)`, sent in one
 *   transaction; a NAK is not reported (`Wire.endTransmission()`'s result is ignored);
 * - read once / continuously: with `argc == 6` a register is written first, otherwise the read
 *   starts where the device's pointer is (the reply then names register 0);
 * - a device that does not answer makes the firmware send "I2C: Too few bytes received" and then
 *   an I2C_REPLY of the requested length whose data bytes are stale (whatever `i2cRxData` held);
 * - at most 8 continuous queries; "stop reading" removes the first query of that address (or the
 *   first query at all when none matches, as the firmware's loop does);
 * - 10-bit addresses are refused with "10-bit addressing not supported".
 * Not modelled: bus timing (`delayMicroseconds(70)`, the I2C_CONFIG read delay, 100 kHz clock).
 */
export class FirmataI2c {
  private enabled = false;
  private queries: Query[] = [];
  private readonly rxData: number[] = new Array<number>(RX_DATA_BYTES).fill(0);

  constructor(private readonly host: FirmataI2cHost) {}

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Handles I2C_REQUEST and I2C_CONFIG; false for other sysex commands. */
  sysex(command: number, argv: readonly number[]): boolean {
    if (command === I2C_CONFIG) {
      // "delayTime = (argv[0] + (argv[1] << 7)); ... if (!isI2CEnabled) enableI2CPins();"
      if (!this.enabled) {
        this.host.enablePins();
        this.enabled = true;
      }
      return true;
    }
    if (command !== I2C_REQUEST) return false;
    const [address, flags] = argv;
    if (address === undefined || flags === undefined) return true;
    if (flags & I2C_10BIT_ADDRESS_MODE_MASK) {
      this.host.context.write(encodeString('10-bit addressing not supported'));
      return true;
    }
    switch (flags & I2C_READ_WRITE_MODE_MASK) {
      case I2C_WRITE: {
        const bytes: number[] = [];
        for (let i = 2; i < argv.length; i += 2) {
          bytes.push(((argv[i] ?? 0) + ((argv[i + 1] ?? 0) << 7)) & 0xff);
        }
        const { context } = this.host;
        const accepted = context.i2c?.write(address, bytes) ?? false;
        this.host.record({
          t: context.now(),
          kind: 'i2c',
          address,
          bytes,
          accepted,
          via: 'I2C_REQUEST',
        });
        // A DAC may have moved: the circuit takes the new drive.
        if (accepted) context.outputsChanged();
        return true;
      }
      case I2C_READ:
        this.readAndReport({ address, ...readArguments(argv) });
        return true;
      case I2C_READ_CONTINUOUSLY:
        if (this.queries.length >= I2C_MAX_QUERIES) {
          this.host.context.write(encodeString('too many queries'));
        } else this.queries.push({ address, ...readArguments(argv) });
        return true;
      case I2C_STOP_READING:
        if (this.queries.length <= 1) this.queries = [];
        else
          this.queries.splice(
            Math.max(
              0,
              this.queries.findIndex((q) => q.address === address),
            ),
            1,
          );
        return true;
      default:
        return true;
    }
  }

  /** The continuous reads of one `loop()` sampling cycle; returns how many replies were sent. */
  reportQueries(): number {
    for (const query of this.queries) this.readAndReport(query);
    return this.queries.length;
  }

  /**
   * `setPinModeCallback()` on SDA or SCL: "if (getPinMode(pin) == PIN_MODE_I2C && isI2CEnabled &&
   * mode != PIN_MODE_I2C) disableI2CPins()".
   */
  pinModeChanging(currentMode: number, newMode: number): void {
    if (currentMode === PIN_MODE_I2C && this.enabled && newMode !== PIN_MODE_I2C) this.disable();
  }

  /** `disableI2CPins()`: I2C off, continuous reads dropped (reset, or SDA/SCL given another mode). */
  disable(): void {
    this.enabled = false;
    this.queries = [];
  }

  /** `readAndReportData(address, theRegister, numBytes, stopTX)`. */
  private readAndReport({ address, register, bytes: count }: Query): void {
    const { i2c, write } = this.host.context;
    let reportedRegister = register;
    if (register !== I2C_REGISTER_NOT_SPECIFIED) i2c?.write(address, [register & 0xff]);
    else reportedRegister = 0;
    const received = i2c?.read(address, Math.min(count, WIRE_BUFFER_LENGTH)) ?? [];
    if (count > received.length) write(encodeString('I2C: Too few bytes received'));
    this.rxData[0] = address;
    this.rxData[1] = reportedRegister & 0xff;
    received.forEach((byte, i) => {
      if (2 + i < RX_DATA_BYTES) this.rxData[2 + i] = byte;
    });
    const data = Array.from({ length: count }, (_, i) => this.rxData[2 + i] ?? 0);
    write(encodeI2cReply(address, reportedRegister & 0xff, data));
  }
}

/** Register (when `argc == 6`) and byte count of a read request; `data` is a byte in the firmware. */
function readArguments(argv: readonly number[]): { register: number; bytes: number } {
  const pair = (i: number) => (argv[i] ?? 0) + ((argv[i + 1] ?? 0) << 7);
  if (argv.length === 6) return { register: pair(2), bytes: pair(4) & 0xff };
  return { register: I2C_REGISTER_NOT_SPECIFIED, bytes: pair(2) & 0xff };
}
