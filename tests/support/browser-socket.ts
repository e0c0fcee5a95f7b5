import {
  io as connectClient,
  type ManagerOptions,
  type Socket,
  type SocketOptions,
} from 'socket.io-client';
import {
  BROWSER_PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@remotelab/protocol';

export type BrowserSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket.io client on the browsers' namespace, as the web page opens one: over WebSocket, its
 * own connection, announcing the page's protocol version (the server refuses a handshake without
 * it). `options` may add headers (a cookie, an Origin) or override the announced version.
 */
export function openBrowserSocket(
  url: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): BrowserSocket {
  return connectClient(url, {
    transports: ['websocket'],
    forceNew: true,
    ...options,
    auth: { protocolVersion: BROWSER_PROTOCOL_VERSION, ...options.auth },
  });
}
