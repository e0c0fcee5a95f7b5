import { LAB_CACHE } from './cache-policy.ts';

/** How long after the socket's first connection the worker is registered (see below). */
const AFTER_CONNECT_MS = 2_000;
/** Registered anyway this long after the load event (a server that is down, say). */
const AT_LATEST_MS = 15_000;

/**
 * Registers /sw.js (built pages only: Vite's dev server has none) once the page has loaded and
 * its socket has connected, plus a moment: on a first visit over a slow link the worker's
 * precaching (~20 KB of other routes' chunks) must not compete with the page's own scripts, the
 * socket's handshake and the first frames. Failure is only logged: the app works without a
 * worker, it is just slower on the next visit.
 */
export function registerServiceWorker(connected: Promise<unknown>, target: Window = window): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('service worker not registered', error);
    });
  };
  const afterLoad = () => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      register();
    };
    void connected.then(() => target.setTimeout(once, AFTER_CONNECT_MS));
    target.setTimeout(once, AT_LATEST_MS);
  };
  if (document.readyState === 'complete') afterLoad();
  else target.addEventListener('load', afterLoad, { once: true });
}

/** Forgets the labs kept for offline use (on sign-out: the next person on this browser). */
export async function forgetKeptLabs(): Promise<void> {
  if (!('caches' in globalThis)) return;
  await caches.delete(LAB_CACHE);
}
