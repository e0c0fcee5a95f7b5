/** The page shown, kept in the URL hash so a reload (or a shared link) returns to it. */
export type Route =
  | { page: 'home' }
  | { page: 'benches' }
  | { page: 'bench'; benchId: string }
  | { page: 'sign-in' }
  | { page: 'reset-request' }
  | { page: 'reset-confirm'; token: string }
  | { page: 'labs' }
  | { page: 'lab'; labId: string }
  | { page: 'session'; sessionId: string }
  | { page: 'history' }
  | { page: 'courses' }
  | { page: 'course'; courseId: string }
  | { page: 'lab-new'; courseId: string }
  | { page: 'lab-edit'; labId: string }
  | { page: 'live' }
  | { page: 'observe'; sessionId: string }
  | { page: 'results'; labId: string }
  | { page: 'fleet' }
  | { page: 'fleet-log' };

export type PageName = Route['page'];

/** `:name` segments are parameters; each route has one pattern, in this order. */
const PATTERNS: ReadonlyArray<readonly [PageName, string]> = [
  ['benches', 'benches'],
  ['bench', 'bench/:benchId'],
  ['sign-in', 'sign-in'],
  ['reset-request', 'password-reset'],
  ['reset-confirm', 'password-reset/:token'],
  ['labs', 'labs'],
  ['lab', 'labs/:labId'],
  ['session', 'sessions/:sessionId'],
  ['history', 'history'],
  ['courses', 'teach'],
  ['course', 'teach/courses/:courseId'],
  ['lab-new', 'teach/courses/:courseId/new-lab'],
  ['lab-edit', 'teach/labs/:labId/edit'],
  ['results', 'teach/labs/:labId/results'],
  ['live', 'teach/live'],
  ['observe', 'teach/observe/:sessionId'],
  ['fleet', 'fleet'],
  ['fleet-log', 'fleet/log'],
];

const MAX_PARAM = 80;

function decode(segment: string): string | null {
  try {
    const value = decodeURIComponent(segment);
    return value.length > 0 && value.length <= MAX_PARAM ? value : null;
  } catch {
    return null; // malformed %-escape
  }
}

function match(pattern: string, segments: readonly string[]): Record<string, string> | null {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) {
      const value = decode(segment);
      if (value === null) return null;
      params[part.slice(1)] = value;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

export function parseHash(hash: string): Route {
  const path = hash
    .replace(/^#\/?/, '')
    .replace(/[?#].*$/, '')
    .replace(/\/$/, '');
  if (path === '') return { page: 'home' };
  const segments = path.split('/');
  for (const [page, pattern] of PATTERNS) {
    const params = match(pattern, segments);
    if (params) return { page, ...params } as Route;
  }
  return { page: 'home' };
}

/**
 * The page of a whole location: the server mails password-reset links as
 * `/reset-password?token=...` (a path, not a hash), which opens the reset form.
 */
export function parseLocation(location: { pathname: string; search: string; hash: string }): Route {
  if (location.pathname.replace(/\/$/, '') === '/reset-password') {
    const token = new URLSearchParams(location.search).get('token');
    if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) return { page: 'reset-confirm', token };
  }
  return parseHash(location.hash);
}

export function hrefFor(route: Route): string {
  const pattern = PATTERNS.find(([page]) => page === route.page)?.[1];
  if (!pattern) return '#/';
  // Every route's fields are the strings its pattern names; a union of object types has no index
  // signature to say so.
  const params = route as unknown as Record<string, string>;
  const path = pattern
    .split('/')
    .map((part) => (part.startsWith(':') ? encodeURIComponent(params[part.slice(1)] ?? '') : part))
    .join('/');
  return `#/${path}`;
}
