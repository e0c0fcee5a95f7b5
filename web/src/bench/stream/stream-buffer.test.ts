import { describe, expect, it } from 'vitest';
import type { StreamFrame } from '@remotelab/protocol';
import { StreamBuffer, capacityFor } from './stream-buffer.ts';
import type { ChannelRing } from './channel-ring.ts';

const T0 = 1_700_000_000_000;

function frame(
  seq: number,
  t0: number,
  channels: Record<string, number[]>,
  extra: Partial<StreamFrame> = {},
): StreamFrame {
  return { benchId: 'rc-filter', seq, firstSeq: seq, decimation: 1, t0, dt: 1, channels, ...extra };
}

function values(ring: ChannelRing | undefined): number[] {
  if (!ring) throw new Error('no such ring');
  const out = new Float64Array(ring.capacity);
  return Array.from(out.subarray(0, ring.copyInto(out)));
}

describe('capacityFor', () => {
  it('holds 10 s of samples, bounded on both sides', () => {
    expect(capacityFor(1)).toBe(10_000);
    expect(capacityFor(10)).toBe(1_000);
    expect(capacityFor(1000)).toBe(100);
    expect(capacityFor(0.1)).toBe(20_000);
    expect(capacityFor(0)).toBe(10_000);
    expect(capacityFor(Number.NaN)).toBe(10_000);
  });
});

describe('StreamBuffer.append', () => {
  it('appends the columns of a frame with times t0 + i * dt', () => {
    const buffer = new StreamBuffer(['vout', 'ref'], 16);
    expect(buffer.append(frame(0, T0, { vout: [1, 2, 3], ref: [4, 5, 6] }))).toBe('appended');
    expect(values(buffer.time)).toEqual([T0, T0 + 1, T0 + 2]);
    expect(values(buffer.channel('vout'))).toEqual([1, 2, 3]);
    expect(values(buffer.channel('ref'))).toEqual([4, 5, 6]);
    expect(buffer.revision).toBe(1);
  });

  it('keeps rings aligned: a channel missing from a frame gets NaN, unknown channels are ignored', () => {
    const buffer = new StreamBuffer(['vout', 'ref'], 16);
    buffer.append(frame(0, T0, { vout: [1, 2], other: [9, 9] }));
    expect(values(buffer.channel('vout'))).toEqual([1, 2]);
    expect(values(buffer.channel('ref'))).toEqual([NaN, NaN]);
    expect(buffer.channel('other')).toBeUndefined();
  });

  it('appends a decimated, merged frame at its own row spacing and continues after its last seq', () => {
    const buffer = new StreamBuffer(['vout'], 64);
    buffer.append(frame(9, T0, { vout: [0.5] }));
    // Agent frames 10..13 merged; buckets of 4 rows became min, max pairs: 6 rows at 2 ms apart.
    const merged = frame(
      13,
      T0 + 10,
      { vout: [1, 2, 1.5, 2.5, 1, 3] },
      { firstSeq: 10, decimation: 4, dt: 2 },
    );
    expect(buffer.append(merged)).toBe('appended');
    expect(values(buffer.time)).toEqual([T0, T0 + 10, T0 + 12, T0 + 14, T0 + 16, T0 + 18, T0 + 20]);
    expect(values(buffer.channel('vout'))).toEqual([0.5, 1, 2, 1.5, 2.5, 1, 3]);
    expect(buffer.stats.missedFrames).toBe(0);
    // One of the merged frames again: stale.
    expect(buffer.append(frame(12, T0 + 5, { vout: [7] }))).toBe('stale');
    expect(buffer.append(frame(14, T0 + 22, { vout: [4] }))).toBe('appended');
    expect(buffer.stats).toEqual({ frames: 3, stale: 1, malformed: 0, missedFrames: 0 });
  });

  it('ignores a duplicate seq', () => {
    const buffer = new StreamBuffer(['vout'], 16);
    buffer.append(frame(5, T0, { vout: [1, 2] }));
    expect(buffer.append(frame(5, T0, { vout: [1, 2] }))).toBe('stale');
    expect(values(buffer.channel('vout'))).toEqual([1, 2]);
    expect(buffer.stats.stale).toBe(1);
    expect(buffer.revision).toBe(1);
  });

  it('ignores a frame arriving after a later one (out of order)', () => {
    const buffer = new StreamBuffer(['vout'], 16);
    buffer.append(frame(1, T0, { vout: [1] }));
    buffer.append(frame(3, T0 + 100, { vout: [3] }));
    expect(buffer.append(frame(2, T0 + 50, { vout: [2] }))).toBe('stale');
    expect(values(buffer.channel('vout'))).toEqual([1, 3]);
    expect(values(buffer.time)).toEqual([T0, T0 + 100]);
  });

  it('counts the frames missing between two seqs', () => {
    const buffer = new StreamBuffer(['vout'], 16);
    buffer.append(frame(1, T0, { vout: [1] }));
    buffer.append(frame(4, T0 + 150, { vout: [4] }));
    expect(buffer.stats.missedFrames).toBe(2);
  });

  it('appends only the new rows of a merged frame that overlaps what was seen', () => {
    const buffer = new StreamBuffer(['vout'], 16);
    buffer.append(frame(7, T0, { vout: [1, 2] }));
    // 6..8 merged: its first two rows are already here.
    buffer.append(frame(8, T0, { vout: [1, 2, 3, 4] }, { firstSeq: 6 }));
    expect(values(buffer.time)).toEqual([T0, T0 + 1, T0 + 2, T0 + 3]);
    expect(values(buffer.channel('vout'))).toEqual([1, 2, 3, 4]);
  });

  it('accepts a restarted counter when its time is newer', () => {
    const buffer = new StreamBuffer(['vout'], 16);
    buffer.append(frame(500, T0, { vout: [1] }));
    expect(buffer.append(frame(0, T0 + 5_000, { vout: [2] }))).toBe('appended');
    expect(buffer.append(frame(1, T0 + 5_050, { vout: [3] }))).toBe('appended');
    expect(values(buffer.channel('vout'))).toEqual([1, 2, 3]);
    expect(buffer.stats.missedFrames).toBe(0);
  });

  it('keeps the time axis sorted when a frame starts a little before the previous one ended', () => {
    const buffer = new StreamBuffer(['vout'], 16);
    buffer.append(frame(0, T0, { vout: [1, 2, 3] }));
    buffer.append(frame(1, T0 + 1.5, { vout: [4, 5] }));
    expect(values(buffer.time)).toEqual([T0, T0 + 1, T0 + 2, T0 + 2, T0 + 2.5]);
  });

  it('keeps only the newest rows when more arrive than it holds', () => {
    const buffer = new StreamBuffer(['vout'], 3);
    buffer.append(frame(0, T0, { vout: [1, 2, 3, 4, 5] }));
    expect(values(buffer.channel('vout'))).toEqual([3, 4, 5]);
    expect(values(buffer.time)).toEqual([T0 + 2, T0 + 3, T0 + 4]);
  });

  it('rejects malformed frames without touching the rings', () => {
    const buffer = new StreamBuffer(['vout'], 8);
    const bad: StreamFrame[] = [
      frame(0, T0, {}),
      frame(0, T0, { vout: [] }),
      frame(0, T0, { vout: [1, 2], ref: [1] }),
      frame(-1, T0, { vout: [1] }),
      frame(0, Number.NaN, { vout: [1] }),
      frame(0, T0, { vout: [1] }, { dt: -1 }),
      { ...frame(0, T0, {}), channels: { vout: 'nope' as unknown as number[] } },
    ];
    for (const f of bad) expect(buffer.append(f)).toBe('malformed');
    expect(buffer.time.length).toBe(0);
    expect(buffer.stats.malformed).toBe(bad.length);
  });

  it('turns non-numbers inside a column into NaN', () => {
    const buffer = new StreamBuffer(['vout'], 8);
    buffer.append(frame(0, T0, { vout: [1, null as unknown as number] }));
    expect(values(buffer.channel('vout'))).toEqual([1, NaN]);
  });
});
