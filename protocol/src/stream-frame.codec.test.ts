import { describe, expect, it } from 'vitest';
import type { StreamFrame } from './sample-frame.schema.ts';
import { decodeStreamFrame, encodeStreamFrame, packedFrameBytes } from './stream-frame.codec.ts';

const VOLTS_PER_LSB = 5 / 1023;

/** 50 ms of the RC bench: two channels, 48 rows, values on the 10-bit ADC's grid. */
function rcFrame(): StreamFrame {
  const vout = Array.from({ length: 48 }, (_, i) => Math.round(200 + i * 7) * VOLTS_PER_LSB);
  const ref = Array.from(
    { length: 48 },
    (_, i) => Math.round(512 + 300 * Math.sin(i / 9)) * VOLTS_PER_LSB,
  );
  return {
    benchId: 'rc-filter',
    seq: 123_456,
    firstSeq: 123_456,
    t0: 1_731_234_567_890.125,
    dt: 50 / 48,
    decimation: 1,
    channels: { vout, ref },
  };
}

describe('packed stream frames', () => {
  it('round-trips values within half a quantisation step, far below an ADC step', () => {
    const frame = rcFrame();
    const packed = encodeStreamFrame(frame);
    const decoded = decodeStreamFrame(packed)!;
    expect(decoded).toMatchObject({
      benchId: 'rc-filter',
      seq: 123_456,
      firstSeq: 123_456,
      t0: frame.t0,
      dt: frame.dt,
      decimation: 1,
    });
    expect(packed.channels).toEqual(['vout', 'ref']);
    for (const id of ['vout', 'ref']) {
      const column = frame.channels[id]!;
      const step = (Math.max(...column) - Math.min(...column)) / 65535;
      expect(step).toBeLessThan(VOLTS_PER_LSB / 50);
      column.forEach((v, i) => {
        expect(Math.abs(decoded.channels[id]![i]! - v)).toBeLessThanOrEqual(step / 2 + 1e-12);
        // the ADC count survives exactly
        expect(Math.round(decoded.channels[id]![i]! / VOLTS_PER_LSB)).toBe(
          Math.round(v / VOLTS_PER_LSB),
        );
      });
    }
  });

  it('costs 2 B per sample plus a header of 32 + 16 B per channel and the names', () => {
    const frame = rcFrame();
    const packed = encodeStreamFrame(frame);
    expect((packed.data as Uint8Array).byteLength).toBe(32 + 2 * 16 + 96 * 2);
    const json = JSON.stringify(['frame', frame]).length;
    const samples = 96;
    expect(json / samples).toBeGreaterThan(15);
    expect(packedFrameBytes(packed) / samples).toBeLessThan(4);
  });

  it('carries a constant column exactly', () => {
    const frame = { ...rcFrame(), channels: { v: [3.3, 3.3, 3.3] } };
    expect(decodeStreamFrame(encodeStreamFrame(frame))!.channels.v).toEqual([3.3, 3.3, 3.3]);
  });

  it('reads data from an ArrayBuffer (a browser) and a Node Buffer at any byte offset', () => {
    const packed = encodeStreamFrame(rcFrame());
    const bytes = packed.data as Uint8Array;
    const expected = decodeStreamFrame(packed)?.channels.vout;
    const pool = Buffer.alloc(bytes.byteLength + 3);
    pool.set(bytes, 3);
    expect(decodeStreamFrame({ ...packed, data: pool.subarray(3) })?.channels.vout).toEqual(
      expected,
    );
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(decodeStreamFrame({ ...packed, data: buffer })?.channels.vout).toEqual(expected);
  });

  it('refuses what does not add up', () => {
    const good = encodeStreamFrame(rcFrame());
    const bytes = good.data as Uint8Array;
    const patched = (write: (view: DataView) => void) => {
      const copy = bytes.slice();
      write(new DataView(copy.buffer));
      return { ...good, data: copy };
    };
    const bad: unknown[] = [
      null,
      'frame',
      { ...good, channels: ['vout'] },
      { ...good, channels: [] },
      { ...good, channels: ['vout', 7] },
      { ...good, benchId: 3 },
      { ...good, data: bytes.subarray(0, bytes.byteLength - 1) },
      { ...good, data: bytes.subarray(0, 10) },
      { ...good, data: undefined },
      patched((v) => v.setUint16(28, 47, true)),
      patched((v) => v.setFloat64(16, -1, true)),
      patched((v) => v.setFloat64(8, Number.NaN, true)),
      patched((v) => v.setFloat64(40, Number.POSITIVE_INFINITY, true)),
    ];
    for (const packed of bad) expect(decodeStreamFrame(packed)).toBeNull();
  });
});
