import { useEffect, useRef } from 'react';
import type { SchedulingPushEvents } from '@remotelab/protocol';
import { useServices } from '../app/services.ts';

/** Listens to one of the scheduler's pushes while the component is mounted. */
export function usePush<E extends keyof SchedulingPushEvents>(
  event: E,
  listener: SchedulingPushEvents[E],
): void {
  const { socket } = useServices();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    // socket.io's typed on/off cannot take a generic event name E (nor a listener of E's
    // parameters), so the listener and on/off are widened here, at this one seam.
    const handler = ((...args: Parameters<SchedulingPushEvents[E]>) =>
      (ref.current as (...a: typeof args) => void)(...args)) as unknown as SchedulingPushEvents[E];
    const on = socket.on as unknown as (e: string, l: unknown) => void;
    const off = socket.off as unknown as (e: string, l: unknown) => void;
    on.call(socket, event, handler);
    return () => off.call(socket, event, handler);
  }, [socket, event]);
}
