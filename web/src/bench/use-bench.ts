import { useSyncExternalStore } from 'react';
import type { BenchView } from '@remotelab/protocol';
import { useServices } from '../app/services.ts';

/** The bench's latest view from the store (list, pushes, subscribe acks), if known. */
export function useBench(benchId: string): BenchView | undefined {
  const { state } = useServices().benches;
  const list = useSyncExternalStore(state.subscribe, state.get);
  return list.benches.find((bench) => bench.id === benchId);
}
