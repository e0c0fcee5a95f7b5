import type { LabSocket } from '../realtime/lab-socket.ts';
import type { BenchStore } from './bench-store.ts';

/**
 * Keeps the bench list fresh: every `bench:state` push is merged, and the list is reloaded after a
 * reconnection (pushes were missed meanwhile) or when the first load failed.
 */
export function connectBenchStore(lab: LabSocket, benches: BenchStore): () => void {
  let connectedBefore = false;
  const offState = lab.onBenchState(benches.upsert);
  const offConnect = lab.onConnect(() => {
    const { loaded, loading } = benches.state.get();
    if ((connectedBefore || !loaded) && !loading) void benches.load();
    connectedBefore = true;
  });
  return () => {
    offState();
    offConnect();
  };
}
