import type { ErrorBody } from '@remotelab/protocol';

/**
 * An error refusing a socket.io handshake: socket.io hands `data` to the client's
 * `connect_error`, so the client can switch on the code (an old page reloads, a bad agent token
 * stops).
 */
export function handshakeRefusal(body: ErrorBody): Error {
  return Object.assign(new Error(body.message), { data: body });
}
