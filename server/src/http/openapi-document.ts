import { z } from 'zod';
import {
  AGENT_PROTOCOL_VERSION,
  BROWSER_PROTOCOL_VERSION,
  ErrorBodySchema,
} from '@remotelab/protocol';
import { openApiPath, type AnyRoute } from './route-table.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  'x-access': string | string[];
  security: Array<Record<string, string[]>>;
  parameters: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }>;
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: JsonSchema }> }
  >;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function parameters(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
): OpenApiOperation['parameters'] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

const ERROR_RESPONSE = {
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/**
 * The OpenAPI 3.1 document of the REST API, generated from the route table (the same schemas
 * validate the requests). OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod emits.
 */
export function buildOpenApiDocument(routes: readonly AnyRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = `/api${openApiPath(route.path)}`;
    const { response } = route;
    const contentType = response.contentType ?? 'application/json';
    const success: OpenApiOperation['responses'][string] = {
      description: response.description ?? 'Success',
    };
    if (response.status !== 204) {
      const schema = response.schema ? jsonSchema(response.schema, 'output') : { type: 'string' };
      success.content = { [contentType]: { schema } };
    }
    const responses: OpenApiOperation['responses'] = { [String(response.status)]: success };
    responses['400'] = { description: 'Invalid input (BAD_REQUEST)', ...ERROR_RESPONSE };
    if (route.access !== 'public') {
      responses['401'] = { description: 'Not signed in (UNAUTHENTICATED)', ...ERROR_RESPONSE };
      responses['403'] = {
        description: 'Role not allowed or CSRF token missing (FORBIDDEN)',
        ...ERROR_RESPONSE,
      };
    }
    if (route.body)
      responses['413'] = { description: 'Body over 1 MB (PAYLOAD_TOO_LARGE)', ...ERROR_RESPONSE };
    const operation: OpenApiOperation = {
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: route.summary,
      tags: [route.tag],
      'x-access': typeof route.access === 'string' ? route.access : [...route.access],
      security: route.access === 'public' ? [] : [{ sessionCookie: [], csrfHeader: [] }],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses,
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'remotelab REST API',
      version: `browser protocol ${BROWSER_PROTOCOL_VERSION}, agent protocol ${AGENT_PROTOCOL_VERSION}`,
      description:
        'Sign in with POST /api/auth/sign-in (sets an httpOnly session cookie), then send the csrfToken ' +
        'of GET /api/auth/me as X-CSRF-Token on every POST, PUT, PATCH and DELETE. Errors are ' +
        '{ "error": { "code", "message" } }. x-access names who may call an operation.',
    },
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          properties: { error: jsonSchema(ErrorBodySchema, 'output') },
          required: ['error'],
        },
      },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
    },
  };
}
