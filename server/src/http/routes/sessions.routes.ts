import { z } from 'zod';
import {
  AddObserverSchema,
  IdSchema,
  SessionListQuerySchema,
  SessionSchema,
} from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import { channelsOf } from '../../sessions/session-service.ts';
import { writeRecordingCsv, writeRecordingJson } from '../../recordings/recording-export.ts';
import type { RouteServices } from './route-services.ts';

export const SessionParams = z.strictObject({ sessionId: IdSchema });
/**
 * Technicians run benches, not the students' sessions: they see their own maintenance sessions
 * (owner), not the recordings of others.
 */
const participants = ['student', 'instructor', 'technician', 'admin'] as const;

/**
 * Sessions and their recordings. They are opened and ended through the scheduler
 * (session-control.routes.ts): here only what reads them, and observers.
 */
export function sessionRoutes(s: RouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/sessions',
      tag: 'sessions',
      summary: 'Your sessions (owner or observer), those of the labs you teach, or all (admin).',
      access: participants,
      query: SessionListQuerySchema,
      response: { status: 200, schema: z.array(SessionSchema) },
      handler: async ({ query, ctx }) => s.sessions.list(ctx.actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/sessions/:sessionId',
      tag: 'sessions',
      summary: 'One session with the size of its recording.',
      access: participants,
      params: SessionParams,
      response: { status: 200, schema: SessionSchema },
      handler: async ({ params, ctx }) => s.sessions.get(ctx.actor, params.sessionId),
    }),
    defineRoute({
      method: 'post',
      path: '/sessions/:sessionId/observers',
      tag: 'sessions',
      summary: 'Let another user watch the session and download its recording.',
      access: participants,
      params: SessionParams,
      body: AddObserverSchema,
      response: { status: 200, schema: SessionSchema },
      handler: async ({ params, body, ctx }) =>
        s.sessions.addObserver(ctx.actor, params.sessionId, body.email),
    }),
    defineRoute({
      method: 'get',
      path: '/sessions/:sessionId/recording.csv',
      tag: 'sessions',
      summary:
        'The recording as CSV: t_ms (from the start) then one column per channel with its unit. Streamed.',
      access: participants,
      params: SessionParams,
      response: { status: 200, contentType: 'text/csv', streamed: true },
      handler: async ({ params, ctx }) => {
        const row = await s.sessions.visible(ctx.actor, params.sessionId);
        ctx.res.status(200).type('text/csv; charset=utf-8');
        ctx.res.setHeader('Content-Disposition', `attachment; filename="session-${row.id}.csv"`);
        await writeRecordingCsv(
          s.db,
          { sessionId: row.id, startedAt: row.started_at, channels: channelsOf(row) },
          ctx.res,
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/sessions/:sessionId/recording.json',
      tag: 'sessions',
      summary:
        'The recording as JSON: session, channels, commands sent, columns and rows. Streamed.',
      access: participants,
      params: SessionParams,
      response: {
        status: 200,
        streamed: true,
        schema: z.object({
          session: SessionSchema,
          channels: z.array(z.object({ id: z.string(), label: z.string(), unit: z.string() })),
          commands: z.array(
            z.object({
              at: z.number(),
              userId: z.string().nullable(),
              output: z.string(),
              value: z.unknown(),
              result: z.string(),
            }),
          ),
          columns: z.array(z.string()),
          rows: z.array(z.array(z.number().nullable())),
        }),
      },
      handler: async ({ params, ctx }) => {
        const row = await s.sessions.visible(ctx.actor, params.sessionId);
        const [session, commands] = await Promise.all([
          s.sessions.toDto(row),
          s.sessions.commandsOf(row.id),
        ]);
        ctx.res.status(200).type('application/json; charset=utf-8');
        ctx.res.setHeader('Content-Disposition', `attachment; filename="session-${row.id}.json"`);
        const source = { sessionId: row.id, startedAt: row.started_at, channels: channelsOf(row) };
        await writeRecordingJson(s.db, source, { session, commands }, ctx.res);
      },
    }),
  ];
}
