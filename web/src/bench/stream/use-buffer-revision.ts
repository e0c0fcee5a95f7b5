import { useEffect, useState } from 'react';
import type { StreamBuffer } from './stream-buffer.ts';

/**
 * Re-renders the caller at most every `periodMs`, and only when new rows arrived: numbers people
 * read need a few updates a second, not one per frame.
 */
export function useBufferRevision(buffer: StreamBuffer, periodMs = 250): number {
  const [revision, setRevision] = useState(buffer.revision);
  useEffect(() => {
    setRevision(buffer.revision);
    const timer = setInterval(() => setRevision(buffer.revision), periodMs);
    return () => clearInterval(timer);
  }, [buffer, periodMs]);
  return revision;
}
