import type { BenchFlag, BenchListItem, BenchSummary } from '@remotelab/protocol';
import type { BenchRegistry } from './bench-registry.ts';
import { descriptorOf, flagOf, poolOf, type BenchCatalog, type BenchRow } from './bench-catalog.ts';

/**
 * Joins the live registry and the catalog: every bench ever announced, live ones with their state,
 * the others offline with the time they were last seen.
 */
export async function listBenches(
  registry: BenchRegistry,
  catalog: BenchCatalog,
): Promise<BenchListItem[]> {
  const rows = new Map((await catalog.all()).map((row) => [row.id, row]));
  const ids = new Set([...rows.keys(), ...registry.list().map((bench) => bench.id)]);
  return [...ids].sort().map((id) => benchItem(registry, id, rows.get(id))!);
}

/** A technician's quarantine wins over the agent's (it carries who and why); either blocks sessions. */
export function quarantineOf(
  live: BenchSummary | undefined,
  row: BenchRow | undefined,
): BenchFlag | null {
  const set = flagOf(row, 'quarantine');
  if (set) return set;
  if (!live?.quarantine) return null;
  return {
    reason: live.quarantine.reason,
    since: live.quarantine.since,
    byUserId: null,
    source: 'self-test',
  };
}

export function benchItem(
  registry: BenchRegistry,
  id: string,
  row: BenchRow | undefined,
): BenchListItem | undefined {
  const live = registry.summary(id);
  const flags = {
    quarantine: quarantineOf(live, row),
    maintenance: flagOf(row, 'maintenance'),
  };
  if (live) return { ...live, kind: row?.kind ?? poolOf(live), ...flags };
  if (!row) return undefined;
  return {
    ...descriptorOf(row),
    status: 'offline',
    sampleRateHz: 0,
    outputValues: {},
    detail: 'its lab-agent has not connected since the server started',
    lastSeen: row.last_seen_at,
    kind: row.kind,
    ...flags,
  };
}
