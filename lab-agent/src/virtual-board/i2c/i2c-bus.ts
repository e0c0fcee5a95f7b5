/**
 * A device on the board's I2C bus, as the Wire library meets it: write transactions (the bytes
 * after the address byte) and read transactions of a given length. A device present on the bus
 * ACKs its address; `tMs` is the board's time (ms since boot) of the transaction.
 */
export interface I2cDevice {
  write(bytes: readonly number[], tMs: number): void;
  read(count: number, tMs: number): number[];
}

/** A bus transaction that no device ACKed (wrong address, device missing). */
const NAK = undefined;

/** The devices wired to SDA/SCL (A4/A5 on an Uno), by 7-bit address. */
export class I2cBus {
  private readonly devices = new Map<number, I2cDevice>();

  /** Throws when the address is taken: two devices answering one address is a wiring error. */
  attach(address: number, device: I2cDevice): void {
    if (this.devices.has(address)) {
      throw new Error(`two I2C devices at address 0x${address.toString(16)}`);
    }
    this.devices.set(address, device);
  }

  has(address: number): boolean {
    return this.devices.has(address);
  }

  /** A write transaction; false when no device ACKs the address. */
  write(address: number, bytes: readonly number[], tMs: number): boolean {
    const device = this.devices.get(address);
    device?.write(bytes, tMs);
    return device !== undefined;
  }

  /** A read transaction; NAK (undefined) when no device ACKs the address. */
  read(address: number, count: number, tMs: number): number[] | undefined {
    return this.devices.get(address)?.read(count, tMs) ?? NAK;
  }
}

/**
 * Bytes a master clocks in after the device has nothing more to send: nobody drives SDA, the
 * pull-ups keep it high, so they read 0xFF.
 */
export function padRead(bytes: readonly number[], count: number): number[] {
  return Array.from({ length: count }, (_, i) => bytes[i] ?? 0xff);
}
