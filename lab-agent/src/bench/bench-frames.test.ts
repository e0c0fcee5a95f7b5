import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BenchDefinitionSchema, type SampleFrame } from '@remotelab/protocol';
import { BenchFrames, QUICK_FRAME_MS, QUICK_WINDOW_MS } from './bench-frames.ts';

const definition = BenchDefinitionSchema.parse({
  id: 'bench',
  name: 'Bench',
  board: { path: '/dev/null' },
  sampling: { intervalMs: 1, frameMs: 50 },
  inputs: [{ kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0' }],
  outputs: [{ kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, safe: 0 }],
  safety: { maxSessionMinutes: 1 },
});

describe('BenchFrames', () => {
  let frames: SampleFrame[];
  let bench: BenchFrames;
  /** One analog report per ms of fake time (a row each: one channel). */
  let board: NodeJS.Timeout;

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    frames = [];
    bench = new BenchFrames(definition, (frame) => frames.push(frame));
    board = setInterval(
      () => bench.sink.analog({ channel: 0, raw: 512, receivedAt: Date.now() }),
      1,
    );
    bench.start();
  });

  afterEach(() => {
    clearInterval(board);
    bench.stop();
    vi.useRealTimers();
  });

  it('cuts a frame every frameMs while nobody commands', () => {
    vi.advanceTimersByTime(200);
    expect(frames.map((frame) => frame.seq)).toEqual([0, 1, 2, 3]);
  });

  it('after a command, sends what it holds at once and then every QUICK_FRAME_MS for a while', () => {
    vi.advanceTimersByTime(70); // one frame at 50 ms, 20 rows waiting
    bench.quicken();
    expect(frames).toHaveLength(2);
    vi.advanceTimersByTime(QUICK_FRAME_MS * 10);
    expect(frames).toHaveLength(12);
    // Back to frameMs once the window is over.
    vi.advanceTimersByTime(QUICK_WINDOW_MS);
    const count = frames.length;
    vi.advanceTimersByTime(500);
    expect(frames.length - count).toBe(10);
    // Every row went out exactly once, in order.
    expect(frames.map((frame) => frame.seq)).toEqual(frames.map((_, index) => index));
  });
});
