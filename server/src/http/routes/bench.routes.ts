import { z } from 'zod';
import {
  AgentIdSchema,
  AgentSchema,
  AgentTokenIssuedSchema,
  BenchFlagRequestSchema,
  BenchIdSchema,
  BenchViewSchema,
  CreateAgentSchema,
  AGENT_PROTOCOL_VERSION,
  ProtocolError,
} from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { BenchFlagKind } from '../../benches/bench-catalog.ts';
import type { RouteServices } from './route-services.ts';
import { clearAgentQuarantine } from './bench-ops.routes.ts';

const BenchParams = z.strictObject({ benchId: BenchIdSchema });
const AgentParams = z.strictObject({ agentId: AgentIdSchema });
const fleet = ['technician', 'admin'] as const;

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  redis: z.enum(['ok', 'unreachable']),
  database: z.enum(['ok', 'unreachable']),
  protocolVersion: z.number(),
  uptimeS: z.number(),
  benches: z.array(z.object({ id: z.string(), status: z.string() })),
});

function flagRoutes(s: RouteServices, kind: BenchFlagKind): AnyRoute[] {
  return [
    defineRoute({
      method: 'put',
      path: `/benches/:benchId/${kind}`,
      tag: 'benches',
      summary: `Put a bench in ${kind} with a reason: no session starts on it until it is cleared.`,
      access: fleet,
      params: BenchParams,
      body: BenchFlagRequestSchema,
      response: { status: 200, schema: BenchViewSchema },
      handler: async ({ params, body, ctx }) => {
        const row = await s.catalog.setFlag(ctx.actor, params.benchId, kind, body.reason, ctx.ip);
        return s.benchViews.of(params.benchId, row)!;
      },
    }),
    defineRoute({
      method: 'delete',
      path: `/benches/:benchId/${kind}`,
      tag: 'benches',
      summary: `Take a bench out of ${kind}.`,
      access: fleet,
      params: BenchParams,
      response: { status: 200, schema: BenchViewSchema },
      handler: async ({ params, ctx }) => {
        // The agent's own quarantine (a failed self-test) is cleared first: if its agent is away,
        // nothing changes and the answer says so.
        if (kind === 'quarantine') await clearAgentQuarantine(s, params.benchId);
        const row = await s.catalog.setFlag(ctx.actor, params.benchId, kind, null, ctx.ip);
        return s.benchViews.of(params.benchId, row)!;
      },
    }),
  ];
}

export function benchRoutes(s: RouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      tag: 'platform',
      summary: 'Liveness of the server, Redis and the database (503 when degraded).',
      access: 'public',
      response: { status: 200, schema: HealthSchema },
      handler: async ({ ctx }) => {
        const redisOk = await s.redis.ping().then(
          (pong) => pong === 'PONG',
          () => false,
        );
        const dbOk = await s.db
          .selectFrom('users')
          .select('id')
          .limit(1)
          .execute()
          .then(
            () => true,
            () => false,
          );
        const ok = redisOk && dbOk;
        if (!ok) ctx.res.status(503);
        return {
          status: ok ? ('ok' as const) : ('degraded' as const),
          redis: redisOk ? ('ok' as const) : ('unreachable' as const),
          database: dbOk ? ('ok' as const) : ('unreachable' as const),
          protocolVersion: AGENT_PROTOCOL_VERSION,
          uptimeS: Math.round((Date.now() - s.startedAt) / 1000),
          benches: s.registry.ids().map((id) => ({
            id,
            status: s.registry.agentState(id)?.status ?? ('offline' as const),
          })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/benches',
      tag: 'benches',
      summary:
        'Every bench with its live state, pool, and maintenance / quarantine. Open to anyone.',
      access: 'public',
      response: { status: 200, schema: z.array(BenchViewSchema) },
      handler: async () => s.benchViews.list(),
    }),
    defineRoute({
      method: 'get',
      path: '/benches/:benchId',
      tag: 'benches',
      summary: 'One bench.',
      access: 'public',
      params: BenchParams,
      response: { status: 200, schema: BenchViewSchema },
      handler: async ({ params }) => {
        const item = await s.benchViews.find(params.benchId);
        if (!item)
          throw new ProtocolError('UNKNOWN_BENCH', `There is no bench "${params.benchId}".`);
        return item;
      },
    }),
    ...flagRoutes(s, 'maintenance'),
    ...flagRoutes(s, 'quarantine'),
    defineRoute({
      method: 'get',
      path: '/agents',
      tag: 'agents',
      summary: 'Lab-agents with database tokens, and when they were last seen.',
      access: fleet,
      response: { status: 200, schema: z.array(AgentSchema) },
      handler: async () => s.agents.list(),
    }),
    defineRoute({
      method: 'post',
      path: '/agents',
      tag: 'agents',
      summary:
        'Register a lab-agent. Its token is in this answer only; the server keeps a SHA-256.',
      access: ['admin'],
      body: CreateAgentSchema,
      response: { status: 201, schema: AgentTokenIssuedSchema },
      handler: async ({ body, ctx }) => s.agents.create(ctx.actor, body.id, body.name, ctx.ip),
    }),
    defineRoute({
      method: 'post',
      path: '/agents/:agentId/token',
      tag: 'agents',
      summary:
        'Issue a new token to an agent (the old one stops working, its connection is dropped).',
      access: ['admin'],
      params: AgentParams,
      response: { status: 201, schema: AgentTokenIssuedSchema },
      handler: async ({ params, ctx }) => s.agents.issueToken(ctx.actor, params.agentId, ctx.ip),
    }),
    defineRoute({
      method: 'delete',
      path: '/agents/:agentId/token',
      tag: 'agents',
      summary: "Revoke an agent's token and drop its connection.",
      access: ['admin'],
      params: AgentParams,
      response: { status: 200, schema: AgentSchema },
      handler: async ({ params, ctx }) => s.agents.revoke(ctx.actor, params.agentId, ctx.ip),
    }),
  ];
}
