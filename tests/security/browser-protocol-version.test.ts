import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_PROTOCOL_VERSION } from '@remotelab/protocol';
import { openBrowserSocket } from '../support/browser-socket.ts';
import { startSecurityPlatform, type SecurityPlatform } from '../support/security-platform.ts';

/**
 * Issue 15: a page built for another protocol version could not read what the server sends (the
 * frame format changed at 3). The browsers' namespace checks the version announced at the
 * handshake with the agents' rule and refuses another one with PROTOCOL_MISMATCH, which the page
 * turns into "a new version is available, reload" instead of retrying.
 */
describe('the browsers namespace checks the protocol version at the handshake', () => {
  let s: SecurityPlatform;
  beforeAll(async () => {
    s = await startSecurityPlatform({});
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** 'connected', or the refusal's code and message, for a page announcing `protocolVersion`. */
  function handshake(protocolVersion: unknown): Promise<string> {
    const socket = openBrowserSocket(s.platform.url, {
      reconnection: false,
      auth: { protocolVersion },
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
        resolve(`${error.data?.code}: ${error.message}`);
        // socket.io does not retry a handshake its server refused: nothing is left to close.
        expect(socket.active).toBe(false);
      });
    });
  }

  it('admits a page of this version', async () => {
    expect(await handshake(BROWSER_PROTOCOL_VERSION)).toBe('connected');
  });

  it('refuses an older page, and one that announces no version, with PROTOCOL_MISMATCH', async () => {
    expect(await handshake(BROWSER_PROTOCOL_VERSION - 1)).toBe(
      `PROTOCOL_MISMATCH: The server speaks browser protocol ${BROWSER_PROTOCOL_VERSION}, the browser protocol ${BROWSER_PROTOCOL_VERSION - 1}.`,
    );
    expect(await handshake(undefined)).toBe(
      `PROTOCOL_MISMATCH: The server speaks browser protocol ${BROWSER_PROTOCOL_VERSION}, the browser no protocol version.`,
    );
  });
});
