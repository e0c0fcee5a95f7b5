import { SessionSchema, StartSessionSchema } from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { SessionControl } from '../../scheduling/session-control.ts';
import { SessionParams } from './sessions.routes.ts';

/**
 * Opening and ending sessions by hand. Students and instructors get sessions from the scheduler
 * only (bookings, the walk-in queue, batch runs, practice on the twin: scheduling.routes.ts); a
 * technician or an admin opens a maintenance session on a bench in maintenance.
 */
export function sessionControlRoutes(control: SessionControl): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/sessions',
      tag: 'sessions',
      summary:
        'Start a maintenance session on a bench in maintenance (technicians, admins): CONFLICT when ' +
        'the bench is in service or in use. Students get sessions by booking, queueing or practising.',
      access: ['technician', 'admin'],
      body: StartSessionSchema,
      response: { status: 201, schema: SessionSchema },
      handler: async ({ body, ctx }) => control.startMaintenance(ctx.actor, body.benchId),
    }),
    defineRoute({
      method: 'post',
      path: '/sessions/:sessionId/end',
      tag: 'sessions',
      summary:
        'End a session (its owner, the instructor of its lab, or an admin) through the scheduler: ' +
        'its booking closes with it and the recording is complete when this answers.',
      access: ['student', 'instructor', 'technician', 'admin'],
      params: SessionParams,
      response: { status: 200, schema: SessionSchema },
      handler: async ({ params, ctx }) => control.end(ctx.actor, params.sessionId),
    }),
  ];
}
