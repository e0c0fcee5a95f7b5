import { describe, expect, it } from 'vitest';
import { FrameSequence } from './frame-sequence.ts';

describe('FrameSequence', () => {
  it('accepts each frame of a run once and drops replayed duplicates', () => {
    const sequence = new FrameSequence();
    expect([0, 1, 2].map((seq) => sequence.accept('run-a', seq))).toEqual([true, true, true]);
    // the agent reconnects and replays 1..3: only 3 is new
    expect([1, 2, 3].map((seq) => sequence.accept('run-a', seq))).toEqual([false, false, true]);
    expect(sequence.missing).toBe(0);
  });

  it('records a late replayed frame and counts a hole only while it is open', () => {
    const sequence = new FrameSequence();
    sequence.accept('run-a', 0);
    sequence.accept('run-a', 3);
    expect(sequence.missing).toBe(2);
    expect(sequence.accept('run-a', 1)).toBe(true);
    expect(sequence.accept('run-a', 2)).toBe(true);
    expect(sequence.missing).toBe(0);
    expect(sequence.accept('run-a', 3)).toBe(false);
  });

  it('starts afresh for a new run, whose seq 0 is not a replay', () => {
    const sequence = new FrameSequence();
    for (let seq = 0; seq < 50; seq += 1) sequence.accept('run-a', seq);
    expect(sequence.accept('run-b', 0)).toBe(true);
    expect(sequence.accept('run-b', 1)).toBe(true);
    expect(sequence.missing).toBe(0);
  });

  it('joins a run in the middle (the server restarted) without counting a gap', () => {
    const sequence = new FrameSequence();
    expect(sequence.accept('run-a', 500)).toBe(true);
    expect(sequence.accept('run-a', 501)).toBe(true);
    expect(sequence.missing).toBe(0);
  });
});
