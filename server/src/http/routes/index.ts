import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import { buildOpenApiDocument } from '../openapi-document.ts';
import { renderApiDocsPage } from '../api-docs-page.ts';
import { auditRoutes } from './audit.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { benchRoutes } from './bench.routes.ts';
import { benchOpsRoutes } from './bench-ops.routes.ts';
import { benchEnrollmentRoutes } from './bench-enrollment.routes.ts';
import { courseRoutes } from './courses.routes.ts';
import { sessionRoutes } from './sessions.routes.ts';
import { userRoutes } from './users.routes.ts';
import type { RouteServices } from './route-services.ts';

export type { RouteServices } from './route-services.ts';

/** The whole REST API, in one table: the router, the OpenAPI document and the docs page come from it. */
export function apiRoutes(s: RouteServices, extra: readonly AnyRoute[] = []): AnyRoute[] {
  const routes = [
    // Routes of modules started with the platform (the scheduler's, scheduling.routes.ts).
    ...extra,
    ...authRoutes(s),
    ...userRoutes(s),
    ...courseRoutes(s),
    ...benchRoutes(s),
    ...benchOpsRoutes(s),
    ...benchEnrollmentRoutes(s),
    ...sessionRoutes(s),
    ...auditRoutes(s),
  ];
  // The document describes itself too; built once, on first request.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  let page: string | undefined;
  const all: AnyRoute[] = [
    ...routes,
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      tag: 'platform',
      summary: 'This API as an OpenAPI 3.1 document.',
      access: 'public',
      response: { status: 200, schema: z.record(z.string(), z.unknown()) },
      // The OpenAPI document is a typed object without an index signature; served as JSON as is.
      handler: async () =>
        (document ??= buildOpenApiDocument(all)) as unknown as Record<string, unknown>,
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      tag: 'platform',
      summary: 'A readable reference of this API (HTML).',
      access: 'public',
      response: { status: 200, contentType: 'text/html', schema: z.string() },
      handler: async () => (page ??= renderApiDocsPage((document ??= buildOpenApiDocument(all)))),
    }),
  ];
  return all;
}
