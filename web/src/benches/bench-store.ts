import type { BenchView } from '@remotelab/protocol';
import { ValueStore } from '../shared/value-store.ts';
import { fetchBenches } from './benches-api.ts';

export interface BenchListState {
  benches: readonly BenchView[];
  /** The list came from the server at least once. */
  loaded: boolean;
  loading: boolean;
  /** Why the last load failed, or null. */
  error: string | null;
}

/**
 * Replaces the bench with the same id in place (keeping the order), or appends it. A push, an
 * ack and a list item are the same whole view (BenchView), so nothing is merged: a marker the
 * server no longer sends (an agent's quarantine lifted, `unsafe` resolved) is gone here too.
 */
export function upsertBench(benches: readonly BenchView[], bench: BenchView): readonly BenchView[] {
  const index = benches.findIndex((b) => b.id === bench.id);
  if (index === -1) return [...benches, bench];
  const next = [...benches];
  next[index] = bench;
  return next;
}

/**
 * The benches the page knows: loaded from `GET /api/benches`, then kept fresh by `bench:state`
 * pushes and subscribe acks (`upsert`). The only writer of bench views in the client.
 */
export class BenchStore {
  readonly state = new ValueStore<BenchListState>({
    benches: [],
    loaded: false,
    loading: false,
    error: null,
  });
  private loadCount = 0;

  constructor(private readonly fetchList: typeof fetchBenches = fetchBenches) {}

  /** Loads the list; a load started later wins over one still running. */
  async load(): Promise<void> {
    const mine = ++this.loadCount;
    this.patch({ loading: true });
    try {
      const benches = await this.fetchList();
      if (mine === this.loadCount)
        this.patch({ benches, loaded: true, loading: false, error: null });
    } catch (error) {
      if (mine === this.loadCount) {
        this.patch({
          loading: false,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  readonly upsert = (bench: BenchView): void => {
    this.patch({ benches: upsertBench(this.state.get().benches, bench) });
  };

  find(id: string): BenchView | undefined {
    return this.state.get().benches.find((b) => b.id === id);
  }

  private patch(change: Partial<BenchListState>): void {
    this.state.set({ ...this.state.get(), ...change });
  }
}
