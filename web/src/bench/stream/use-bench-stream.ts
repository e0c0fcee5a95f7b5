import { useEffect, useMemo } from 'react';
import type { InputDescriptor } from '@remotelab/protocol';
import { useServices } from '../../app/services.ts';
import { RedrawScheduler } from './redraw-scheduler.ts';
import { StreamBuffer, capacityFor } from './stream-buffer.ts';

export interface BenchStream {
  buffer: StreamBuffer;
  scheduler: RedrawScheduler;
}

/**
 * The live data of one bench while its page is open: frames go into the buffer as they arrive
 * (and are acked by the socket right after), drawing waits for the next animation frame.
 */
export function useBenchStream(
  benchId: string,
  inputs: readonly InputDescriptor[],
  samplingIntervalMs: number,
): BenchStream {
  const { lab } = useServices();
  // Summaries are new objects on every push: rebuild only when the channels really change.
  const ids = inputs.map((input) => input.id).join('\n');
  const capacity = capacityFor(samplingIntervalMs);
  const stream = useMemo(
    () => ({
      buffer: new StreamBuffer(ids === '' ? [] : ids.split('\n'), capacity),
      scheduler: new RedrawScheduler(),
    }),
    [ids, capacity],
  );

  useEffect(() => {
    const off = lab.onFrame(benchId, (frame) => {
      if (stream.buffer.append(frame) === 'appended') stream.scheduler.markDirty();
    });
    return () => {
      off();
      stream.scheduler.cancel();
    };
  }, [lab, benchId, stream]);

  return stream;
}
