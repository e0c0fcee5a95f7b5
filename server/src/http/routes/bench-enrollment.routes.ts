import { z } from 'zod';
import {
  AgentIdSchema,
  BenchEnrollmentSchema,
  BenchIdSchema,
  BenchViewSchema,
  MoveBenchSchema,
} from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { RouteServices } from './route-services.ts';

const RequestParams = z.strictObject({ benchId: BenchIdSchema, agentId: AgentIdSchema });
const fleet = ['technician', 'admin'] as const;
const Requests = z.array(BenchEnrollmentSchema);

/** Which lab-agent each bench belongs to: enrollment requests, approvals and moves. */
export function benchEnrollmentRoutes(s: RouteServices): AnyRoute[] {
  /** Approving and rejecting a request take the same shape: decide, then list what is left. */
  const decision = (
    method: 'post' | 'delete',
    path: string,
    summary: string,
    decide: (actorId: string, benchId: string, agentId: string, ip: string) => Promise<unknown>,
  ): AnyRoute =>
    defineRoute({
      method,
      path,
      tag: 'benches',
      summary,
      access: fleet,
      params: RequestParams,
      response: { status: 200, schema: Requests },
      handler: async ({ params, ctx }) => {
        await decide(ctx.actor.id, params.benchId, params.agentId, ctx.ip);
        return s.enrollment.list();
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/bench-enrollments',
      tag: 'benches',
      summary:
        'Announcements the platform refused: benches never enrolled (approve them) and claims on ' +
        'benches enrolled to another agent (move the bench to honour one), with their counts.',
      access: fleet,
      response: { status: 200, schema: Requests },
      handler: async () => s.enrollment.list(),
    }),
    decision(
      'post',
      '/bench-enrollments/:benchId/:agentId/approve',
      'Enroll a new bench to the agent that announced it; it is driven from its next ' +
        'announcement (within seconds). CONFLICT when the bench is enrolled already (move it).',
      (actorId, benchId, agentId, ip) => s.enrollment.approve(actorId, benchId, agentId, ip),
    ),
    decision(
      'delete',
      '/bench-enrollments/:benchId/:agentId',
      "Reject a request: the agent's later announcements of the bench stay refused and do not " +
        'come back as new requests.',
      (actorId, benchId, agentId, ip) => s.enrollment.reject(actorId, benchId, agentId, ip),
    ),
    defineRoute({
      method: 'post',
      path: '/benches/:benchId/move',
      tag: 'benches',
      summary:
        'Enroll a bench to another lab-agent (a replaced lab PC, a board moved). The old agent ' +
        'stops driving it at once; refused with CONFLICT while a session runs on it.',
      access: fleet,
      params: z.strictObject({ benchId: BenchIdSchema }),
      body: MoveBenchSchema,
      response: { status: 200, schema: BenchViewSchema },
      handler: async ({ params, body, ctx }) => {
        await s.enrollment.move(ctx.actor.id, params.benchId, body.agentId, ctx.ip);
        return (await s.benchViews.find(params.benchId))!;
      },
    }),
  ];
}
