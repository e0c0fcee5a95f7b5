import { useSyncExternalStore } from 'react';
import { useServices } from '../app/services.ts';
import type { BenchListState } from './bench-store.ts';

export function useBenchList(): BenchListState {
  const { state } = useServices().benches;
  return useSyncExternalStore(state.subscribe, state.get);
}
