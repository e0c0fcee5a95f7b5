import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Role } from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';

/** Who may call a route: anyone (`public`), any signed-in user, or the roles listed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface RequestContext<A extends Access = Access> {
  actor: A extends 'public' ? Actor | undefined : Actor;
  /** The sign-in session the request came with, when it came with one. */
  authSession: { tokenHash: string; csrfToken: string } | undefined;
  /** The client's address (X-Forwarded-For is honoured only with LAB_TRUST_PROXY). */
  ip: string;
  req: Request;
  res: Response;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteResponse<R extends Schema | undefined> {
  status: 200 | 201 | 202 | 204;
  schema?: R;
  description?: string;
  /** `application/json` unless said otherwise. */
  contentType?: 'application/json' | 'text/csv' | 'text/html';
  /** The handler writes the body itself (large downloads); it returns nothing. */
  streamed?: boolean;
}

/**
 * One REST route, declared once: the express router, the validation and the OpenAPI document are
 * all built from these. Invariant: a handler only runs after the caller passed `access` (and the
 * CSRF check on state-changing methods) and params/query/body parsed with their schemas.
 */
export interface RouteSpec<
  A extends Access = Access,
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema | undefined = Schema | undefined,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax, relative to /api: `/courses/:courseId`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  /** State-changing routes check X-CSRF-Token unless this is false (sign-in, password reset). */
  csrf?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  response: RouteResponse<R>;
  handler: (input: {
    params: Out<P>;
    query: Out<Q>;
    body: Out<B>;
    ctx: RequestContext<A>;
  }) => Promise<R extends Schema ? z.input<R> | void : void>;
}

/**
 * Declares a route with its types inferred from the schemas. The result is widened to `AnyRoute`
 * so routes of every shape fit one table.
 */
export function defineRoute<
  const A extends Access,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(route: RouteSpec<A, P, Q, B, R>): AnyRoute {
  return route as unknown as AnyRoute;
}

export type AnyRoute = RouteSpec<
  Access,
  Schema | undefined,
  Schema | undefined,
  Schema | undefined,
  Schema | undefined
>;

/** `/courses/:courseId` -> `/courses/{courseId}` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
