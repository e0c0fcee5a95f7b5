import type { BenchFlag, BenchQuarantine, BenchView } from '@remotelab/protocol';
import type { BenchRegistry } from './bench-registry.ts';
import { descriptorOf, flagOf, type BenchCatalog, type BenchRow } from './bench-catalog.ts';

/** A technician's quarantine wins over the agent's (it carries who and why); either blocks sessions. */
export function quarantineOf(
  agentQuarantine: BenchQuarantine | undefined,
  row: BenchRow | undefined,
): BenchFlag | null {
  const set = flagOf(row, 'quarantine');
  if (set) return set;
  if (!agentQuarantine) return null;
  return {
    reason: agentQuarantine.reason,
    since: agentQuarantine.since,
    byUserId: null,
    source: 'self-test',
  };
}

/**
 * The one place a BenchView is made, for the REST answers and the `bench:state` pushes alike:
 * the registry's live state of the bench joined with its catalog row (`row`, read by the
 * caller). A bench the registry does not know (its agent has not connected since the server
 * started) is shown offline from its row; undefined when neither knows it.
 */
function benchView(
  registry: BenchRegistry,
  benchId: string,
  row: BenchRow | undefined,
): BenchView | undefined {
  const live = registry.live(benchId);
  const flags = {
    quarantine: quarantineOf(live?.state.quarantine, row),
    maintenance: flagOf(row, 'maintenance'),
  };
  if (!live) {
    if (!row) return undefined;
    return {
      ...descriptorOf(row),
      status: 'offline',
      sampleRateHz: 0,
      outputValues: {},
      detail: 'its lab-agent has not connected since the server started',
      lastSeen: row.last_seen_at,
      ...flags,
    };
  }
  const { state } = live;
  return {
    ...live.descriptor,
    status: state.status,
    sampleRateHz: state.sampleRateHz,
    outputValues: state.outputs,
    lastSeen: live.lastSeen,
    ...flags,
    ...(state.detail !== undefined ? { detail: state.detail } : {}),
    ...(state.session !== undefined ? { sessionSince: state.session.startedAt } : {}),
    ...(state.unsafe !== undefined ? { unsafe: state.unsafe } : {}),
  };
}

/**
 * Bench views read from both sources: the catalog's rows from the database, the live state
 * from the registry at the moment the row arrives (never older than the read).
 */
export class BenchViews {
  constructor(
    private readonly registry: BenchRegistry,
    private readonly catalog: Pick<BenchCatalog, 'all' | 'get'>,
  ) {}

  /** Every bench ever announced, sorted by id: live ones with their state, the others offline. */
  async list(): Promise<BenchView[]> {
    const rows = new Map((await this.catalog.all()).map((row) => [row.id, row]));
    const ids = new Set([...rows.keys(), ...this.registry.ids()]);
    return [...ids].sort().flatMap((id) => benchView(this.registry, id, rows.get(id)) ?? []);
  }

  /** The view of a bench whose row the caller has just read (or written). */
  of(benchId: string, row: BenchRow | undefined): BenchView | undefined {
    return benchView(this.registry, benchId, row);
  }

  async find(benchId: string): Promise<BenchView | undefined> {
    return benchView(this.registry, benchId, await this.catalog.get(benchId));
  }
}
