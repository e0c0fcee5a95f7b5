import { LAB_CACHE } from './cache-policy.ts';

/**
 * Registers /sw.js (built pages only: Vite's dev server has none) once the page has loaded, so
 * on a first visit the worker's downloads never compete with the page's own. Failure is only
 * logged: the app works without a worker, it is just slower on the next visit.
 */
export function registerServiceWorker(target: Window = window): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('service worker not registered', error);
    });
  };
  if (document.readyState === 'complete') register();
  else target.addEventListener('load', register, { once: true });
}

/** Forgets the labs kept for offline use (on sign-out: the next person on this browser). */
export async function forgetKeptLabs(): Promise<void> {
  if (!('caches' in globalThis)) return;
  await caches.delete(LAB_CACHE);
}
