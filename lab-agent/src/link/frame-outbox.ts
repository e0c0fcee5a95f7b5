import type { SampleFrame } from '@remotelab/protocol';

/**
 * The frames of one bench that the server has not stored yet, oldest first, in a ring of fixed
 * capacity. A frame goes through two acknowledgements: `received` (the server has it in memory:
 * it frees a place in the send window) and `stored` (its recording chunk is committed, or it
 * needed no storing: only then does it leave the ring). A server that dies between the two
 * loses nothing: after the reconnect everything still here is sent again, in order, from the
 * oldest; the server drops what it already had.
 *
 * While the link is down frames keep coming in; when the ring is full the oldest is dropped
 * (counted in `dropped`: that data is lost for good). Sending is windowed: at most `window`
 * frames are in flight (sent, not yet received), so a replay of minutes of data cannot flood a
 * slow link.
 */
export class FrameOutbox {
  private readonly ring: Array<SampleFrame | undefined>;
  private head = 0;
  private size = 0;
  /** Frames from the head sent on the current connection. */
  private sent = 0;
  /** Frames from the head the server said it received on the current connection (<= sent). */
  private receivedCount = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be >= 1');
    this.ring = new Array<SampleFrame | undefined>(capacity);
  }

  /** Frames kept until they are stored (sent or not). */
  get length(): number {
    return this.size;
  }

  /** Frames dropped because the ring was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Adds a frame; returns false when the oldest had to be dropped to make room. */
  push(frame: SampleFrame): boolean {
    let kept = true;
    if (this.size === this.capacity) {
      this.removeHead();
      this.droppedCount += 1;
      kept = false;
    }
    this.ring[(this.head + this.size) % this.capacity] = frame;
    this.size += 1;
    return kept;
  }

  /** The next frames to send with at most `window` in flight; they count as in flight after. */
  take(window: number): SampleFrame[] {
    const inFlight = this.sent - this.receivedCount;
    const count = Math.max(0, Math.min(this.size - this.sent, window - inFlight));
    const frames: SampleFrame[] = [];
    for (let i = 0; i < count; i += 1) frames.push(this.at(this.sent + i));
    this.sent += count;
    return frames;
  }

  /**
   * The server received the frame `seq`: it and every older frame sent on this connection are
   * no longer in flight (one connection delivers in order). They stay until `stored`.
   */
  received(seq: number): void {
    while (this.receivedCount < this.sent && this.at(this.receivedCount).seq <= seq)
      this.receivedCount += 1;
  }

  /** The server stored every frame up to `seq`: they are done for good. */
  stored(seq: number): void {
    while (this.size > 0 && this.at(0).seq <= seq) this.removeHead();
  }

  /** The link dropped: every frame not stored goes out again next time, from the oldest. */
  rewind(): void {
    this.sent = 0;
    this.receivedCount = 0;
  }

  private at(offset: number): SampleFrame {
    return this.ring[(this.head + offset) % this.capacity]!;
  }

  private removeHead(): void {
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size -= 1;
    if (this.sent > 0) this.sent -= 1;
    if (this.receivedCount > 0) this.receivedCount -= 1;
  }
}
