import { describe, expect, it } from 'vitest';
import { UartPacer } from './uart-pacer.ts';

describe('UartPacer', () => {
  const byteMs = 10_000 / 57_600; // 10 bits per byte at 57600 baud

  it('releases each byte only once its 10 bits have been sent', () => {
    const pacer = new UartPacer({ baud: 57_600 });
    pacer.write(Uint8Array.of(1, 2, 3), 0);

    expect(pacer.drain(byteMs * 0.99)).toEqual(new Uint8Array());
    expect(pacer.drain(byteMs)).toEqual(Uint8Array.of(1));
    expect(pacer.drain(byteMs * 2.5)).toEqual(Uint8Array.of(2));
    expect(pacer.drain(100)).toEqual(Uint8Array.of(3));
    expect(pacer.backlogAt(100)).toBe(0);
  });

  it('queues back to back behind bytes still on the line', () => {
    const pacer = new UartPacer({ baud: 57_600 });
    pacer.write(new Uint8Array(10), 0);
    pacer.write(Uint8Array.of(7), byteMs * 2);
    expect(pacer.lastByteDoneAt).toBeCloseTo(11 * byteMs, 9);
    expect(pacer.backlogAt(byteMs * 2)).toBe(9);
  });

  it('blocks the writer while the 64-byte TX buffer is full', () => {
    const pacer = new UartPacer({ baud: 57_600 });
    expect(pacer.write(new Uint8Array(64), 0)).toBe(0); // fits
    // One more byte must wait for the first to leave.
    expect(pacer.write(Uint8Array.of(1), 0)).toBeCloseTo(byteMs, 9);
    // 100 more: returns once only 64 remain queued.
    const returnsAt = pacer.write(new Uint8Array(100), byteMs);
    expect(returnsAt).toBeCloseTo((165 - 64) * byteMs, 9);
    expect(pacer.backlogAt(returnsAt)).toBe(64);
  });

  it('shifts the line schedule after a stall', () => {
    const pacer = new UartPacer({ baud: 57_600 });
    pacer.write(new Uint8Array(20), 0);
    pacer.drain(5 * byteMs);
    pacer.delay(1000);
    expect(pacer.drain(999)).toEqual(new Uint8Array());
    expect(pacer.drain(1000 + 6 * byteMs)).toHaveLength(1);
  });
});
