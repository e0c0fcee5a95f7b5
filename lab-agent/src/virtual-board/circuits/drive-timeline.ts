import { drivesKey } from './node-drive.ts';
import type { NodeDrive } from './node-drive.ts';

/** The drives in force from `startMs` until the next segment starts. */
export interface DriveSegment {
  readonly startMs: number;
  readonly drives: readonly (NodeDrive | undefined)[];
  readonly key: string;
}

/**
 * The board's outputs over time, as the circuit sees them: a list of segments, each starting
 * when the drives changed. The solver walks it chunk by chunk, never solving across a segment
 * boundary, so every chunk has constant drives. Invariant: segment starts strictly increase.
 */
export class DriveTimeline {
  private segments: DriveSegment[] = [];

  /**
   * Records the drives from `tMs` on. Returns the change time when they differ from the drives
   * in force (the solver must restart from it), undefined when nothing changed. Times before the
   * last change are taken as that change (calls come in non-decreasing time).
   */
  set(tMs: number, drives: readonly (NodeDrive | undefined)[]): number | undefined {
    const key = drivesKey(drives);
    const last = this.segments.at(-1);
    if (last?.key === key) return undefined;
    const startMs = Math.max(tMs, last?.startMs ?? tMs);
    if (last && last.startMs === startMs) {
      // Two changes at the same instant: the later one wins; merge with the one before if equal.
      this.segments.pop();
      if (this.segments.at(-1)?.key === key) return startMs;
    }
    this.segments.push({ startMs, drives, key });
    return startMs;
  }

  /** The segment in force just after `tMs` (a segment starting at `tMs` counts). */
  at(tMs: number): DriveSegment | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i];
      if (segment && segment.startMs <= tMs) return segment;
    }
    return undefined;
  }

  /** Start of the first segment after `tMs`, or Infinity. */
  nextChangeAfter(tMs: number): number {
    for (const segment of this.segments) if (segment.startMs > tMs) return segment.startMs;
    return Infinity;
  }

  /** Drops the segments wholly before `tMs`. */
  forgetBefore(tMs: number): void {
    while (this.segments.length > 1 && (this.segments[1]?.startMs ?? Infinity) <= tMs) {
      this.segments.shift();
    }
  }
}
