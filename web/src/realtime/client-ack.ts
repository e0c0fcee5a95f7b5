import { ackSchema, checkReply, type ErrorCode, type ReplySchema } from '@remotelab/protocol';

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
 * Parses an ack with the envelope's schema around `data` (its reply schema in protocol). A reply
 * that does not parse means this page and the server drifted apart: with `strict` (development
 * and tests) it throws an error naming the event and the zod issues; in production it becomes an
 * INTERNAL error with the same message (and a console line), never a crash on the hot path.
 * Parsing costs little: acks are small and rare (a subscribe, a command), frames are not acks.
 */
export function readAck<T>(
  data: ReplySchema<T>,
  reply: unknown,
  event: string,
  strict: boolean,
): ClientAck<T> {
  const ack = checkReply(ackSchema(data), reply, `the "${event}" ack`);
  if (ack.ok) return ack.data;
  if (strict) throw new Error(ack.problem);
  console.error(ack.problem);
  return clientError('INTERNAL', ack.problem);
}
