import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import {
  ROLE_NAMES,
  startStorageFixture,
  type RoleName,
  type StorageFixture,
} from '../support/storage-fixture.ts';
import { ROUTE_CASES, type RouteCase } from '../support/api-route-cases.ts';
import type { CallOptions } from '../support/api-client.ts';

/** Strings that break naive code: SQL, NUL, bidi overrides, RTL text, emoji, a lone surrogate, 10 kB. */
const HOSTILE = [
  "'; DROP TABLE users; --",
  '" OR "1"="1',
  'nul\u0000byte',
  '\u202Egnp.exe',
  '\u200F\u0623\u0645\u0644 \u0628\u0646 \u0635\u0627\u0644\u062D',
  '\u{1F9EA}\u26A1\uFE0F\u{1F469}\u{1F3FD}\u200D\u{1F52C}',
  '\uD800',
  'x'.repeat(10_000),
];
/** The same in a URL path, where a lone surrogate cannot be encoded: invalid UTF-8 instead. */
const HOSTILE_PATH = [
  ...HOSTILE.filter((s) => s !== '\uD800').map(encodeURIComponent),
  '%FF%FE',
  '..%2F..%2Fetc%2Fpasswd',
];

/** A failed sign-in is audited by design: the one write a 4xx may make. */
const ALLOWED_WRITES: Record<string, string[]> = { 'POST /api/auth/sign-in': ['audit_log'] };

function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return '12';
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return { not: 'a list' };
  if (value && typeof value === 'object') return ['not', 'an', 'object'];
  return 5;
}

/** Every string in a JSON value, by path. */
function stringLeaves(
  value: unknown,
  path: Array<string | number> = [],
): Array<Array<string | number>> {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function withLeaf(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  const [head, ...rest] = path;
  copy[head!] = withLeaf(copy[head!], rest, replacement);
  return copy;
}

/**
 * Bad input on every route: hostile path segments and query values, missing fields, wrong types,
 * bodies that are not JSON objects, over 1 MB, and hostile strings in every string field. Each
 * gets a 4xx with the error shape and writes nothing; hostile text a field legitimately accepts
 * (an Arabic name, an emoji) may succeed, and then no table is harmed.
 */
describe.each(DATABASE_KINDS)('bad input on every route on %s', (kind) => {
  let f: StorageFixture;
  let documented: {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters: Array<{ name: string; in: string }>;
          requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
        }
      >
    >;
  };
  beforeAll(async () => {
    f = await startStorageFixture(kind);
    documented = (await f.client('anonymous').call<typeof documented>('GET', '/api/openapi.json'))
      .body;
  });
  afterAll(async () => {
    await f?.stop();
  });

  function allowedRole(routeCase: RouteCase): RoleName {
    return routeCase.expect.admin < 300
      ? 'admin'
      : ROLE_NAMES.find((role) => routeCase.expect[role] < 300)!;
  }

  /** Sends one bad request and checks: 4xx with the error shape and no row changed (or, if `mayPass`, a 2xx that harmed nothing). */
  async function attempt(
    routeCase: RouteCase,
    label: string,
    build: (valid: { path: string; body?: unknown }) => {
      path: string;
      body?: unknown;
      options?: CallOptions;
    },
    mayPass = false,
  ) {
    const [method] = routeCase.route.split(' ');
    const role = allowedRole(routeCase);
    const valid = await routeCase.request(f, role);
    const client = valid.client ?? f.client(role);
    const bad = build(valid);
    const before = await f.rowCounts();
    const answer = await client.call(method!, bad.path, bad.body, bad.options);
    const after = await f.rowCounts();
    const where = `${routeCase.route} ${label} -> ${answer.status} ${answer.text.slice(0, 200)}`;
    if (mayPass && answer.status < 300) {
      expect(after.users, where).toBeGreaterThanOrEqual(before.users!);
      return;
    }
    expect(answer.status, where).toBeGreaterThanOrEqual(400);
    expect(answer.status, where).toBeLessThan(500);
    expect(answer.body, where).toEqual({
      error: { code: expect.any(String), message: expect.any(String) },
    });
    for (const table of ALLOWED_WRITES[routeCase.route] ?? []) after[table] = before[table]!;
    expect(after, where).toEqual(before);
  }

  const operation = (routeCase: RouteCase) => {
    const [method, path] = routeCase.route.split(' ');
    return documented.paths[path!]![method!.toLowerCase()]!;
  };

  it.each(ROUTE_CASES.map((c) => [c.route, c] as const))('%s', async (_route, routeCase) => {
    const op = operation(routeCase);
    const template = routeCase.route.split(' ')[1]!.split('/');

    // Hostile path segments where the route takes an id.
    for (const index of template.flatMap((segment, i) => (segment.startsWith('{') ? [i] : []))) {
      for (const hostile of HOSTILE_PATH) {
        await attempt(routeCase, `path[${template[index]}]=${hostile.slice(0, 20)}`, (valid) => {
          const segments = valid.path.split('/');
          segments[index] = hostile;
          return { path: segments.join('/'), body: valid.body };
        });
      }
    }

    // Hostile query values: refused, or harmless (a GET writes nothing either way).
    for (const parameter of op.parameters.filter((p) => p.in === 'query')) {
      for (const hostile of HOSTILE) {
        await attempt(
          routeCase,
          `query ${parameter.name}`,
          (valid) => ({
            path: `${valid.path}?${parameter.name}=${encodeURIComponent(hostile.replace('\uD800', '\uFFFD'))}`,
          }),
          true,
        );
      }
      await attempt(routeCase, `query ${parameter.name} twice`, (valid) => ({
        path: `${valid.path}?${parameter.name}=a&${parameter.name}=b`,
      }));
    }

    if (!op.requestBody) return;
    const required = op.requestBody.content['application/json']!.schema.required ?? [];
    if (required.length > 0)
      await attempt(routeCase, 'empty object', (valid) => ({ path: valid.path, body: {} }));
    for (const raw of ['[]', '"text"', '42', 'null', '{"email":', '{"a":1}{"b":2}']) {
      await attempt(routeCase, `raw body ${raw}`, (valid) => ({
        path: valid.path,
        options: { raw },
      }));
    }
    await attempt(routeCase, 'text/plain body', (valid) => ({
      path: valid.path,
      options: { raw: JSON.stringify(valid.body), contentType: 'text/plain' },
    }));
    const large = await (async () => {
      const huge = JSON.stringify({ padding: 'x'.repeat(1_100_000) });
      const role = allowedRole(routeCase);
      const valid = await routeCase.request(f, role);
      const before = await f.rowCounts();
      const answer = await (valid.client ?? f.client(role)).call(
        routeCase.route.split(' ')[0]!,
        valid.path,
        undefined,
        { raw: huge },
      );
      expect(await f.rowCounts()).toEqual(before);
      return answer;
    })();
    expect(large.status).toBe(413);
    expect(large.body).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) },
    });

    const sample = (await routeCase.request(f, allowedRole(routeCase))).body as Record<
      string,
      unknown
    >;
    for (const key of Object.keys(sample)) {
      await attempt(routeCase, `wrong type for ${key}`, (valid) => ({
        path: valid.path,
        body: {
          ...(valid.body as object),
          [key]: wrongType((valid.body as Record<string, unknown>)[key]),
        },
      }));
      await attempt(routeCase, `unknown field next to ${key}`, (valid) => ({
        path: valid.path,
        body: { ...(valid.body as object), [`${key}_extra`]: 1 },
      }));
    }
    for (const leaf of stringLeaves(sample)) {
      for (const hostile of HOSTILE) {
        await attempt(
          routeCase,
          `${leaf.join('.')}=${JSON.stringify(hostile.slice(0, 20))}`,
          (valid) => ({ path: valid.path, body: withLeaf(valid.body, leaf, hostile) }),
          true,
        );
      }
    }
  });

  it('never stores NUL, bidi overrides, or over-long text', async () => {
    // The hostile values above that passed must have been the harmless ones: check what is stored.
    const users = await f.platform.db
      .selectFrom('users')
      .select(['display_name', 'email'])
      .execute();
    const labs = await f.platform.db.selectFrom('labs').select(['title', 'instructions']).execute();
    const benches = await f.platform.db
      .selectFrom('benches')
      .select(['maintenance_reason', 'quarantine_reason'])
      .execute();
    const lines = [...users.flatMap((u) => [u.display_name, u.email]), ...labs.map((l) => l.title)];
    const texts = [
      ...lines,
      ...labs.map((l) => l.instructions),
      ...benches.flatMap((b) => [b.maintenance_reason ?? '', b.quarantine_reason ?? '']),
    ];
    for (const text of texts) {
      expect(text.includes('\u0000')).toBe(false);
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    }
    // Names and titles are short; only Markdown instructions may be long (up to 200 000 characters).
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(200);
    // ... and that the accepted ones are stored exactly as sent.
    expect(users.map((u) => u.display_name)).toContain("'; DROP TABLE users; --");
    expect(users.map((u) => u.display_name)).toContain(HOSTILE[4]);
  });
});
