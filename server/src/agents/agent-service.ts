import { ProtocolError, type Agent } from '@remotelab/protocol';
import type { Selectable } from 'kysely';
import type { AgentsTable } from '../db/database.schema.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Actor } from '../core/actor.ts';
import { newSecretToken, tokenDigest } from '../auth/secret-token.ts';

const toAgent = (row: Selectable<AgentsTable>): Agent => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  tokenIssuedAt: row.token_issued_at,
  revokedAt: row.revoked_at,
  lastSeenAt: row.last_seen_at,
});

/**
 * Lab-agents known to the platform and their tokens. A token is shown once, when issued; the
 * database keeps its SHA-256. `onRevoked` lets the realtime layer drop the agent's live connection.
 */
export class AgentService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly onRevoked: (agentId: string) => void = () => undefined,
  ) {}

  async list(): Promise<Agent[]> {
    return (await this.deps.db.selectFrom('agents').selectAll().orderBy('id').execute()).map(
      toAgent,
    );
  }

  async create(
    actor: Actor,
    id: string,
    name: string,
    ip: string,
  ): Promise<{ agent: Agent; token: string }> {
    const token = newSecretToken();
    const now = this.deps.now();
    const row = {
      id,
      name,
      token_hash: tokenDigest(token),
      created_at: now,
      token_issued_at: now,
      revoked_at: null,
      last_seen_at: null,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      try {
        await trx.insertInto('agents').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ProtocolError(
            'CONFLICT',
            `An agent "${id}" exists; issue it a new token instead.`,
          );
        throw error;
      }
      await this.deps.audit.record(
        { action: 'agent-token-issued', actorId: actor.id, target: id, ip },
        trx,
      );
    });
    return { agent: toAgent(row), token };
  }

  /** Issues a new token (the old one stops working); also re-enables a revoked agent. */
  async issueToken(actor: Actor, id: string, ip: string): Promise<{ agent: Agent; token: string }> {
    const token = newSecretToken();
    const now = this.deps.now();
    const agent = await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('agents')
        .set({ token_hash: tokenDigest(token), token_issued_at: now, revoked_at: null })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0)
        throw new ProtocolError('NOT_FOUND', `There is no agent "${id}".`);
      await this.deps.audit.record(
        { action: 'agent-token-issued', actorId: actor.id, target: id, ip },
        trx,
      );
      return toAgent(
        await trx.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
    });
    this.onRevoked(id);
    return { agent, token };
  }

  async revoke(actor: Actor, id: string, ip: string): Promise<Agent> {
    const agent = await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('agents')
        .set({ token_hash: null, revoked_at: this.deps.now() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0)
        throw new ProtocolError('NOT_FOUND', `There is no agent "${id}".`);
      await this.deps.audit.record(
        { action: 'agent-revoked', actorId: actor.id, target: id, ip },
        trx,
      );
      return toAgent(
        await trx.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
    });
    this.onRevoked(id);
    return agent;
  }

  /** The stored digest of `agentId`'s token, or undefined when it has none (unknown or revoked). */
  async tokenDigestOf(agentId: string): Promise<string | undefined> {
    const row = await this.deps.db
      .selectFrom('agents')
      .select('token_hash')
      .where('id', '=', agentId)
      .executeTakeFirst();
    return row?.token_hash ?? undefined;
  }
}
