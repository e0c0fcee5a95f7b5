import type { AVRTWI, TWIEventHandler } from 'avr8js';
import type { I2cBus } from '@remotelab/lab-agent/virtual-board';

/**
 * Connects the ATmega328P's TWI (what the Wire library drives) to an I2C bus of device models,
 * transaction by transaction: a write transaction's bytes reach the device at STOP (or at a
 * repeated START), as a device sees a complete command; a read transaction takes the device's
 * answer at the address byte and clocks it out byte by byte (0xFF, the pull-ups, past its end).
 * Every bus event completes at once: at 100 kHz a byte takes 90 us on the wire, a delay Firmata's
 * 10 ms sampling never notices.
 */
export class TwiBusBridge implements TWIEventHandler {
  private writing: { address: number; bytes: number[] } | undefined;
  private reading: number[] = [];

  constructor(
    private readonly twi: AVRTWI,
    private readonly bus: I2cBus,
    /** The board's time in ms, handed to the devices with each transaction. */
    private readonly nowMs: () => number,
  ) {}

  start(): void {
    this.finishWrite();
    this.twi.completeStart();
  }

  stop(): void {
    this.finishWrite();
    this.twi.completeStop();
  }

  connectToSlave(address: number, write: boolean): void {
    const present = this.bus.has(address);
    if (present && write) this.writing = { address, bytes: [] };
    // Wire reads at most its 32-byte buffer in one transaction.
    if (present && !write) this.reading = this.bus.read(address, 32, this.nowMs()) ?? [];
    this.twi.completeConnect(present);
  }

  writeByte(value: number): void {
    this.writing?.bytes.push(value);
    this.twi.completeWrite(this.writing !== undefined);
  }

  readByte(): void {
    this.twi.completeRead(this.reading.shift() ?? 0xff);
  }

  private finishWrite(): void {
    if (!this.writing) return;
    this.bus.write(this.writing.address, this.writing.bytes, this.nowMs());
    this.writing = undefined;
  }
}
