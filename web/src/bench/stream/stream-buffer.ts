import type { StreamFrame } from '@remotelab/protocol';
import { ChannelRing } from './channel-ring.ts';

/** How much history the chart keeps. */
export const HISTORY_MS = 10_000;
const MIN_CAPACITY = 100;
const MAX_CAPACITY = 20_000;

/** Rows needed to hold `windowMs` of a bench sampled every `samplingIntervalMs` (bounded). */
export function capacityFor(samplingIntervalMs: number, windowMs = HISTORY_MS): number {
  const interval =
    Number.isFinite(samplingIntervalMs) && samplingIntervalMs > 0 ? samplingIntervalMs : 1;
  return Math.min(MAX_CAPACITY, Math.max(MIN_CAPACITY, Math.ceil(windowMs / interval)));
}

export type AppendOutcome = 'appended' | 'stale' | 'malformed';

export interface StreamStats {
  /** Frames whose rows were appended. */
  frames: number;
  /** Frames dropped because their seq was already seen (duplicates, late arrivals). */
  stale: number;
  /** Frames dropped because their shape was wrong. */
  malformed: number;
  /** Agent frames that never arrived, from holes in the seq numbers. */
  missedFrames: number;
}

/**
 * The client side of the measurement stream for one bench: frames in, aligned columns out. Holds a
 * time ring and one ring per input, all pushed in lockstep, so row `i` of every ring belongs to the
 * same instant. Times are ms since the epoch, never decreasing, so the chart can plot them as is.
 *
 * Sequence rules (DESIGN.md "Measurement"): a frame covers agent frames `firstSeq..seq`.
 *  - `seq` already seen and `t0` not newer than the last row: a duplicate or a late frame, ignored.
 *  - `seq` already seen but `t0` newer: the agent restarted its counter; accepted.
 *  - `firstSeq` already seen, `seq` new (merged frames overlapping): only rows later than the last
 *    row are appended.
 *  - `firstSeq` beyond the next expected seq: the hole is counted in `missedFrames`.
 * A decimated frame needs nothing special: its rows still sit at `t0 + i * dt`. The buffer outlives
 * re-subscriptions: frames after a reconnect continue the sequence, and what was lost is counted.
 */
export class StreamBuffer {
  readonly channelIds: readonly string[];
  readonly time: ChannelRing;
  readonly stats: StreamStats = { frames: 0, stale: 0, malformed: 0, missedFrames: 0 };
  private readonly rings: ReadonlyMap<string, ChannelRing>;
  private lastSeq = -1;
  private lastTime = -Infinity;
  private revisionCount = 0;

  constructor(channelIds: readonly string[], capacity: number) {
    this.channelIds = [...channelIds];
    this.time = new ChannelRing(capacity);
    this.rings = new Map(this.channelIds.map((id) => [id, new ChannelRing(capacity)]));
  }

  get capacity(): number {
    return this.time.capacity;
  }

  /** Grows by one on every append that added rows: cheap change detection for readers. */
  get revision(): number {
    return this.revisionCount;
  }

  channel(id: string): ChannelRing | undefined {
    return this.rings.get(id);
  }

  append(frame: StreamFrame): AppendOutcome {
    const rows = rowCount(frame);
    if (rows === 0) {
      this.stats.malformed += 1;
      return 'malformed';
    }
    const firstSeq = Number.isInteger(frame.firstSeq) ? frame.firstSeq : frame.seq;
    const seen = this.lastSeq >= 0;
    let overlapping = false;
    if (seen && frame.seq <= this.lastSeq) {
      if (frame.t0 <= this.lastTime) {
        this.stats.stale += 1;
        return 'stale';
      }
      // The agent restarted and counts from zero again; not a gap, not a duplicate.
    } else if (seen && firstSeq <= this.lastSeq) {
      overlapping = true;
    } else if (seen && firstSeq > this.lastSeq + 1) {
      this.stats.missedFrames += firstSeq - this.lastSeq - 1;
    }

    let appended = 0;
    for (let i = 0; i < rows; i += 1) {
      let t = frame.t0 + i * frame.dt;
      if (overlapping && t <= this.lastTime) continue;
      // Agent timestamps jitter by a fraction of a sample: keep the time axis sorted.
      if (t < this.lastTime) t = this.lastTime;
      this.time.push(t);
      for (const id of this.channelIds) {
        const value = frame.channels[id]?.[i];
        this.rings.get(id)?.push(typeof value === 'number' ? value : NaN);
      }
      this.lastTime = t;
      appended += 1;
    }
    this.lastSeq = frame.seq;
    this.stats.frames += 1;
    if (appended > 0) this.revisionCount += 1;
    return 'appended';
  }
}

/** Rows of a well-formed frame, or 0 when the frame cannot be appended safely. */
function rowCount(frame: StreamFrame): number {
  if (!Number.isInteger(frame.seq) || frame.seq < 0) return 0;
  if (!Number.isFinite(frame.t0) || !Number.isFinite(frame.dt) || frame.dt < 0) return 0;
  if (typeof frame.channels !== 'object' || frame.channels === null) return 0;
  let rows = -1;
  for (const column of Object.values(frame.channels)) {
    if (!Array.isArray(column)) return 0;
    if (rows === -1) rows = column.length;
    else if (column.length !== rows) return 0;
  }
  return Math.max(rows, 0);
}
