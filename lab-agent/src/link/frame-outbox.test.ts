import { describe, expect, it } from 'vitest';
import type { SampleFrame } from '@remotelab/protocol';
import { FrameOutbox } from './frame-outbox.ts';

const frame = (seq: number): SampleFrame => ({
  benchId: 'b',
  seq,
  t0: 1 + seq,
  dt: 1,
  channels: { v: [seq] },
});
const seqs = (frames: SampleFrame[]) => frames.map((f) => f.seq);

describe('FrameOutbox', () => {
  it('sends in order with a window freed by receipts, and keeps frames until stored', () => {
    const box = new FrameOutbox(10);
    for (let s = 0; s < 5; s += 1) box.push(frame(s));
    expect(seqs(box.take(2))).toEqual([0, 1]);
    expect(box.take(2)).toEqual([]);
    box.received(0);
    expect(seqs(box.take(2))).toEqual([2]);
    box.received(2); // receipts are cumulative
    expect(box.length).toBe(5); // received is not stored
    expect(seqs(box.take(2))).toEqual([3, 4]);
    box.stored(2);
    expect(box.length).toBe(2);
  });

  it('sends every frame not stored again, oldest first, after the link dropped', () => {
    const box = new FrameOutbox(10);
    for (let s = 0; s < 4; s += 1) box.push(frame(s));
    expect(seqs(box.take(3))).toEqual([0, 1, 2]);
    box.received(2);
    box.stored(0);
    box.rewind();
    box.push(frame(4));
    // 1 and 2 reached the server but were not stored: a server crash would lose them
    expect(seqs(box.take(10))).toEqual([1, 2, 3, 4]);
  });

  it('drops the oldest frames beyond its capacity and counts them', () => {
    const box = new FrameOutbox(3);
    for (let s = 0; s < 5; s += 1) box.push(frame(s));
    expect(box.dropped).toBe(2);
    expect(seqs(box.take(10))).toEqual([2, 3, 4]);
    // a frame dropped while in flight no longer counts against the window
    box.push(frame(5));
    expect(seqs(box.take(3))).toEqual([5]);
    box.stored(99);
    expect(box.length).toBe(0);
  });

  it('keeps the window right when frames are stored while in flight', () => {
    const box = new FrameOutbox(10);
    for (let s = 0; s < 6; s += 1) box.push(frame(s));
    expect(seqs(box.take(3))).toEqual([0, 1, 2]);
    box.received(1);
    box.stored(1);
    expect(seqs(box.take(3))).toEqual([3, 4]);
    box.received(4);
    expect(seqs(box.take(3))).toEqual([5]);
  });

  it('ignores acks for frames it no longer holds', () => {
    const box = new FrameOutbox(4);
    box.push(frame(7));
    box.stored(3);
    box.received(3);
    expect(box.length).toBe(1);
    expect(seqs(box.take(1))).toEqual([7]);
  });
});
