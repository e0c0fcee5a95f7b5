import { describe, expect, it } from 'vitest';
import type { SampleFrame } from '@remotelab/protocol';
import { decodeChunk, encodeChunk } from './chunk-codec.ts';

const GAIN = 5 / 1023;

/** A seeded generator, so the fixtures are the same on every run. */
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function adcFrames(count: number, rows = 50): SampleFrame[] {
  const random = lcg(7);
  return Array.from({ length: count }, (_, f) => ({
    benchId: 'rc-filter',
    seq: 100 + f,
    t0: 1_700_000_000_000 + f * rows * 1.0002,
    dt: 1.0002,
    channels: {
      vout: Array.from(
        { length: rows },
        (_, i) => Math.round(512 + 300 * Math.sin((f * rows + i) / 200) + random() * 2) * GAIN,
      ),
      ref: Array.from({ length: rows }, () => Math.round(random() * 1023) * GAIN + 0.013),
    },
  }));
}

describe('recording chunk codec', () => {
  it('restores ADC readings to within float noise and keeps frame times exactly', () => {
    const frames = adcFrames(40);
    const decoded = decodeChunk(encodeChunk(frames, () => GAIN));
    expect(decoded.rows).toBe(2000);
    expect(decoded.frames.map((f) => [f.seq, f.t0, f.dt, f.rows])).toEqual(
      frames.map((f) => [f.seq, f.t0, f.dt, 50]),
    );
    const vout = decoded.columns.find((c) => c.id === 'vout')!;
    const ref = decoded.columns.find((c) => c.id === 'ref')!;
    const original = frames.flatMap((f) => f.channels.vout!);
    const originalRef = frames.flatMap((f) => f.channels.ref!);
    original.forEach((v, i) => expect(Math.abs(vout.values[i]! - v)).toBeLessThan(1e-12));
    // an offset that is not a multiple of the step is kept too (the base carries it)
    originalRef.forEach((v, i) => expect(Math.abs(ref.values[i]! - v)).toBeLessThan(1e-12));
  });

  it('stores two 1 kHz channels in well under 2 bytes per sample', () => {
    const frames = adcFrames(40);
    const bytes = encodeChunk(frames, () => GAIN).length;
    // vout is a slow wave plus 1 LSB of noise; ref is uniform noise over 10 bits (the worst case).
    expect(bytes / 4000).toBeLessThan(2);
  });

  it('rounds values that are not on the grid to the nearest step', () => {
    const frame: SampleFrame = {
      benchId: 'b',
      seq: 0,
      t0: 1,
      dt: 1,
      channels: { a: [0.1, 0.1004, 0.2996] },
    };
    const [column] = decodeChunk(encodeChunk([frame], () => 0.001)).columns;
    expect(Array.from(column!.values).map((v) => Number(v.toFixed(6)))).toEqual([0.1, 0.1, 0.3]);
    expect(column!.step).toBe(0.001);
  });

  it('stores exactly what cannot be quantised and marks channels missing from a frame', () => {
    const frames: SampleFrame[] = [
      { benchId: 'b', seq: 5, t0: 1, dt: 1, channels: { a: [1e300, -1e300], b: [1, 2] } },
      { benchId: 'b', seq: 0, t0: 3, dt: 1, channels: { a: [3, 4] } },
    ];
    const decoded = decodeChunk(encodeChunk(frames, () => 0.01));
    expect(decoded.frames.map((f) => f.seq)).toEqual([5, 0]);
    expect(Array.from(decoded.columns[0]!.values)).toEqual([1e300, -1e300, 3, 4]);
    expect(decoded.columns[0]!.step).toBeUndefined();
    expect(Array.from(decoded.columns[1]!.values).map((v) => (Number.isNaN(v) ? null : v))).toEqual(
      [1, 2, null, null],
    );
  });

  it('refuses a chunk of another version or a truncated one', () => {
    const good = encodeChunk(adcFrames(1), () => GAIN);
    expect(() => decodeChunk(good.subarray(0, good.length - 5))).toThrow();
  });
});
