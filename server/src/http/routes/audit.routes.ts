import { z } from 'zod';
import { AuditEntrySchema, AuditQuerySchema } from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { RouteServices } from './route-services.ts';

export function auditRoutes(s: RouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/audit',
      tag: 'audit',
      summary:
        'The audit log, newest first: sign-ins, role changes, tokens issued, bench flags, commands.',
      access: ['admin'],
      query: AuditQuerySchema,
      response: { status: 200, schema: z.array(AuditEntrySchema) },
      handler: async ({ query }) => s.audit.list(query),
    }),
  ];
}
