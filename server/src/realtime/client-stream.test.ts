import { describe, expect, it } from 'vitest';
import type { SampleFrame, StreamFrame } from '@remotelab/protocol';
import { ClientStream } from './client-stream.ts';

function frame(seq: number): SampleFrame {
  return {
    benchId: 'b',
    seq,
    t0: 1000 + seq * 50,
    dt: 1,
    channels: { a: new Array(50).fill(seq) },
  };
}

function harness(limits = { window: 2, maxRowsPerSend: 100, maxPendingMs: 500 }) {
  const sent: Array<{ frame: StreamFrame; ack: () => void }> = [];
  const stream = new ClientStream({ ...limits, send: (f, ack) => sent.push({ frame: f, ack }) });
  return { sent, stream };
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
  });

  it('keeps at most `window` sends in flight and merges what waits', () => {
    const { sent, stream } = harness();
    for (let seq = 0; seq < 6; seq += 1) stream.push(frame(seq));
    expect(sent).toHaveLength(2);
    expect(stream.waitingFrames).toBe(4);
    sent[0]!.ack();
    expect(sent).toHaveLength(3);
    expect(sent[2]!.frame).toMatchObject({ firstSeq: 2, seq: 5, decimation: 4 });
    expect(sent[2]!.frame.channels.a!.length).toBeLessThanOrEqual(100);
  });

  it('bounds what waits for a stalled client and counts what it dropped', () => {
    const { sent, stream } = harness();
    for (let seq = 0; seq < 1000; seq += 1) stream.push(frame(seq));
    expect(sent).toHaveLength(2);
    // 500 ms of 50 ms frames, plus the frame that straddles the horizon
    expect(stream.waitingFrames).toBeLessThanOrEqual(11);
    expect(stream.dropped).toBe(1000 - 2 - stream.waitingFrames);
  });

  it('ignores a second ack of the same send', () => {
    const { sent, stream } = harness({ window: 1, maxRowsPerSend: 100, maxPendingMs: 500 });
    stream.push(frame(0));
    stream.push(frame(1));
    stream.push(frame(2));
    sent[0]!.ack();
    sent[0]!.ack();
    expect(sent).toHaveLength(2);
  });
});
