/** Beyond this many out-of-order frames, the oldest hole is given up as lost. */
const MAX_AHEAD = 10_000;

/**
 * Which frames of one bench the server has recorded, per agent run. A lab-agent numbers each
 * bench's frames 0, 1, 2 ... for the life of one run (`runId` of its hello) and replays the ones
 * the server did not acknowledge after a reconnect, so a frame can arrive twice (its ack was lost)
 * or, in principle, after newer ones. `accept` says whether a frame is new; `missing` counts the
 * seqs below the newest one that have not arrived (holes a replay may still fill, or data lost for
 * good). A new run starts a new sequence: its seq 0 is not a replay.
 */
export class FrameSequence {
  private runId: string | undefined;
  /** Every seq <= watermark has been received. */
  private watermark = -1;
  /** Received seqs above the watermark (out of order). */
  private readonly ahead = new Set<number>();
  private highest = -1;

  /** True when the frame is new (record and relay it), false for a duplicate. */
  accept(runId: string, seq: number): boolean {
    if (runId !== this.runId) {
      this.runId = runId;
      this.watermark = seq - 1;
      this.ahead.clear();
      this.highest = seq - 1;
    }
    if (seq <= this.watermark || this.ahead.has(seq)) return false;
    this.ahead.add(seq);
    this.highest = Math.max(this.highest, seq);
    while (this.ahead.delete(this.watermark + 1)) this.watermark += 1;
    if (this.ahead.size > MAX_AHEAD) {
      this.watermark = Math.min(...this.ahead) - 1;
      while (this.ahead.delete(this.watermark + 1)) this.watermark += 1;
    }
    return true;
  }

  /** Seqs of the current run below the newest received that have not arrived. */
  get missing(): number {
    return this.highest - this.watermark - this.ahead.size;
  }
}
