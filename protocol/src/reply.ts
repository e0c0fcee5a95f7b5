import { z } from './zod.ts';

/** What a reply is checked against: a schema whose output is the type the caller works with. */
export type ReplySchema<T> = z.ZodType<T>;

export type ReplyCheck<T> = { ok: true; data: T } | { ok: false; problem: string };

/**
 * Parses a reply (a REST body, a socket.io ack) with its schema. On failure, `problem` names
 * `where` the reply came from (a route, an event) and every zod issue, so a client and server
 * that drifted apart say so at the first reply instead of failing later on a missing field.
 */
export function checkReply<T>(
  schema: ReplySchema<T>,
  reply: unknown,
  where: string,
): ReplyCheck<T> {
  const result = schema.safeParse(reply);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problem: `The reply of ${where} does not match its schema:\n${z.prettifyError(result.error)}`,
  };
}
