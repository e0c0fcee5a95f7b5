import { useMemo, useSyncExternalStore } from 'react';
import { parseLocation } from './hash-route.ts';
import type { Route } from './hash-route.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}

const readLocation = () =>
  `${window.location.pathname}${window.location.search}${window.location.hash}`;

export function useHashRoute(): Route {
  const key = useSyncExternalStore(subscribe, readLocation);
  // Parsed from the snapshot itself, so the route changes exactly when the location string does.
  return useMemo(() => parseLocation(new URL(key, window.location.origin)), [key]);
}

/** Goes to a hash route; leaves a `/reset-password` path behind for the plain page root. */
export function navigate(hash: string): void {
  if (window.location.pathname !== '/' || window.location.search !== '') {
    window.history.pushState(null, '', `/${hash}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
    return;
  }
  window.location.hash = hash;
}
