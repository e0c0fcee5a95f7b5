/** A call on the REST API as one signed-in person: method, route, body; the parsed answer. */
export type Call = <T = unknown>(method: string, route: string, body?: unknown) => Promise<T>;

/** A minimal REST client holding one session cookie and its CSRF token (for the demo's seed). */
export async function signedIn(url: string, email: string, password: string): Promise<Call> {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`demo sign-in as ${email} failed: ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok)
      throw new Error(`demo seed: ${method} ${route} answered ${answer.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
