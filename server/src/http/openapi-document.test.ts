import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from './route-table.ts';
import { buildOpenApiDocument } from './openapi-document.ts';
import { renderApiDocsPage } from './api-docs-page.ts';

const routes = [
  defineRoute({
    method: 'get',
    path: '/things/:thingId',
    tag: 'things',
    summary: 'One <thing>',
    access: 'public',
    params: z.strictObject({ thingId: z.uuid() }),
    query: z.strictObject({
      limit: z.coerce.number().int().max(10).default(5),
      q: z.string().optional(),
    }),
    response: { status: 200, schema: z.object({ id: z.string() }) },
    handler: async ({ params }) => ({ id: params.thingId }),
  }),
  defineRoute({
    method: 'post',
    path: '/things',
    tag: 'things',
    summary: 'Make a thing',
    access: ['admin'],
    body: z.strictObject({ name: z.string().min(1) }),
    response: { status: 204 },
    handler: async () => undefined,
  }),
  defineRoute({
    method: 'get',
    path: '/things.csv',
    tag: 'things',
    summary: 'All things',
    access: 'signed-in',
    response: { status: 200, contentType: 'text/csv', streamed: true },
    handler: async () => undefined,
  }),
];

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument(routes);

  it('is OpenAPI 3.1 with one operation per route, paths in OpenAPI syntax', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/api/things/{thingId}',
      '/api/things',
      '/api/things.csv',
    ]);
    expect(doc.paths['/api/things/{thingId}']!.get!.operationId).toBe('getApiThingsThingId');
  });

  it('describes path and query parameters from their schemas', () => {
    const op = doc.paths['/api/things/{thingId}']!.get!;
    expect(op.parameters).toEqual([
      {
        name: 'thingId',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ type: 'string', format: 'uuid' }),
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', maximum: 10, default: 5 }),
      },
      { name: 'q', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(op.security).toEqual([]);
    expect(op['x-access']).toBe('public');
  });

  it('describes bodies, who may call, and the error answers', () => {
    const op = doc.paths['/api/things']!.post!;
    expect(op.requestBody!.content['application/json']!.schema).toMatchObject({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
    });
    expect(op['x-access']).toEqual(['admin']);
    expect(op.security).toEqual([{ sessionCookie: [], csrfHeader: [] }]);
    expect(Object.keys(op.responses)).toEqual(['204', '400', '401', '403', '413']);
    expect(op.responses['204']!.content).toBeUndefined();
    expect(doc.paths['/api/things.csv']!.get!.responses['200']!.content).toEqual({
      'text/csv': { schema: { type: 'string' } },
    });
  });
});

describe('renderApiDocsPage', () => {
  it('lists every operation and escapes what it prints', () => {
    const html = renderApiDocsPage(buildOpenApiDocument(routes));
    expect(html).toContain('<code>/api/things/{thingId}</code>');
    expect(html).toContain('One &#60;thing&#62;');
    expect(html).not.toContain('One <thing>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!localhost)/);
  });
});
