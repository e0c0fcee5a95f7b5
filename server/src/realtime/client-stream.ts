import { frameRows, type SampleFrame, type StreamFrame } from '@remotelab/protocol';
import { mergeFrames } from './merge-frames.ts';

export interface ClientStreamOptions {
  /** Sends one stream frame; `onAck` must be called once the client has taken it. */
  send: (frame: StreamFrame, onAck: () => void) => void;
  /** Sends in flight (unacked) at most; more waits and is merged. */
  window: number;
  /** Rows per send at most; beyond it the merged frames are min/max decimated. */
  maxRowsPerSend: number;
  /** Waiting data older than this is dropped, so a stalled client costs bounded memory. */
  maxPendingMs: number;
}

/**
 * Fits one bench's stream to one browser's link. While the client acks quickly every frame goes
 * out as is (full rate). When acks lag, frames wait, are merged into one send and decimated to
 * a fixed number of rows, so the bytes per second follow the client's link. Nothing grows without
 * bound: at most `window` sends are in flight and at most `maxPendingMs` of data waits.
 */
export class ClientStream {
  private inFlight = 0;
  private pending: SampleFrame[] = [];
  private closed = false;
  /** Frames dropped because the client fell more than maxPendingMs behind. */
  dropped = 0;

  constructor(private readonly options: ClientStreamOptions) {}

  push(frame: SampleFrame): void {
    if (this.closed) return;
    this.pending.push(frame);
    this.trimPending();
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.pending = [];
  }

  get waitingFrames(): number {
    return this.pending.length;
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.options.window && this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.inFlight += 1;
      let acked = false;
      this.options.send(mergeFrames(batch, this.options.maxRowsPerSend), () => {
        if (acked) return;
        acked = true;
        this.inFlight -= 1;
        this.pump();
      });
    }
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
      this.dropped += drop;
    }
  }
}
