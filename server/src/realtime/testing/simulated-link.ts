import type { SampleFrame } from '@remotelab/protocol';
import type { StreamClock } from '../client-stream.ts';

interface ScheduledEvent {
  at: number;
  order: number;
  run: () => void;
  cancelled: boolean;
}

/**
 * A discrete-event clock: timers run in time order when the test advances it, so a simulated
 * minute takes milliseconds and every run is the same.
 */
export class EventClock implements StreamClock {
  private t: number;
  private order = 0;
  private events: ScheduledEvent[] = [];

  constructor(start = 1_000) {
    this.t = start;
  }

  readonly now = (): number => this.t;

  setTimeout(callback: () => void, ms: number): unknown {
    return this.at(this.t + Math.max(0, ms), callback);
  }

  clearTimeout(handle: unknown): void {
    (handle as ScheduledEvent).cancelled = true;
  }

  /** Runs `callback` at absolute time `at`; events at the same time run in scheduling order. */
  at(at: number, run: () => void): ScheduledEvent {
    const event = { at, order: (this.order += 1), run, cancelled: false };
    let index = this.events.length;
    while (index > 0 && this.events[index - 1]!.at > at) index -= 1;
    this.events.splice(index, 0, event);
    return event;
  }

  runUntil(end: number): void {
    for (let next = this.events[0]; next && next.at <= end; next = this.events[0]) {
      this.events.shift();
      this.t = next.at;
      if (!next.cancelled) next.run();
    }
    this.t = end;
  }
}

export interface LinkShape {
  /** Bottleneck rate towards the client. */
  bytesPerSecond: number;
  /** Round trip without queueing. */
  rttMs: number;
}

/**
 * One client's downlink as a FIFO bottleneck with an unbounded buffer (the worst case: a mobile
 * network's deep buffers, or kernel socket buffers): a send is transmitted after the ones before
 * it at the link's rate, arrives half an RTT later, and its ack needs the other half.
 */
export class SimulatedLink {
  private busyUntil = 0;
  /** Largest wait a send met at the bottleneck, ms. */
  maxQueueMs = 0;

  constructor(
    private readonly clock: EventClock,
    public shape: LinkShape,
  ) {}

  transmit(bytes: number, onArrive: () => void, onAck: () => void): void {
    const now = this.clock.now();
    const start = Math.max(now, this.busyUntil);
    this.maxQueueMs = Math.max(this.maxQueueMs, start - now);
    this.busyUntil = start + (bytes * 1000) / this.shape.bytesPerSecond;
    const half = this.shape.rttMs / 2;
    const arrive = this.busyUntil + half;
    this.clock.at(arrive, () => {
      onArrive();
      this.clock.at(arrive + half, onAck);
    });
  }
}

/**
 * An agent's frames as the RC bench sends them: every `frameMs`, `rowsPerFrame` rows of
 * `channels` channels (a slow sine, so decimation has something to keep).
 */
export function frameSource(
  clock: EventClock,
  shape: { channels: number; rowsPerFrame: number; frameMs: number },
  onFrame: (frame: SampleFrame) => void,
): { stop(): void } {
  let seq = 0;
  let stopped = false;
  const ids = Array.from({ length: shape.channels }, (_, c) => `a${c}`);
  const dt = shape.frameMs / shape.rowsPerFrame;
  const tick = () => {
    if (stopped) return;
    const t0 = clock.now() - shape.frameMs;
    const channels: Record<string, number[]> = {};
    ids.forEach((id, c) => {
      channels[id] = Array.from(
        { length: shape.rowsPerFrame },
        (_, i) => 2.5 + 1.5 * Math.sin((t0 + i * dt) / 300 + c),
      );
    });
    onFrame({ benchId: 'sim', seq, t0, dt, channels });
    seq += 1;
    clock.setTimeout(tick, shape.frameMs);
  };
  clock.setTimeout(tick, shape.frameMs);
  return { stop: () => (stopped = true) };
}
