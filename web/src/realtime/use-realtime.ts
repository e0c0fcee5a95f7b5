import { useSyncExternalStore } from 'react';
import { useServices } from '../app/services.ts';
import type { ConnectionState } from './connection-state.ts';

export function useConnectionState(): ConnectionState {
  const { connection } = useServices().lab;
  return useSyncExternalStore(connection.subscribe, connection.get);
}

/** Frames received per second over the last two seconds, updated once a second. */
export function useFramesPerSecond(): number {
  const { framesPerSecond } = useServices().lab;
  return useSyncExternalStore(framesPerSecond.subscribe, framesPerSecond.get);
}
