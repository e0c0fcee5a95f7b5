/** One send as the estimator remembers it until its ack. */
export interface SendRecord {
  readonly bytes: number;
  readonly sentAt: number;
}

/** How long the smallest RTT seen stays the path's base RTT (a route may change). */
const MIN_RTT_WINDOW_MS = 10_000;

/**
 * Measures one client's link from the acks of what was sent to it: the base RTT (the smallest
 * ack delay of the last 10 s: propagation without queueing), a smoothed RTT, the bytes in flight
 * and the bytes acked so far (sizes are the serialized sizes of the sends), from which the
 * controller derives the delivery rate of each round trip.
 */
export class LinkEstimator {
  private delivered = 0;
  private inFlightBytesCount = 0;
  private inFlightCount = 0;
  /** (time, rtt) with increasing rtt: the front is the window's minimum. */
  private minRtts: Array<{ at: number; rtt: number }> = [];
  private smoothedRtt: number | undefined;

  get inFlightBytes(): number {
    return this.inFlightBytesCount;
  }

  get inFlightSends(): number {
    return this.inFlightCount;
  }

  /** Smallest ack delay of the last 10 s, or undefined before the first ack. */
  get minRttMs(): number | undefined {
    return this.minRtts[0]?.rtt;
  }

  /** Exponentially smoothed ack delay (RFC 6298 gain 1/8). */
  get srttMs(): number | undefined {
    return this.smoothedRtt;
  }

  /** Total bytes acked so far. */
  get deliveredBytes(): number {
    return this.delivered;
  }

  onSend(bytes: number, now: number): SendRecord {
    this.inFlightBytesCount += bytes;
    this.inFlightCount += 1;
    return { bytes, sentAt: now };
  }

  /** Returns the send's round-trip time. */
  onAck(send: SendRecord, now: number): number {
    this.inFlightBytesCount -= send.bytes;
    this.inFlightCount -= 1;
    this.delivered += send.bytes;
    const rtt = Math.max(0, now - send.sentAt);
    this.smoothedRtt =
      this.smoothedRtt === undefined ? rtt : this.smoothedRtt + (rtt - this.smoothedRtt) / 8;
    const window = this.minRtts;
    while (window.length > 0 && window[window.length - 1]!.rtt >= rtt) window.pop();
    window.push({ at: now, rtt });
    while (window.length > 1 && window[0]!.at < now - MIN_RTT_WINDOW_MS) window.shift();
    return rtt;
  }
}
