import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '@remotelab/server';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import {
  ROLE_NAMES,
  startStorageFixture,
  type StorageFixture,
} from '../support/storage-fixture.ts';
import { ROUTE_CASES, documentedRoutes } from '../support/api-route-cases.ts';

/**
 * Every route of the OpenAPI document against every role: anonymous, student, instructor,
 * technician, admin, and an instructor and a student of another course. A route without a row
 * fails the first test; each row's statuses are checked, and 2xx JSON answers must match the
 * route's response schema (the document cannot drift from what the server sends).
 */
describe.each(DATABASE_KINDS)('route x role matrix on %s', (kind) => {
  let f: StorageFixture;
  let documented: string[];
  beforeAll(async () => {
    f = await startStorageFixture(kind);
    documented = documentedRoutes(
      (
        await f
          .client('anonymous')
          .call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json')
      ).body,
    );
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('has exactly one row per documented route', () => {
    const rows = ROUTE_CASES.map((c) => c.route);
    expect(documented.filter((route) => !rows.includes(route))).toEqual([]);
    expect(rows.filter((route) => !documented.includes(route))).toEqual([]);
    expect(new Set(rows).size).toBe(rows.length);
    expect(documented.length).toBeGreaterThan(40);
  });

  function schemaOf(route: string): AnyRoute | undefined {
    const [method, path] = route.split(' ');
    return f.platform.routes.find(
      (r) =>
        r.method.toUpperCase() === method && `/api${r.path.replace(/:(\w+)/g, '{$1}')}` === path,
    );
  }

  it.each(ROUTE_CASES.map((c) => [c.route, c] as const))('%s', async (route, routeCase) => {
    const method = route.split(' ')[0]!;
    const seen: Record<string, number> = {};
    for (const role of ROLE_NAMES) {
      const request = await routeCase.request(f, role);
      const client = request.client ?? f.client(role);
      const answer = await client.call(method, request.path, request.body);
      seen[role] = answer.status;
      if (answer.status >= 400) {
        expect(answer.body, `${route} as ${role}`).toEqual({
          error: { code: expect.any(String), message: expect.any(String) },
        });
      }
      const schema = schemaOf(route)?.response.schema;
      if (
        answer.status < 300 &&
        schema &&
        (answer.headers.get('content-type') ?? '').includes('application/json')
      ) {
        const parsed = schema.safeParse(answer.body);
        expect(parsed.success, `${route} as ${role}: ${parsed.error?.message ?? ''}`).toBe(true);
      }
    }
    expect(seen).toEqual(routeCase.expect);
  });
});
