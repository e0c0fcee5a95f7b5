import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSocket } from '../support/browser-socket.ts';
import { startSecurityPlatform, type SecurityPlatform } from '../support/security-platform.ts';

/**
 * Issue 9, item 6: cross-site WebSocket hijacking. A page of another port or a sibling subdomain
 * is the same site, so the Lax session cookie goes along with its socket.io handshake; the server
 * must refuse the handshake by its Origin. Clients that are not browsers (no Origin, no
 * Sec-Fetch-Site: lab-agents, scripts) keep connecting.
 */
describe('socket.io handshakes by Origin', () => {
  let s: SecurityPlatform;
  beforeAll(async () => {
    s = await startSecurityPlatform({
      LAB_PUBLIC_URL: 'https://lab.example.edu',
      LAB_ALLOWED_ORIGINS: 'https://lab2.example.edu',
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** 'connected' or the refusal's message, for one handshake with these headers. */
  function handshake(
    headers: Record<string, string>,
    transport: 'websocket' | 'polling' = 'websocket',
    namespace = '/',
  ): Promise<string> {
    const socket = openBrowserSocket(`${s.platform.url}${namespace}`, {
      transports: [transport],
      reconnection: false,
      extraHeaders: headers,
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', (error) => {
        socket.close();
        resolve(`refused: ${error.message}`);
      });
    });
  }

  it.each([
    ['LAB_PUBLIC_URL', 'https://lab.example.edu'],
    ['LAB_ALLOWED_ORIGINS', 'https://lab2.example.edu'],
  ])('accepts a page of %s', async (_label, origin) => {
    expect(await handshake({ origin })).toBe('connected');
    expect(await handshake({ origin }, 'polling')).toBe('connected');
  });

  it.each([
    ['another port of the same host', 'https://lab.example.edu:8443'],
    ['a sibling subdomain', 'https://student-pages.example.edu'],
    ['plain http of the same host', 'http://lab.example.edu'],
    ['an opaque origin (sandboxed frame)', 'null'],
  ])('refuses a page of %s', async (_label, origin) => {
    expect(await handshake({ origin })).toMatch(/^refused/);
    expect(await handshake({ origin }, 'polling')).toMatch(/^refused/);
  });

  it('refuses a cross-site request that carries no Origin (a script or image tag)', async () => {
    expect(await handshake({ 'sec-fetch-site': 'cross-site' }, 'polling')).toMatch(/^refused/);
    expect(await handshake({ 'sec-fetch-site': 'same-site' }, 'polling')).toMatch(/^refused/);
    expect(await handshake({ 'sec-fetch-site': 'same-origin' }, 'polling')).toBe('connected');
  });

  it('lets clients that are not browsers connect without an Origin', async () => {
    expect(await handshake({})).toBe('connected');
    expect(await handshake({}, 'polling')).toBe('connected');
    // The agents' namespace is reached (no Origin check stands before it) and refuses by token.
    expect(await handshake({}, 'websocket', '/agent')).toBe(
      'refused: The agent token was not accepted.',
    );
  });
});
