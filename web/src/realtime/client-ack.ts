import type { ErrorCode } from '@remotelab/protocol';

/** Protocol codes plus the one only a client can know: the request never left the browser. */
export type ClientErrorCode = ErrorCode | 'DISCONNECTED';

export interface ClientError {
  code: ClientErrorCode;
  message: string;
}

/** The protocol's ack envelope, as seen by a caller that may also fail locally. */
export type ClientAck<T> = { status: 'ok'; data: T } | { status: 'error'; error: ClientError };

export function clientError(
  code: ClientErrorCode,
  message: string,
): { status: 'error'; error: ClientError } {
  return { status: 'error', error: { code, message } };
}

/**
 * Checks the envelope's shape (not the payload's): a reply we cannot read is an INTERNAL error,
 * never a crash on the hot path.
 */
export function readAck<T>(reply: unknown): ClientAck<T> {
  if (typeof reply === 'object' && reply !== null && 'status' in reply) {
    if (reply.status === 'ok' && 'data' in reply) return { status: 'ok', data: reply.data as T };
    if (reply.status === 'error' && 'error' in reply) {
      const error = reply.error as Partial<ClientError> | null;
      if (error && typeof error.code === 'string') {
        return clientError(error.code, typeof error.message === 'string' ? error.message : '');
      }
    }
  }
  return clientError('INTERNAL', 'The server sent a reply this page cannot read.');
}
