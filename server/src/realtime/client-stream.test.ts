import { describe, expect, it } from 'vitest';
import {
  decodeStreamFrame,
  packedFrameBytes,
  type PackedStreamFrame,
  type SampleFrame,
  type StreamFrame,
} from '@remotelab/protocol';
import { ClientStream } from './client-stream.ts';
import {
  EventClock,
  SimulatedLink,
  frameSource,
  type LinkShape,
} from './testing/simulated-link.ts';

function frame(seq: number): SampleFrame {
  return {
    benchId: 'b',
    seq,
    t0: 1000 + seq * 50,
    dt: 1,
    channels: { a: Array.from({ length: 50 }, (_, i) => seq + i / 100) },
  };
}

function harness(
  extra: { canWrite?: () => boolean; onWritable?: (cb: () => void) => () => void } = {},
) {
  const clock = new EventClock();
  const sent: Array<{ frame: StreamFrame; ack: () => void }> = [];
  const stream = new ClientStream({
    maxPendingMs: 500,
    clock,
    ...extra,
    send: (packed, ack) => sent.push({ frame: decodeStreamFrame(packed)!, ack }),
  });
  return { clock, sent, stream };
}

describe('ClientStream', () => {
  it('sends every frame as is while the client acks', () => {
    const { sent, stream } = harness();
    for (let seq = 0; seq < 10; seq += 1) {
      stream.push(frame(seq));
      sent[sent.length - 1]!.ack();
    }
    expect(sent.map((s) => [s.frame.firstSeq, s.frame.seq, s.frame.decimation])).toEqual(
      Array.from({ length: 10 }, (_, seq) => [seq, seq, 1]),
    );
    expect(sent[3]!.frame.channels.a![49]).toBeCloseTo(3.49, 4);
  });

  it('stops at a bounded number of unacked sends, then merges what waited into one send', () => {
    const { sent, stream } = harness();
    for (let seq = 0; seq < 70; seq += 1) stream.push(frame(seq));
    expect(sent).toHaveLength(64);
    expect(stream.stats().inFlightBytes).toBeLessThanOrEqual(16 * 1024);
    expect(stream.waitingFrames).toBe(6);
    sent[0]!.ack();
    expect(sent).toHaveLength(65);
    expect(sent[64]!.frame).toMatchObject({ firstSeq: 64, seq: 69 });
  });

  it('bounds what waits for a stalled client and counts what it dropped', () => {
    const { sent, stream } = harness();
    for (let seq = 0; seq < 1000; seq += 1) stream.push(frame(seq));
    expect(sent).toHaveLength(64);
    // 500 ms of 50 ms frames, plus the frame that straddles the horizon
    expect(stream.waitingFrames).toBeLessThanOrEqual(11);
    expect(stream.dropped).toBe(1000 - 64 - stream.waitingFrames);
  });

  it('ignores a second ack of the same send', () => {
    const { sent, stream } = harness();
    for (let seq = 0; seq < 66; seq += 1) stream.push(frame(seq));
    sent[0]!.ack();
    sent[0]!.ack();
    expect(sent).toHaveLength(65);
  });

  it('emits nothing while the transport still holds a packet, and goes on when it drains', () => {
    let writable = false;
    let drained: (() => void) | undefined;
    const { sent, stream } = harness({
      canWrite: () => writable,
      onWritable: (cb) => {
        drained = cb;
        return () => (drained = undefined);
      },
    });
    stream.push(frame(0));
    stream.push(frame(1));
    expect(sent).toHaveLength(0);
    writable = true;
    drained!();
    expect(sent.map((s) => [s.frame.firstSeq, s.frame.seq])).toEqual([[0, 1]]);
  });
});

/** One simulated session: a frame source, a ClientStream and a client behind a link. */
function simulate(options: {
  link: LinkShape;
  channels: number;
  seconds: number;
  changes?: Array<{ at: number; link: LinkShape }>;
}) {
  const clock = new EventClock(0);
  const link = new SimulatedLink(clock, options.link);
  const arrivals: Array<{ at: number; frame: StreamFrame; bytes: number; lagMs: number }> = [];
  const samples: Array<{ at: number; inFlightBytes: number; waiting: number }> = [];
  const stream: ClientStream = new ClientStream({
    maxPendingMs: 2000,
    clock,
    send: (packed: PackedStreamFrame, ack) => {
      const bytes = packedFrameBytes(packed);
      link.transmit(
        bytes,
        () => {
          const frame = decodeStreamFrame(packed)!;
          const end = frame.t0 + frame.channels.a0!.length * frame.dt;
          arrivals.push({ at: clock.now(), frame, bytes, lagMs: clock.now() - end });
        },
        ack,
      );
      samples.push({ at: clock.now(), inFlightBytes: stream.stats().inFlightBytes, waiting: 0 });
    },
  });
  frameSource(clock, { channels: options.channels, rowsPerFrame: 48, frameMs: 50 }, (f) => {
    stream.push(f);
    samples.push({
      at: clock.now(),
      inFlightBytes: stream.stats().inFlightBytes,
      waiting: stream.waitingFrames,
    });
  });
  for (const change of options.changes ?? [])
    clock.at(change.at * 1000, () => (link.shape = change.link));
  clock.runUntil(options.seconds * 1000);

  /** Figures over [from, to) seconds of simulated time. */
  const window = (from: number, to: number) => {
    const inWindow = arrivals.filter((a) => a.at >= from * 1000 && a.at < to * 1000);
    const seconds = to - from;
    const lags = inWindow.map((a) => a.lagMs).sort((x, y) => x - y);
    const held = samples.filter((s) => s.at >= from * 1000 && s.at < to * 1000);
    return {
      updatesPerSecond: inWindow.length / seconds,
      bytesPerSecond: inWindow.reduce((sum, a) => sum + a.bytes, 0) / seconds,
      rowsPerSecond: inWindow.reduce((sum, a) => sum + a.frame.channels.a0!.length, 0) / seconds,
      maxDecimation: Math.max(...inWindow.map((a) => a.frame.decimation)),
      lagP95: lags[Math.floor(lags.length * 0.95)] ?? Infinity,
      maxInFlightBytes: Math.max(...held.map((s) => s.inFlightBytes)),
      maxWaiting: Math.max(...held.map((s) => s.waiting)),
    };
  };
  return { window, stream, link };
}

const SLOW_3G: LinkShape = { bytesPerSecond: 400_000 / 8, rttMs: 400 };

describe('ClientStream on a simulated link (fake clock)', () => {
  it('sends the RC bench at full rate over Slow 3G (400 kbit/s, 400 ms)', () => {
    const { window, stream } = simulate({ link: SLOW_3G, channels: 2, seconds: 20 });
    const steady = window(5, 20);
    expect(steady.updatesPerSecond).toBeGreaterThanOrEqual(19);
    expect(steady.maxDecimation).toBe(1);
    expect(steady.rowsPerSecond).toBeCloseTo(960, -1);
    // ~4.5 B per sample with headers: a fifth of the link
    expect(steady.bytesPerSecond).toBeLessThan(0.25 * SLOW_3G.bytesPerSecond);
    expect(steady.lagP95).toBeLessThan(300);
    expect(stream.dropped).toBe(0);
  });

  it('fits a stream larger than the link: >= 10 updates/s, below capacity, bounded queue', () => {
    // 32 channels at 960 rows/s: ~62 KB/s offered to a 50 KB/s link.
    const { window, stream, link } = simulate({ link: SLOW_3G, channels: 32, seconds: 60 });
    const steady = window(10, 60);
    expect(steady.updatesPerSecond).toBeGreaterThanOrEqual(10);
    expect(steady.maxDecimation).toBeGreaterThan(1);
    expect(steady.bytesPerSecond).toBeLessThan(0.9 * SLOW_3G.bytesPerSecond);
    expect(steady.bytesPerSecond).toBeGreaterThan(0.6 * SLOW_3G.bytesPerSecond);
    // Latency stays near the one-way delay: no standing queue, and it does not grow.
    expect(steady.lagP95).toBeLessThan(600);
    expect(window(50, 60).lagP95).toBeLessThanOrEqual(window(10, 20).lagP95 + 100);
    expect(steady.maxInFlightBytes).toBeLessThanOrEqual(2 * SLOW_3G.bytesPerSecond * 0.4 + 8192);
    expect(steady.maxWaiting).toBeLessThanOrEqual(3);
    expect(link.maxQueueMs).toBeLessThan(1000);
    expect(stream.dropped).toBe(0);
  });

  it('follows the link down and back up', () => {
    const slow: LinkShape = { bytesPerSecond: 64_000 / 8, rttMs: 400 };
    const { window } = simulate({
      link: SLOW_3G,
      channels: 8,
      seconds: 80,
      changes: [
        { at: 20, link: slow },
        { at: 40, link: SLOW_3G },
      ],
    });
    const before = window(10, 20);
    expect(before.maxDecimation).toBe(1);
    const degraded = window(25, 40);
    expect(degraded.updatesPerSecond).toBeGreaterThanOrEqual(10);
    expect(degraded.bytesPerSecond).toBeLessThan(slow.bytesPerSecond);
    expect(degraded.lagP95).toBeLessThan(1000);
    const recovered = window(60, 80);
    expect(recovered.maxDecimation).toBe(1);
    expect(recovered.updatesPerSecond).toBeGreaterThanOrEqual(19);
  });
});
