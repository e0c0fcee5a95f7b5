/** A JSON answer of the REST API, read once. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  /** Send this raw body instead of JSON.stringify(body). */
  raw?: string;
  contentType?: string;
  /** Send no CSRF header (or this wrong one) even when signed in. */
  csrf?: false | string;
  headers?: Record<string, string>;
}

/**
 * A browser stand-in: keeps the session cookie it is given and echoes the CSRF token on
 * state-changing requests, as the web client will.
 */
export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async signIn(
    email: string,
    password: string,
  ): Promise<ApiAnswer<{ csrfToken?: string; user?: { id: string } }>> {
    const answer = await this.call<{ csrfToken?: string; user?: { id: string } }>(
      'POST',
      '/api/auth/sign-in',
      { email, password },
    );
    const setCookie = answer.headers.get('set-cookie');
    if (answer.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0];
      this.csrfToken = answer.body.csrfToken;
    }
    return answer;
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrfToken && options.csrf !== false) {
      headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : this.csrfToken;
    }
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    if (
      (response.headers.get('content-type') ?? '').includes('application/json') &&
      text.length > 0
    ) {
      parsed = JSON.parse(text);
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }
}
