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
    defineRoute({
      method: 'post',
      path: '/bench-enrollments/:benchId/:agentId/approve',
      tag: 'benches',
      summary:
        'Enroll a new bench to the agent that announced it; it is driven from its next ' +
        'announcement (within seconds). CONFLICT when the bench is enrolled already (move it).',
      access: fleet,
      params: RequestParams,
      response: { status: 200, schema: Requests },
      handler: async ({ params, ctx }) => {
        await s.enrollment.approve(ctx.actor.id, params.benchId, params.agentId, ctx.ip);
        return s.enrollment.list();
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/bench-enrollments/:benchId/:agentId',
      tag: 'benches',
      summary:
        "Reject a request: the agent's later announcements of the bench stay refused and do not " +
        'come back as new requests.',
      access: fleet,
      params: RequestParams,
      response: { status: 200, schema: Requests },
      handler: async ({ params, ctx }) => {
        await s.enrollment.reject(ctx.actor.id, params.benchId, params.agentId, ctx.ip);
        return s.enrollment.list();
      },
    }),
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
