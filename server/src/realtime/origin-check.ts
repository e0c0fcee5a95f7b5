import type { IncomingMessage } from 'node:http';

/**
 * Which socket.io handshakes may proceed, by the page that opened them. A browser always sends
 * `Origin` on a WebSocket handshake and on cross-origin requests (the long-polling transport),
 * and modern browsers send `Sec-Fetch-Site` on every request; so a page of another origin (a
 * sibling subdomain or another port: same site, the Lax cookie goes along) is refused. A
 * handshake with neither header is not a browser acting for a page (a lab-agent on /agent, a
 * script): it keeps working and proves itself by other means (its token, its cookie).
 */
export function handshakeOriginAllowed(
  req: Pick<IncomingMessage, 'headers'>,
  allowed: ReadonlySet<string>,
): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return allowed.has(origin);
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** The origins whose pages may connect: LAB_PUBLIC_URL's and LAB_ALLOWED_ORIGINS. */
export function allowedOrigins(publicUrl: string, extra: readonly string[]): ReadonlySet<string> {
  return new Set([new URL(publicUrl).origin, ...extra]);
}
