import { checkReply, type ReplySchema } from '@remotelab/protocol';
import { ApiError } from './api-error.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What every REST call shares: the CSRF token of the signed-in user (sent as X-CSRF-Token on
 * state-changing requests) and who to tell when the server says the sign-in is gone.
 */
export const httpSession = {
  csrfToken: null as string | null,
  /** Called on a 401 from any call but the ones that establish the session. */
  onUnauthenticated: (): void => undefined,
};

export interface RequestOptions {
  signal?: AbortSignal;
  /** Do not report a 401 as "signed out" (sign-in, /auth/me itself). */
  quiet401?: boolean;
}

/**
 * One JSON request to `/api<path>`. Resolves with the body parsed by `schema` (the route's
 * response schema in protocol; NoContentSchema for a 204), throws an ApiError carrying the
 * protocol's error code otherwise.
 *
 * Every reply is parsed, in production too, because it is cheap (measured): protocol's schemas
 * and zod are in the entry chunk already (the page imports protocol's shared rules), so parsing
 * adds ~0.8 KB gzipped to the bundle, and a list of 100 benches parses in ~0.5 ms with zod
 * jitless. Parsing in production also lets the e2e tests, which run the built page, check every
 * reply against the real server. A reply that does not parse is a client and a server that drifted apart:
 * it fails at once with an INTERNAL ApiError naming the route and the zod issues (and is logged
 * to the console), instead of a page that breaks later on a missing field.
 */
async function request<T>(
  method: Method,
  path: string,
  schema: ReplySchema<T>,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && httpSession.csrfToken) headers['x-csrf-token'] = httpSession.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'DISCONNECTED', 'The server could not be reached.');
  }
  const parsed: unknown =
    response.status === 204 ? undefined : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (response.status === 401 && !options.quiet401) httpSession.onUnauthenticated();
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : undefined,
      typeof error?.message === 'string' ? error.message : `${path}: HTTP ${response.status}`,
    );
  }
  const reply = checkReply(schema, parsed, `${method} /api${path}`);
  if (!reply.ok) {
    console.error(reply.problem);
    throw new ApiError(response.status, 'INTERNAL', reply.problem);
  }
  return reply.data;
}

export const get = <T>(path: string, schema: ReplySchema<T>, options?: RequestOptions) =>
  request('GET', path, schema, undefined, options);
export const post = <T>(
  path: string,
  schema: ReplySchema<T>,
  body?: unknown,
  options?: RequestOptions,
) => request('POST', path, schema, body, options);
export const put = <T>(path: string, schema: ReplySchema<T>, body?: unknown) =>
  request('PUT', path, schema, body);
export const patch = <T>(path: string, schema: ReplySchema<T>, body?: unknown) =>
  request('PATCH', path, schema, body);
export const del = <T>(path: string, schema: ReplySchema<T>) => request('DELETE', path, schema);

/** `?a=1&b=x` from the defined entries, or '' when none. */
export function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  return entries.length === 0
    ? ''
    : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}

export const segment = encodeURIComponent;
