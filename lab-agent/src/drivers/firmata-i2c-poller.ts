import type { I2cReadRequest, I2cReading } from './bench-driver.ts';

/** The part of firmata-io the poller uses. */
export interface FirmataI2cReader {
  i2cReadOnce(address: number, register: number, n: number, cb: (bytes: number[]) => void): void;
  removeListener(event: string, listener: (bytes: number[]) => void): unknown;
  on(event: 'string', listener: (text: string) => void): unknown;
}

/**
 * What StandardFirmata 2.5 sends (STRING_DATA) when a device returned fewer bytes than asked, e.g.
 * a NAK: it then still sends an I2C_REPLY holding the previous read's bytes (readAndReportData in
 * StandardFirmata.ino), which must not be taken as a reading.
 */
export const I2C_TOO_FEW_BYTES = 'I2C: Too few bytes received';

/** A read still unanswered after this many intervals is given up and asked again. */
const STALE_INTERVALS = 4;

/**
 * Reads I2C registers at each request's own interval with single reads (I2C_REQUEST, read once).
 * Not the firmware's continuous mode: StandardFirmata runs continuous reads at the analog sampling
 * interval (1-19 ms here), and an 11-byte I2C_REPLY that often would crowd the analog reports off
 * a 57600-baud line. One read is outstanding per request at a time, so a silent device costs a
 * listener, not a growing pile of them.
 */
export class FirmataI2cPoller {
  private readonly timers: NodeJS.Timeout[] = [];
  private discardNextReply = false;
  /** Replies dropped because the firmware flagged them as stale. */
  discarded = 0;

  constructor(
    private readonly io: FirmataI2cReader,
    private readonly onReading: (reading: I2cReading) => void,
  ) {
    io.on('string', (text) => {
      if (text.includes(I2C_TOO_FEW_BYTES)) this.discardNextReply = true;
    });
  }

  start(reads: readonly I2cReadRequest[]): void {
    for (const read of reads) {
      const event = `I2C-reply-${read.address}-${read.register}`;
      let pending: { listener: (bytes: number[]) => void; since: number } | undefined;
      const poll = () => {
        const now = Date.now();
        if (pending && now - pending.since < STALE_INTERVALS * read.intervalMs) return;
        if (pending) this.io.removeListener(event, pending.listener);
        const listener = (bytes: number[]) => {
          if (pending?.listener === listener) pending = undefined;
          if (this.discardNextReply) {
            this.discardNextReply = false;
            this.discarded += 1;
            return;
          }
          this.onReading({ id: read.id, bytes: [...bytes], receivedAt: Date.now() });
        };
        pending = { listener, since: now };
        this.io.i2cReadOnce(read.address, read.register, read.byteCount, listener);
      };
      poll();
      this.timers.push(setInterval(poll, read.intervalMs));
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }
}
