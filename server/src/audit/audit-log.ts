import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditAction, AuditEntry } from '@remotelab/protocol';
import type { Database } from '../db/database.schema.ts';

export interface AuditRecord {
  action: AuditAction;
  actorId?: string | null;
  target?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  action?: AuditAction | undefined;
  actorId?: string | undefined;
  before?: number | undefined;
  limit: number;
}

/**
 * The audit log of security-relevant actions. Written inside the caller's transaction when the
 * action changes data, so an action and its record commit or roll back together.
 */
export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async record(entry: AuditRecord, db: Kysely<Database> = this.db): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        id: randomUUID(),
        at: this.now(),
        actor_id: entry.actorId ?? null,
        action: entry.action,
        target: entry.target ?? null,
        ip: entry.ip ?? null,
        detail_json: JSON.stringify(entry.detail ?? {}),
      })
      .execute();
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    let select = this.db.selectFrom('audit_log').selectAll();
    if (query.action) select = select.where('action', '=', query.action);
    if (query.actorId) select = select.where('actor_id', '=', query.actorId);
    if (query.before !== undefined) select = select.where('at', '<', query.before);
    const rows = await select
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actorId: row.actor_id,
      action: row.action as AuditAction,
      target: row.target,
      ip: row.ip,
      detail: JSON.parse(row.detail_json) as Record<string, unknown>,
    }));
  }
}
