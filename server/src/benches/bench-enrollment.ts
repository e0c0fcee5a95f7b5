import {
  BenchDescriptorSchema,
  ProtocolError,
  type BenchDescriptor,
  type BenchEnrollment as BenchEnrollmentItem,
  type HelloAccepted,
} from '@remotelab/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { BenchEnrollmentsTable, Database } from '../db/database.schema.ts';
import type { ServiceDeps } from '../service-deps.ts';

export type BenchRefusal = HelloAccepted['refused'][number];

export interface BenchEnrollmentContext extends ServiceDeps {
  /** Enroll a bench nobody announced before to the first agent announcing it (demo, tests). */
  autoEnroll: boolean;
  /** Agent ids LAB_AGENT_TOKENS lets in: known agents, besides the database's. */
  configuredAgentIds: readonly string[];
  /** After a bench changed owner: the live layer lets go of the old agent's link to it. */
  onMoved: (benchId: string) => void;
}

const toItem = (
  row: Selectable<BenchEnrollmentsTable> & { owner: string | null },
): BenchEnrollmentItem => {
  const descriptor = BenchDescriptorSchema.parse(JSON.parse(row.descriptor_json));
  return {
    benchId: row.bench_id,
    agentId: row.agent_id,
    name: row.name,
    pool: descriptor.pool,
    ownerAgentId: row.owner,
    status: row.status,
    firstAt: row.first_at,
    lastAt: row.last_at,
    attempts: row.attempts,
  };
};

/**
 * Which lab-agent a bench belongs to. A bench is enrolled to one agent (the catalog's `agent_id`);
 * only that agent's announcements are accepted and may update its name and envelope. The first
 * announcement of an unknown bench waits for a technician's approval (unless `autoEnroll`); an
 * announcement of a bench enrolled to another agent is refused, whether the owner is connected or
 * not, until a technician moves the bench. Each refused (bench, agent) pair is kept as a request,
 * audited when it first appears and counted after, so a retrying agent cannot flood the audit log.
 * Ownership is checked and the catalog written in one compare-and-set statement.
 */
export class BenchEnrollment {
  constructor(private readonly ctx: BenchEnrollmentContext) {}

  /** Admits an agent's announced benches: the accepted ones are written to the catalog. */
  async admit(
    agentId: string,
    descriptors: readonly BenchDescriptor[],
    ip: string | null,
  ): Promise<BenchRefusal[]> {
    const refused: BenchRefusal[] = [];
    for (const descriptor of descriptors) {
      const refusal = await this.admitOne(agentId, descriptor, ip);
      if (refusal) refused.push(refusal);
    }
    await this.ctx.db
      .updateTable('agents')
      .set({ last_seen_at: this.ctx.now() })
      .where('id', '=', agentId)
      .execute();
    return refused;
  }

  private async admitOne(
    agentId: string,
    descriptor: BenchDescriptor,
    ip: string | null,
  ): Promise<BenchRefusal | undefined> {
    const { db, now } = this.ctx;
    const fields = {
      pool: descriptor.pool,
      name: descriptor.name,
      descriptor_json: JSON.stringify(descriptor),
      last_seen_at: now(),
    };
    // Only the owner's announcement rewrites the catalog: the agent check is in the statement.
    const updated = await db
      .updateTable('benches')
      .set(fields)
      .where('id', '=', descriptor.id)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return undefined;
    if (this.ctx.autoEnroll && (await this.enroll(db, agentId, descriptor, null, ip))) {
      return undefined;
    }
    const owner = await db
      .selectFrom('benches')
      .select('agent_id')
      .where('id', '=', descriptor.id)
      .executeTakeFirst();
    // Enrolled to this agent between the two statements (an approval): announce again.
    if (owner?.agent_id === agentId) return this.admitOne(agentId, descriptor, ip);
    const status = await this.recordRequest(agentId, descriptor, owner?.agent_id ?? null, ip);
    if (owner) {
      return {
        benchId: descriptor.id,
        code: 'BENCH_OWNED_BY_OTHER_AGENT',
        message: `Bench ${descriptor.id} is enrolled to another lab-agent; a technician must move it to "${agentId}" before this agent drives it.`,
      };
    }
    return {
      benchId: descriptor.id,
      code: 'BENCH_NOT_ENROLLED',
      message:
        status === 'rejected'
          ? `A technician rejected the enrollment of bench ${descriptor.id} to agent "${agentId}".`
          : `Bench ${descriptor.id} waits for a technician to approve its enrollment to agent "${agentId}".`,
    };
  }

  /** Inserts the bench into the catalog unless it exists; true when this call enrolled it. */
  private async enroll(
    db: Kysely<Database>,
    agentId: string,
    descriptor: BenchDescriptor,
    actorId: string | null,
    ip: string | null,
  ): Promise<boolean> {
    const now = this.ctx.now();
    return db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('benches')
        .values({
          id: descriptor.id,
          pool: descriptor.pool,
          agent_id: agentId,
          name: descriptor.name,
          descriptor_json: JSON.stringify(descriptor),
          first_seen_at: now,
          last_seen_at: now,
          maintenance_reason: null,
          maintenance_since: null,
          maintenance_by: null,
          quarantine_reason: null,
          quarantine_since: null,
          quarantine_by: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await this.ctx.audit.record(
        {
          action: 'bench-enrolled',
          actorId,
          target: descriptor.id,
          ip,
          detail: { agentId, automatic: actorId === null },
        },
        trx,
      );
      return true;
    });
  }

  /** Keeps (or counts again) a refused announcement; audits it the first time it is seen. */
  private async recordRequest(
    agentId: string,
    descriptor: BenchDescriptor,
    ownerAgentId: string | null,
    ip: string | null,
  ): Promise<'pending' | 'rejected'> {
    const now = this.ctx.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('bench_enrollments')
        .values({
          bench_id: descriptor.id,
          agent_id: agentId,
          name: descriptor.name,
          descriptor_json: JSON.stringify(descriptor),
          status: 'pending',
          first_at: now,
          last_at: now,
          attempts: 1,
        })
        .onConflict((oc) => oc.columns(['bench_id', 'agent_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
        await this.ctx.audit.record(
          {
            action: ownerAgentId ? 'bench-claim-refused' : 'bench-enrollment-requested',
            actorId: null,
            target: descriptor.id,
            ip,
            detail: ownerAgentId ? { agentId, ownerAgentId } : { agentId },
          },
          trx,
        );
        return 'pending';
      }
      await trx
        .updateTable('bench_enrollments')
        .set((eb) => ({
          last_at: now,
          attempts: eb('attempts', '+', 1),
          name: descriptor.name,
          descriptor_json: JSON.stringify(descriptor),
        }))
        .where('bench_id', '=', descriptor.id)
        .where('agent_id', '=', agentId)
        .execute();
      const row = await trx
        .selectFrom('bench_enrollments')
        .select('status')
        .where('bench_id', '=', descriptor.id)
        .where('agent_id', '=', agentId)
        .executeTakeFirstOrThrow();
      return row.status;
    });
  }

  /** Every refused announcement: unknown benches waiting for approval and claims, newest first. */
  async list(): Promise<BenchEnrollmentItem[]> {
    const rows = await this.ctx.db
      .selectFrom('bench_enrollments')
      .leftJoin('benches', 'benches.id', 'bench_enrollments.bench_id')
      .selectAll('bench_enrollments')
      .select('benches.agent_id as owner')
      .orderBy('bench_enrollments.last_at', 'desc')
      .orderBy('bench_enrollments.bench_id')
      .execute();
    return rows.map(toItem);
  }

  /** Enrolls an unknown bench to the agent that asked; CONFLICT when it is enrolled already. */
  async approve(actorId: string, benchId: string, agentId: string, ip: string): Promise<void> {
    const request = await this.request(benchId, agentId);
    const descriptor = BenchDescriptorSchema.parse(JSON.parse(request.descriptor_json));
    if (!(await this.enroll(this.ctx.db, agentId, descriptor, actorId, ip))) {
      throw new ProtocolError(
        'CONFLICT',
        `Bench ${benchId} is enrolled already: move it to "${agentId}" instead.`,
      );
    }
    await this.forget(benchId, agentId);
  }

  /** Refuses a request for good: the agent's later announcements are refused without a new one. */
  async reject(actorId: string, benchId: string, agentId: string, ip: string): Promise<void> {
    await this.request(benchId, agentId);
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('bench_enrollments')
        .set({ status: 'rejected' })
        .where('bench_id', '=', benchId)
        .where('agent_id', '=', agentId)
        .execute();
      await this.ctx.audit.record(
        {
          action: 'bench-enrollment-rejected',
          actorId,
          target: benchId,
          ip,
          detail: { agentId },
        },
        trx,
      );
    });
  }

  /**
   * Makes `agentId` the bench's owner. Refused while a session runs on the bench (its student
   * would find another PC's board under the controls). The old agent's link is let go at once.
   */
  async move(actorId: string, benchId: string, agentId: string, ip: string): Promise<void> {
    const { db } = this.ctx;
    if (!(await this.isKnownAgent(agentId))) {
      throw new ProtocolError('NOT_FOUND', `There is no lab-agent "${agentId}" with a token.`);
    }
    await db.transaction().execute(async (trx) => {
      const bench = await trx
        .selectFrom('benches')
        .select('agent_id')
        .where('id', '=', benchId)
        .executeTakeFirst();
      if (!bench) throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${benchId}".`);
      if (bench.agent_id === agentId) {
        throw new ProtocolError(
          'CONFLICT',
          `Bench ${benchId} is enrolled to "${agentId}" already.`,
        );
      }
      const running = await trx
        .selectFrom('sessions')
        .select('id')
        .where('bench_id', '=', benchId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (running) {
        throw new ProtocolError('CONFLICT', `A session runs on bench ${benchId}: end it first.`);
      }
      const moved = await trx
        .updateTable('benches')
        .set({ agent_id: agentId })
        .where('id', '=', benchId)
        .where('agent_id', '=', bench.agent_id)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) {
        throw new ProtocolError('CONFLICT', `Bench ${benchId} changed meanwhile: try again.`);
      }
      await trx
        .deleteFrom('bench_enrollments')
        .where('bench_id', '=', benchId)
        .where('agent_id', '=', agentId)
        .execute();
      await this.ctx.audit.record(
        {
          action: 'bench-moved',
          actorId,
          target: benchId,
          ip,
          detail: { fromAgentId: bench.agent_id, toAgentId: agentId },
        },
        trx,
      );
    });
    this.ctx.onMoved(benchId);
  }

  private async isKnownAgent(agentId: string): Promise<boolean> {
    if (this.ctx.configuredAgentIds.includes(agentId)) return true;
    const row = await this.ctx.db
      .selectFrom('agents')
      .select('token_hash')
      .where('id', '=', agentId)
      .executeTakeFirst();
    return !!row?.token_hash;
  }

  private async request(
    benchId: string,
    agentId: string,
  ): Promise<Selectable<BenchEnrollmentsTable>> {
    const row = await this.ctx.db
      .selectFrom('bench_enrollments')
      .selectAll()
      .where('bench_id', '=', benchId)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    if (!row) {
      throw new ProtocolError(
        'NOT_FOUND',
        `Agent "${agentId}" has no enrollment request for bench ${benchId}.`,
      );
    }
    return row;
  }

  private async forget(benchId: string, agentId: string): Promise<void> {
    await this.ctx.db
      .deleteFrom('bench_enrollments')
      .where('bench_id', '=', benchId)
      .where('agent_id', '=', agentId)
      .execute();
  }
}
