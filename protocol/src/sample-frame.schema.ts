import { z } from './zod.ts';

/** Upper bound of rows in one frame: 1 s at the firmware's fastest 1 ms interval. */
export const MAX_FRAME_ROWS = 1000;

/**
 * A batch of samples from one bench, columnar: `channels[id][i]` was measured at `t0 + i * dt`.
 * Invariants: every column has the same length (>= 1); `seq` increases by one per frame from one
 * agent for one bench, so any hop can see a gap. Times are milliseconds since the Unix epoch,
 * stamped by the agent when the bytes arrived (Firmata carries no timestamps).
 */
export const SampleFrameSchema = z
  .object({
    benchId: z.string().min(1).max(40),
    seq: z.number().int().nonnegative(),
    t0: z.number().positive(),
    dt: z.number().nonnegative(),
    channels: z.record(z.string(), z.array(z.number()).min(1).max(MAX_FRAME_ROWS)),
  })
  .refine((frame) => {
    const lengths = Object.values(frame.channels).map((column) => column.length);
    return lengths.length > 0 && lengths.every((n) => n === lengths[0]);
  }, 'every channel column must have the same, non-zero length');

export type SampleFrame = z.infer<typeof SampleFrameSchema>;

/**
 * A frame as a browser receives it. When the client's link cannot carry the full rate, several
 * agent frames are merged (`firstSeq`..`seq`) and decimated: each bucket of `decimation` rows
 * becomes its minimum then its maximum, so peaks stay visible.
 */
export type StreamFrame = SampleFrame & { firstSeq: number; decimation: number };

/** Number of rows in a frame. */
export function frameRows(frame: Pick<SampleFrame, 'channels'>): number {
  const first = Object.values(frame.channels)[0];
  return first ? first.length : 0;
}
