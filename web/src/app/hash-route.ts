/** The page shown, kept in the URL hash so a reload (or a shared link) returns to it. */
export type Route = { page: 'benches' } | { page: 'bench'; benchId: string };

const BENCH = /^#\/bench\/([^/?#]+)\/?$/;

export function parseHash(hash: string): Route {
  const match = BENCH.exec(hash);
  if (match?.[1]) {
    try {
      const benchId = decodeURIComponent(match[1]);
      if (benchId.length > 0 && benchId.length <= 40) return { page: 'bench', benchId };
    } catch {
      // malformed %-escape: fall through to the list
    }
  }
  return { page: 'benches' };
}

export function hrefFor(route: Route): string {
  return route.page === 'bench' ? `#/bench/${encodeURIComponent(route.benchId)}` : '#/';
}
