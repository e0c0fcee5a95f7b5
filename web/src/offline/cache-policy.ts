/**
 * What the service worker does with each request, as one pure function so the rules can be
 * tested without a browser. The invariants (issue 19, part 3):
 * - socket.io is never touched (its long-polling and WebSocket upgrade go straight to the network);
 * - no API reply is cached except a lab (its instructions, steps, controls and inputs), read with
 *   GET `/api/labs/<id>` and answered from the cache only when the network fails;
 * - the app shell (index.html for every navigation) and hashed assets come from the cache first;
 * - anything else, other origins and other methods included, is left to the browser.
 */
export type CacheDecision =
  /** Not ours: the browser fetches as if there were no worker. */
  | { kind: 'network' }
  /** A page navigation: the cached index.html (the routes are in the hash), the network if none. */
  | { kind: 'shell' }
  /**
   * A hashed file (never changes) or a file of the shell (changes only with the build, which
   * brings a new cache): the cache first, then the network (and keep the answer).
   */
  | { kind: 'asset' }
  /** A lab: the network first (and keep a 200), the last copy kept when the network fails. */
  | { kind: 'lab'; labId: string };

export interface RequestFacts {
  url: string;
  method: string;
  /** `Request.mode`: 'navigate' for a page load. */
  mode: string;
  /** The worker's own origin. */
  origin: string;
}

/**
 * Unhashed files of the shell the browser asks for on every visit (web/public). The PNG icons
 * are left out: Chromium reads them only to install the app, and they are most of the bytes.
 */
export const SHELL_FILES = ['/manifest.webmanifest', '/icon.svg'];

const LAB_PATH = /^\/api\/labs\/([\w-]{1,100})$/;
const ASSET_PATH = /^\/assets\/[\w.-]+\.(js|css)$/;

export function decide(request: RequestFacts): CacheDecision {
  const url = new URL(request.url);
  if (url.origin !== request.origin || request.method !== 'GET') return { kind: 'network' };
  if (url.pathname.startsWith('/socket.io')) return { kind: 'network' };
  if (request.mode === 'navigate') {
    // The API docs and anything else the server renders itself are not the app.
    return url.pathname === '/' || url.pathname === '/index.html'
      ? { kind: 'shell' }
      : { kind: 'network' };
  }
  if (ASSET_PATH.test(url.pathname) || SHELL_FILES.includes(url.pathname)) {
    return { kind: 'asset' };
  }
  const lab = LAB_PATH.exec(url.pathname);
  if (lab?.[1] && url.search === '') return { kind: 'lab', labId: lab[1] };
  return { kind: 'network' };
}

/** Cache names; the shell's carries the build id so a new build starts clean. */
export const SHELL_CACHE_PREFIX = 'remotelab-shell-';
/** Labs a signed-in student opened; the page deletes it when they sign out. */
export const LAB_CACHE = 'remotelab-labs';
