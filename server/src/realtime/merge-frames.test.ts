import { describe, expect, it } from 'vitest';
import type { SampleFrame } from '@remotelab/protocol';
import { mergeFrames, minMaxBuckets } from './merge-frames.ts';

function frame(seq: number, t0: number, values: number[]): SampleFrame {
  return { benchId: 'b', seq, t0, dt: 1, channels: { a: values, b: values.map((v) => -v) } };
}

describe('mergeFrames', () => {
  it('joins consecutive frames without decimating when they fit', () => {
    const merged = mergeFrames([frame(3, 1000, [1, 2]), frame(4, 1002, [3, 4])], 10);
    expect(merged).toMatchObject({ firstSeq: 3, seq: 4, t0: 1000, dt: 1, decimation: 1 });
    expect(merged.channels.a).toEqual([1, 2, 3, 4]);
  });

  it('keeps a one-sample spike when decimating', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i === 57 ? 99 : 0));
    const merged = mergeFrames([frame(0, 0, values)], 20);
    expect(merged.decimation).toBe(10);
    expect(merged.channels.a).toHaveLength(20);
    expect(Math.max(...merged.channels.a!)).toBe(99);
    expect(Math.min(...merged.channels.b!)).toBe(-99);
    expect(merged.dt).toBe(5);
  });

  it('buckets min then max', () => {
    expect(minMaxBuckets([5, 1, 9, 2, 3], 2)).toEqual([1, 5, 2, 9, 3, 3]);
  });
});
