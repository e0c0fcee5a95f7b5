import type { Selectable } from 'kysely';
import {
  BenchDescriptorSchema,
  ProtocolError,
  type BenchDescriptor,
  type BenchFlag,
} from '@remotelab/protocol';
import type { BenchesTable } from '../db/database.schema.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Actor } from '../core/actor.ts';

export type BenchRow = Selectable<BenchesTable>;
export type BenchFlagKind = 'maintenance' | 'quarantine';

export function flagOf(row: BenchRow | undefined, kind: BenchFlagKind): BenchFlag | null {
  if (!row) return null;
  const reason = kind === 'maintenance' ? row.maintenance_reason : row.quarantine_reason;
  const since = kind === 'maintenance' ? row.maintenance_since : row.quarantine_since;
  const by = kind === 'maintenance' ? row.maintenance_by : row.quarantine_by;
  return reason !== null && since !== null
    ? { reason, since, byUserId: by, source: 'technician' }
    : null;
}

export function descriptorOf(row: BenchRow): BenchDescriptor {
  return BenchDescriptorSchema.parse(JSON.parse(row.descriptor_json));
}

/**
 * The database's record of every enrolled bench: the agent it belongs to, what its owner last
 * announced, its pool, and whether technicians took it out of service. BenchEnrollment writes
 * the rows; the live state stays in BenchRegistry (memory).
 */
export class BenchCatalog {
  constructor(private readonly deps: ServiceDeps) {}

  async all(): Promise<BenchRow[]> {
    return this.deps.db.selectFrom('benches').selectAll().orderBy('id').execute();
  }

  async get(benchId: string): Promise<BenchRow | undefined> {
    return this.deps.db
      .selectFrom('benches')
      .selectAll()
      .where('id', '=', benchId)
      .executeTakeFirst();
  }

  async descriptorsOfPool(pool: string): Promise<BenchDescriptor[]> {
    const rows = await this.deps.db
      .selectFrom('benches')
      .selectAll()
      .where('pool', '=', pool)
      .orderBy('id')
      .execute();
    return rows.map(descriptorOf);
  }

  /** Sets (reason) or clears (null) maintenance or quarantine, with an audit record. */
  async setFlag(
    actor: Actor,
    benchId: string,
    kind: BenchFlagKind,
    reason: string | null,
    ip: string,
  ): Promise<BenchRow> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('benches')
        .selectAll()
        .where('id', '=', benchId)
        .executeTakeFirst();
      if (!row) throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
      const since = reason === null ? null : this.deps.now();
      const by = reason === null ? null : actor.id;
      const set =
        kind === 'maintenance'
          ? { maintenance_reason: reason, maintenance_since: since, maintenance_by: by }
          : { quarantine_reason: reason, quarantine_since: since, quarantine_by: by };
      await trx.updateTable('benches').set(set).where('id', '=', benchId).execute();
      await this.deps.audit.record(
        {
          action:
            reason === null
              ? 'bench-released'
              : kind === 'maintenance'
                ? 'bench-maintenance'
                : 'bench-quarantine',
          actorId: actor.id,
          target: benchId,
          ip,
          detail: reason === null ? { flag: kind } : { reason },
        },
        trx,
      );
      return trx
        .selectFrom('benches')
        .selectAll()
        .where('id', '=', benchId)
        .executeTakeFirstOrThrow();
    });
  }
}
