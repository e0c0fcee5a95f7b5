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
 * One JSON request to `/api<path>`. Resolves with the parsed body (undefined for 204), throws an
 * ApiError carrying the protocol's error code otherwise.
 */
export async function request<T>(
  method: Method,
  path: string,
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
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (response.status === 401 && !options.quiet401) httpSession.onUnauthenticated();
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : undefined,
      typeof error?.message === 'string' ? error.message : `${path}: HTTP ${response.status}`,
    );
  }
  return parsed as T;
}

export const get = <T>(path: string, options?: RequestOptions) =>
  request<T>('GET', path, undefined, options);
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  request<T>('POST', path, body, options);
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, body);
export const patch = <T>(path: string, body?: unknown) => request<T>('PATCH', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

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
