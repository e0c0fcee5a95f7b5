import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { I2cReading } from './bench-driver.ts';
import { FirmataI2cPoller, I2C_TOO_FEW_BYTES } from './firmata-i2c-poller.ts';

/** firmata-io's I2C surface: replies are events named after the address and register. */
class FakeIo extends EventEmitter {
  readonly requests: Array<{ address: number; register: number }> = [];
  i2cReadOnce(address: number, register: number, _n: number, cb: (bytes: number[]) => void) {
    this.requests.push({ address, register });
    this.once(`I2C-reply-${address}-${register}`, cb);
  }
}

describe('FirmataI2cPoller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls at the interval and drops the stale reply that follows a too-few-bytes string', () => {
    const io = new FakeIo();
    const readings: I2cReading[] = [];
    const poller = new FirmataI2cPoller(io, (reading) => readings.push(reading));
    poller.start([{ id: 'current', address: 0x40, register: 0x01, byteCount: 2, intervalMs: 20 }]);
    expect(io.requests).toHaveLength(1);

    io.emit('I2C-reply-64-1', [0x01, 0x02]);
    expect(readings.map((r) => r.bytes)).toEqual([[0x01, 0x02]]);

    vi.advanceTimersByTime(20);
    io.emit('string', I2C_TOO_FEW_BYTES);
    io.emit('I2C-reply-64-1', [0x01, 0x02]);
    expect(readings).toHaveLength(1);
    expect(poller.discarded).toBe(1);

    vi.advanceTimersByTime(20);
    io.emit('I2C-reply-64-1', [0x03, 0x04]);
    expect(readings.map((r) => r.bytes)).toEqual([
      [0x01, 0x02],
      [0x03, 0x04],
    ]);
    poller.stop();
  });
});
