/**
 * The service worker (served as /sw.js, built by web/vite.config.ts into one self-contained
 * file). Hand-written rather than Workbox: the whole policy is four cases (cache-policy.ts), and
 * workbox-build would pull its own bundler and Babel into a build that Vite already does.
 *
 * - install: caches the app shell (index.html) and, of the chunks listed at build time (the
 *   student's routes), those the browser's HTTP cache already holds; the others are kept the
 *   first time a page asks for them. Installing downloads nothing but index.html.
 * - activate: deletes the caches of builds before the previous one, then controls open pages.
 * - fetch: see `decide`. socket.io and every API reply but a lab never reach a cache.
 */
import { LAB_CACHE, SHELL_CACHE_PREFIX, SHELL_FILES, decide } from './cache-policy.ts';

declare const __PRECACHE__: string[];
declare const __BUILD_ID__: string;

// The DOM library our web code is checked against has no worker types; these are the parts of
// ServiceWorkerGlobalScope this file uses (https://www.w3.org/TR/service-workers/).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}
// In this module `self` is the worker's scope, not the Window the DOM library declares: the
// module-level declaration shadows the global one, with no cast.
declare const self: WorkerScope;
const scope = self;
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${__BUILD_ID__}`;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // index.html (no-cache) is revalidated: a few hundred bytes, and it matches this build.
      await cache.add('/');
      // The rest only from the browser's HTTP cache: what the page has already loaded costs the
      // link nothing, and nothing else is downloaded now. On a slow link the page's stream
      // shares the same queue: a burst of downloads here stalled its frames (seen in the
      // Slow 3G e2e test). A chunk not cached yet is kept when the page first asks for it.
      for (const url of [...SHELL_FILES, ...__PRECACHE__]) {
        const cached = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' }).catch(
          () => undefined,
        );
        if (cached?.ok) await cache.put(url, cached);
      }
      await scope.skipWaiting();
    })(),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // The previous build's cache stays one more build: a page opened before this one keeps
      // loading its own (now deleted on the server) chunks from it. Older ones go.
      // `caches.keys()` lists caches in the order they were created.
      const shells = (await caches.keys()).filter(
        (name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL_CACHE,
      );
      for (const name of shells.slice(0, -1)) await caches.delete(name);
      await scope.clients.claim();
    })(),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  const decision = decide({
    url: request.url,
    method: request.method,
    mode: request.mode,
    origin: scope.location.origin,
  });
  switch (decision.kind) {
    case 'network':
      return; // not answered here: the browser goes to the network by itself
    case 'shell':
      event.respondWith(fromCache(SHELL_CACHE, '/', () => fetch(request)));
      return;
    case 'asset':
      // Any build's cache: a page of the previous build may still ask for its own chunks.
      event.respondWith(
        caches.match(request).then((cached) => cached ?? fetchAndKeep(SHELL_CACHE, request)),
      );
      return;
    case 'lab':
      event.respondWith(labFirstFromNetwork(request));
      return;
  }
});

async function fromCache(
  cacheName: string,
  key: RequestInfo,
  otherwise: () => Promise<Response>,
): Promise<Response> {
  const cached = await (await caches.open(cacheName)).match(key);
  return cached ?? otherwise();
}

async function fetchAndKeep(cacheName: string, request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.ok) await (await caches.open(cacheName)).put(request, response.clone());
  return response;
}

/**
 * A lab from the network when it answers (kept when 200: the student may open it offline
 * later); the kept copy when the network fails. A refusal (401, 403, 404) is passed on and
 * removes the kept copy: access to the lab ended.
 */
async function labFirstFromNetwork(request: Request): Promise<Response> {
  const cache = await caches.open(LAB_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    else if (response.status >= 400 && response.status < 500) await cache.delete(request);
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}
