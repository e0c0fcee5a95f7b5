import type { SampleFrame } from '@remotelab/protocol';

/**
 * The frames of one bench that the server has not acknowledged yet, oldest first, in a ring of
 * fixed capacity. While the link is down frames keep coming in; when the ring is full the oldest
 * is dropped (counted in `dropped`: that data is lost for good). After a reconnect everything
 * still here is sent again, in order, from the oldest; the server drops the ones it already had.
 *
 * Sending is windowed: at most `window` frames are in flight, the next ones leave as acks come
 * back, so a replay of minutes of data cannot flood a slow link.
 */
export class FrameOutbox {
  private readonly ring: Array<SampleFrame | undefined>;
  private head = 0;
  private size = 0;
  /** Frames from the head already sent on the current connection (and not acked). */
  private inFlight = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be >= 1');
    this.ring = new Array<SampleFrame | undefined>(capacity);
  }

  /** Frames waiting for an ack (sent or not). */
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
    const count = Math.max(0, Math.min(this.size - this.inFlight, window - this.inFlight));
    const frames: SampleFrame[] = [];
    for (let i = 0; i < count; i += 1) {
      frames.push(this.ring[(this.head + this.inFlight + i) % this.capacity]!);
    }
    this.inFlight += count;
    return frames;
  }

  /**
   * The server answered the frame `seq`: it and every older frame are done (one connection
   * delivers in order, and the server answers in order).
   */
  ack(seq: number): void {
    while (this.size > 0 && this.ring[this.head]!.seq <= seq) this.removeHead();
  }

  /** The link dropped: frames in flight may not have arrived and go out again next time. */
  rewind(): void {
    this.inFlight = 0;
  }

  private removeHead(): void {
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size -= 1;
    if (this.inFlight > 0) this.inFlight -= 1;
  }
}
