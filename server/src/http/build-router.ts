import { Router, type Request, type Response } from 'express';
import { ProtocolError, parseOrThrow } from '@remotelab/protocol';
import type { Actor, AuthenticatedSession } from '../core/actor.ts';
import type { AnyRoute, RequestContext } from './route-table.ts';
import { SESSION_COOKIE, readCookie } from './session-cookie.ts';

/** The sign-in sessions, looked up by the token a request's session cookie carries. */
export interface SessionLookup {
  findByToken(token: string): Promise<AuthenticatedSession | undefined>;
}

const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['get', 'head', 'options']);

/**
 * Builds the express router from the route table. Order per request: who is calling (401/403),
 * CSRF on state-changing methods, then params/query/body against their schemas (400), then the
 * handler. Errors are thrown as ProtocolError and shaped by errorHandler.
 */
export function buildRouter(routes: readonly AnyRoute[], sessions: SessionLookup): Router {
  const router = Router();
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      const session = token ? await sessions.findByToken(token) : undefined;
      checkAccess(route, session?.actor);
      if (!SAFE_METHODS.has(route.method) && route.csrf !== false && session) {
        const header = req.get(CSRF_HEADER);
        if (header !== session.csrfToken) {
          throw new ProtocolError(
            'FORBIDDEN',
            'Missing or wrong X-CSRF-Token header: read it from GET /api/auth/me and send it back.',
          );
        }
      }
      if (route.body && !req.is('application/json')) {
        throw new ProtocolError(
          'BAD_REQUEST',
          'Send the request body as JSON (Content-Type: application/json).',
        );
      }
      const ctx: RequestContext = {
        actor: session?.actor,
        authSession: session
          ? { tokenHash: session.tokenHash, csrfToken: session.csrfToken }
          : undefined,
        ip: req.ip ?? req.socket.remoteAddress ?? '',
        req,
        res,
      };
      const input = {
        params: route.params ? parseOrThrow(route.params, req.params) : undefined,
        query: route.query ? parseOrThrow(route.query, req.query) : undefined,
        body: route.body ? parseOrThrow(route.body, req.body) : undefined,
        ctx,
      };
      // The table erases each route's own types; the handler was checked against them by defineRoute.
      const result: unknown = await (route.handler as (i: typeof input) => Promise<unknown>)(input);
      if (route.response.streamed) return;
      res.setHeader('Cache-Control', 'no-store');
      // A handler may set an error status itself (health answers 503 with its usual body).
      const status = res.statusCode >= 300 ? res.statusCode : route.response.status;
      if (status === 204) {
        res.status(204).end();
        return;
      }
      if (route.response.contentType === 'text/html') {
        res
          .status(status)
          .type('html')
          .send(result as string);
        return;
      }
      res.status(status).json(result ?? null);
    });
  }
  return router;
}

function checkAccess(route: AnyRoute, actor: Actor | undefined): void {
  if (route.access === 'public') return;
  if (!actor) throw new ProtocolError('UNAUTHENTICATED', 'Sign in first.');
  if (route.access === 'signed-in') return;
  if (!route.access.includes(actor.role)) {
    throw new ProtocolError('FORBIDDEN', `This is not open to the ${actor.role} role.`);
  }
}
