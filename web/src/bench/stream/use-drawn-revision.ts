import { useEffect, useState } from 'react';
import type { BenchStream } from './use-bench-stream.ts';

/**
 * Re-renders the caller on the animation frame after new rows arrived (the chart's own redraw
 * tick), so a number a student waits for after moving a control shows on the next frame the
 * screen paints, not up to a polling period later. Rows arrive 10-20 times a second, so this is
 * at most that many small renders, and none in a hidden tab.
 */
export function useDrawnRevision({ buffer, scheduler }: BenchStream): number {
  const [revision, setRevision] = useState(buffer.revision);
  useEffect(() => {
    setRevision(buffer.revision);
    return scheduler.onDraw(() => setRevision(buffer.revision));
  }, [buffer, scheduler]);
  return revision;
}
