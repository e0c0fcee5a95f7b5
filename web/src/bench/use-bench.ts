import { useSyncExternalStore } from 'react';
import type { BenchSummary } from '@remotelab/protocol';
import { useServices } from '../app/services.ts';

/** The bench's latest summary from the store (list, pushes, subscribe acks), if known. */
export function useBench(benchId: string): BenchSummary | undefined {
  const { state } = useServices().benches;
  const list = useSyncExternalStore(state.subscribe, state.get);
  return list.benches.find((bench) => bench.id === benchId);
}
