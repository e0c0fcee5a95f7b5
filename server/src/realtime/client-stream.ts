import {
  MAX_FRAME_ROWS,
  PACKED_BYTES_PER_SAMPLE,
  encodeStreamFrame,
  frameRows,
  packedFrameBytes,
  type PackedStreamFrame,
  type SampleFrame,
} from '@remotelab/protocol';
import { LinkEstimator, type SendRecord } from './link-estimator.ts';
import { mergeFrames } from './merge-frames.ts';
import {
  DEFAULT_RATE_CONTROL,
  StreamRateController,
  type RateControllerOptions,
} from './stream-rate-controller.ts';

/** Time and timers, injected so tests can run a simulated link on a fake clock. */
export interface StreamClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: StreamClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ClientStreamOptions {
  /** Sends one frame; `onAck` must be called once the client has taken it. */
  send: (frame: PackedStreamFrame, onAck: () => void) => void;
  /**
   * False while the transport still holds earlier packets (socket.io: `conn.writeBuffer` is not
   * empty): nothing is emitted then, so socket.io never buffers more than one of our frames.
   */
  canWrite?: () => boolean;
  /** Calls `callback` once when the transport can take more; returns a canceller. */
  onWritable?: (callback: () => void) => () => void;
  /** Waiting data older than this is dropped, so a stalled client costs bounded memory. */
  maxPendingMs: number;
  /** Rows per send at most, whatever the budget. */
  maxRowsPerSend?: number;
  clock?: StreamClock;
  rateControl?: RateControllerOptions;
}

export interface ClientStreamStats {
  /** Bytes/s the stream may use now (Infinity until the link first showed a limit). */
  budgetBytesPerSecond: number;
  /** Bytes/s the link delivered when last found full. */
  capacityBytesPerSecond: number | undefined;
  minRttMs: number | undefined;
  srttMs: number | undefined;
  inFlightBytes: number;
  inFlightSends: number;
  sends: number;
  sentBytes: number;
  decimatedSends: number;
  dropped: number;
}

/** Unacked bytes allowed before the first round trip is measured (TCP starts with ~15 KB). */
const INITIAL_WINDOW_BYTES = 16 * 1024;
/** Floor of the byte window once the capacity is known. */
const MIN_WINDOW_BYTES = 4 * 1024;
/** Unacked sends at most: 20 updates/s over a 3 s round trip. */
const MAX_IN_FLIGHT_SENDS = 64;
/** Budget the token bucket may save up, in seconds of budget. */
const BURST_SECONDS = 0.25;
/**
 * Updates are at most this far apart while the budget affords a min/max pair per update: 12.5/s,
 * so timer and frame-clock jitter cannot take the rate under 10/s.
 */
const MAX_UPDATE_INTERVAL_MS = 80;
/** A tight budget spaces updates so that headers take at most this share of it. */
const MAX_HEADER_SHARE = 0.25;

/**
 * Fits one bench's stream to one browser's link (DESIGN.md "Measurement"). Each send merges all
 * waiting frames; how many rows it may carry follows a byte budget per second, which
 * StreamRateController sets from what the acks measure (LinkEstimator: RTTs, bytes acked).
 * When the merged rows exceed what the budget allows, they are min/max decimated: the client gets
 * fewer points per update, not fewer updates (>= 10/s while the budget affords a header and a
 * min/max pair each). While the client keeps up, every frame goes out as is.
 *
 * Invariants: unacked bytes stay within twice the bandwidth-delay product (16 KB before the
 * first round trip is measured), unacked sends within 64; nothing is emitted while the transport holds an
 * earlier packet; at most `maxPendingMs` of data waits. So a stalled client costs bounded memory
 * and a slow one sees bounded latency.
 */
export class ClientStream {
  private pending: SampleFrame[] = [];
  private closed = false;
  private readonly clock: StreamClock;
  private readonly estimator = new LinkEstimator();
  private readonly controller: StreamRateController;
  private tokens = Infinity;
  private tokensAt = 0;
  private lastSendAt = -Infinity;
  /** Bytes of a send beyond its samples, from the last send (names, scales, framing). */
  private headerBytes = 160;
  private timer: unknown;
  private cancelWritable: (() => void) | undefined;
  private readonly counters = { sends: 0, sentBytes: 0, decimatedSends: 0, dropped: 0 };

  constructor(private readonly options: ClientStreamOptions) {
    this.clock = options.clock ?? systemClock;
    this.controller = new StreamRateController(options.rateControl ?? DEFAULT_RATE_CONTROL);
  }

  push(frame: SampleFrame): void {
    if (this.closed) return;
    this.pending.push(frame);
    this.trimPending();
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.pending = [];
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.cancelWritable?.();
    this.cancelWritable = undefined;
  }

  get waitingFrames(): number {
    return this.pending.length;
  }

  /** Frames dropped because the client fell more than maxPendingMs behind. */
  get dropped(): number {
    return this.counters.dropped;
  }

  stats(): ClientStreamStats {
    return {
      budgetBytesPerSecond: this.controller.bytesPerSecond,
      capacityBytesPerSecond: this.controller.capacityBytesPerSecond,
      minRttMs: this.estimator.minRttMs,
      srttMs: this.estimator.srttMs,
      inFlightBytes: this.estimator.inFlightBytes,
      inFlightSends: this.estimator.inFlightSends,
      ...this.counters,
    };
  }

  private pump(): void {
    const first = this.pending[0];
    if (this.closed || !first || this.timer !== undefined) return;
    if (this.options.canWrite && !this.options.canWrite()) {
      this.waitForTransport();
      return;
    }
    const now = this.clock.now();
    const rate = this.controller.bytesPerSecond;
    const bytesPerRow = Math.max(1, Object.keys(first.channels).length) * PACKED_BYTES_PER_SAMPLE;
    // The smallest useful send: a header and one min/max pair.
    const minimal = this.headerBytes + 2 * bytesPerRow;
    this.refill(now, rate, minimal);
    const windowRoom = this.windowBytes() - this.estimator.inFlightBytes;
    if (this.estimator.inFlightSends >= MAX_IN_FLIGHT_SENDS || windowRoom < minimal) {
      this.controller.noteLimited();
      return; // the next ack pumps again
    }
    // What waits goes out now, whole, when the budget affords it; otherwise sends are spaced so
    // that headers do not eat the budget, and each one carries what the budget saved up since.
    const rows = this.pending.reduce((sum, frame) => sum + frameRows(frame), 0);
    const whole = this.headerBytes + rows * bytesPerRow;
    if (rate !== Infinity && this.tokens < whole) {
      const spacing = Math.min(
        MAX_UPDATE_INTERVAL_MS,
        (this.headerBytes * 1000) / MAX_HEADER_SHARE / rate,
      );
      const wait = Math.max(
        spacing - (now - this.lastSendAt),
        ((minimal - this.tokens) * 1000) / rate,
      );
      if (wait > 0) {
        this.controller.noteLimited();
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, Math.ceil(wait));
        return;
      }
    }
    const room = Math.min(this.tokens, windowRoom);
    const maxRows = Math.min(
      this.options.maxRowsPerSend ?? MAX_FRAME_ROWS,
      Math.max(2, Math.floor((room - this.headerBytes) / bytesPerRow)),
    );
    const batch = this.pending;
    this.pending = [];
    const merged = mergeFrames(batch, maxRows);
    if (merged.decimation > 1) {
      this.controller.noteLimited();
      this.counters.decimatedSends += 1;
    }
    const packed = encodeStreamFrame(merged);
    const bytes = packedFrameBytes(packed);
    this.headerBytes = bytes - frameRows(merged) * bytesPerRow;
    this.tokens -= bytes;
    this.lastSendAt = now;
    this.counters.sends += 1;
    this.counters.sentBytes += bytes;
    const record = this.estimator.onSend(bytes, now);
    let acked = false;
    this.options.send(packed, () => {
      if (acked || this.closed) return;
      acked = true;
      this.onAck(record);
    });
  }

  private onAck(record: SendRecord): void {
    const now = this.clock.now();
    const rttMs = this.estimator.onAck(record, now);
    this.controller.onAck({
      now,
      sentAt: record.sentAt,
      rttMs,
      minRttMs: this.estimator.minRttMs ?? rttMs,
      srttMs: this.estimator.srttMs ?? rttMs,
      deliveredBytes: this.estimator.deliveredBytes,
    });
    this.pump();
  }

  /** Token bucket of the budget: refills at the budget's rate, saves up a quarter second. */
  private refill(now: number, rate: number, minimal: number): void {
    if (rate === Infinity) {
      this.tokens = Infinity;
    } else {
      const burst = Math.max(rate * BURST_SECONDS, 2 * minimal);
      const saved = this.tokens === Infinity ? burst : this.tokens;
      this.tokens = Math.min(burst, saved + (rate * (now - this.tokensAt)) / 1000);
    }
    this.tokensAt = now;
  }

  /**
   * Unacked bytes allowed: twice the bandwidth-delay product, so a queue can form but not grow,
   * and a link that suddenly slows down holds at most about two round trips of the old rate.
   * The rate is the measured capacity (or the budget, when probing above it); a stream that fits
   * never met the capacity, so until then it is what the link delivered lately.
   */
  private windowBytes(): number {
    const minRtt = this.estimator.minRttMs;
    const capacity = this.controller.capacityBytesPerSecond;
    const rate =
      capacity === undefined
        ? this.controller.recentDeliveryRate
        : Math.max(capacity, this.controller.bytesPerSecond);
    if (minRtt === undefined || rate === 0) return INITIAL_WINDOW_BYTES;
    return Math.max(MIN_WINDOW_BYTES, (2 * rate * minRtt) / 1000);
  }

  private waitForTransport(): void {
    if (this.cancelWritable || !this.options.onWritable) return;
    this.cancelWritable = this.options.onWritable(() => {
      this.cancelWritable = undefined;
      this.pump();
    });
  }

  private trimPending(): void {
    const newest = this.pending[this.pending.length - 1];
    if (!newest) return;
    const horizon = newest.t0 + frameRows(newest) * newest.dt - this.options.maxPendingMs;
    let drop = 0;
    while (drop < this.pending.length - 1) {
      const frame = this.pending[drop]!;
      if (frame.t0 + frameRows(frame) * frame.dt >= horizon) break;
      drop += 1;
    }
    if (drop > 0) {
      this.pending.splice(0, drop);
      this.counters.dropped += drop;
    }
  }
}
