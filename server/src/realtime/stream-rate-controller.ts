export interface RateControllerOptions {
  /** Share of the measured capacity the stream may use: room for commands, acks, page loads. */
  headroom: number;
  /** Bytes/s the budget never goes below: a stream of a few min/max pairs per update. */
  minRate: number;
}

export const DEFAULT_RATE_CONTROL: RateControllerOptions = { headroom: 0.75, minRate: 2_000 };

/** What the controller is told of one ack. */
export interface AckInfo {
  now: number;
  sentAt: number;
  rttMs: number;
  /** The link's base RTT and smoothed RTT after this ack. */
  minRttMs: number;
  srttMs: number;
  /** Bytes acked so far, this one included. */
  deliveredBytes: number;
}

/** A capacity measured this recently is trusted; after it, the budget probes beyond it. */
const CAPACITY_TRUST_MS = 5_000;
/** Per round while below `headroom * capacity`: regain what a false alarm took, quickly. */
const RECOVER_GAIN = 1.25;
/**
 * Per round beyond it, and never more than this times what the link delivered last round: a
 * probe that finds the link full overshoots by a tenth, a small queue found within a round or two.
 */
const PROBE_GAIN = 1.1;
/** A probe that delivers less than this times the capacity found the link as it was. */
const PROBE_FOUND = 1.05;
/** On a queue with the budget already under `headroom * capacity` (someone else fills the link). */
const BACKOFF = 0.85;
/** Rounds last at least this long, so a LAN's sub-ms RTT does not make the budget race. */
const MIN_ROUND_MS = 200;
/** Round delivery rates remembered to size the byte window (~ the last 10 s at 600 ms RTT). */
const RATE_MEMORY_ROUNDS = 16;

/**
 * The byte budget of one client's stream, set from what its acks say, once per round (one RTT).
 * A round's delivery rate is the bytes acked during it over its duration.
 *  - two rounds in a row whose fastest ack still waited in a queue (RTT above the base RTT by
 *    more than max(50 ms, base / 4)) mean the link was busy: their delivery rate is the link's
 *    capacity, and the budget drops to `headroom` times it (one such round alone may be a delay
 *    spike). While the queue then shrinks round after round, the budget holds: the drop is
 *    working; if it does not, the budget drops again. Acks of sends made before a drop are left
 *    out of the next verdicts.
 *  - a quiet round in which the budget held data back (decimated or deferred) raises the budget:
 *    quickly back to `headroom * capacity`, then, once that capacity is older than 5 s, beyond
 *    it by 10 % a round (and never more than 10 % above what the link delivered last round) to
 *    find out whether the link got faster: what it delivers above the capacity without a queue
 *    raises the capacity. A probe ends, the budget back at `headroom * capacity` at once, when it
 *    asks for 10 % more than the capacity and gets less than 5 % more, or meets a queue. Only a
 *    full link measures its capacity: what a stream delivers without a queue is what it offered.
 *  - a quiet round in which the stream sent all it had changes nothing: the client keeps up.
 * The budget starts unlimited: a stream that fits goes out at full rate from the first frame,
 * and the sender's byte window bounds what a link slower than the stream can queue meanwhile.
 */
export class StreamRateController {
  /** Bytes/s; Infinity until the link first shows a limit. */
  private budget = Infinity;
  private capacity: { bytesPerSecond: number; at: number } | undefined;
  private round = { start: -Infinity, delivered: 0, minRtt: Infinity, limited: false };
  /** Acks of sends made before the last drop say nothing about the budget after it. */
  private ignoreSentBefore = -Infinity;
  /** Queueing delay and delivery rate of the last round, when it was queued. */
  private lastQueued: { queueMs: number; rate: number } | undefined;
  private readonly recentRates: number[] = [];
  /** The budget during the round before this one (its sends are acked in this one). */
  private previousBudget = Infinity;

  constructor(private readonly options: RateControllerOptions = DEFAULT_RATE_CONTROL) {}

  get bytesPerSecond(): number {
    return this.budget;
  }

  /** Bytes/s the link delivered when last found full, if it ever was. */
  get capacityBytesPerSecond(): number | undefined {
    return this.capacity?.bytesPerSecond;
  }

  /** The highest delivery rate of the last rounds (0 before the first round ends). */
  get recentDeliveryRate(): number {
    return Math.max(0, ...this.recentRates);
  }

  /** The sender held data back (decimated it, or waited) because of the budget or window. */
  noteLimited(): void {
    this.round.limited = true;
  }

  onAck(ack: AckInfo): void {
    const round = this.round;
    if (round.start === -Infinity) {
      // The first ack opens the first round; what it delivered belongs to no measured interval.
      this.round = {
        start: ack.now,
        delivered: ack.deliveredBytes,
        minRtt: Infinity,
        limited: false,
      };
      return;
    }
    if (ack.sentAt >= this.ignoreSentBefore) round.minRtt = Math.min(round.minRtt, ack.rttMs);
    const elapsed = ack.now - round.start;
    if (elapsed < Math.max(MIN_ROUND_MS, ack.srttMs)) return;
    const rate = ((ack.deliveredBytes - round.delivered) * 1000) / elapsed;
    this.recentRates.push(rate);
    if (this.recentRates.length > RATE_MEMORY_ROUNDS) this.recentRates.shift();
    const budget = this.budget;
    if (round.minRtt !== Infinity) this.endRound(rate, ack.minRttMs, ack.now);
    this.previousBudget = budget;
    this.round = {
      start: ack.now,
      delivered: ack.deliveredBytes,
      minRtt: Infinity,
      limited: false,
    };
  }

  private endRound(rate: number, minRttMs: number, now: number): void {
    const { headroom, minRate } = this.options;
    const queueMs = this.round.minRtt - minRttMs;
    if (queueMs > Math.max(50, minRttMs / 4)) {
      const last = this.lastQueued;
      this.lastQueued = { queueMs, rate };
      const known = this.capacity;
      if (known && this.budget > headroom * known.bytesPerSecond) {
        // A probe above the known capacity met a queue: the link has not got faster. Back to
        // cruising below it at once, before the probe's queue grows.
        this.budget = headroom * known.bytesPerSecond;
        this.capacity = { bytesPerSecond: known.bytesPerSecond, at: now };
        this.ignoreSentBefore = now;
        return;
      }
      // One queued round may be a delay spike (a radio hiccup, a busy client), not a full link;
      // a queue shrinking by a tenth a round means the last cut works.
      if (!last || queueMs < 0.9 * last.queueMs) return;
      const capacity = Math.max(rate, last.rate);
      this.capacity = { bytesPerSecond: capacity, at: now };
      const fitted = headroom * capacity;
      this.budget = Math.max(minRate, this.budget > fitted ? fitted : this.budget * BACKOFF);
      this.ignoreSentBefore = now;
      return;
    }
    this.lastQueued = undefined;
    if (!this.round.limited || this.budget === Infinity) return;
    const target = headroom * (this.capacity?.bytesPerSecond ?? Infinity);
    if (this.budget < target) {
      this.budget = Math.min(target, this.budget * RECOVER_GAIN);
    } else if (this.capacity && now - this.capacity.at > CAPACITY_TRUST_MS) {
      const known = this.capacity.bytesPerSecond;
      // This round's acks are for what was sent a round ago, under the budget of then.
      if (this.previousBudget >= PROBE_GAIN * known && rate < PROBE_FOUND * known) {
        // Asked for a tenth more than the capacity and got no more: the link is as it was.
        this.budget = headroom * known;
        this.capacity = { bytesPerSecond: known, at: now };
        return;
      }
      // Delivered above the capacity without a queue: the link is at least this fast.
      if (rate > known) this.capacity = { bytesPerSecond: rate, at: this.capacity.at };
      this.budget = Math.max(this.budget, PROBE_GAIN * Math.min(this.budget, rate));
    }
  }
}
