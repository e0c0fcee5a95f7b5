import { z } from './zod.ts';

/**
 * The closed list of reasons a request is refused. Every refusal on every transport carries one of
 * these codes and a sentence a user understands; clients switch on the code, people read the message.
 */
export const ERROR_CODES = [
  /** The request does not match its schema. Nothing was changed. */
  'BAD_REQUEST',
  /** No bench with this id is known to the server. */
  'UNKNOWN_BENCH',
  /** The bench has no output with this id, or the lab does not expose it. */
  'NOT_EXPOSED',
  /** The value lies outside the allowed range. It is rejected, never clamped. */
  'OUT_OF_RANGE',
  /** Commands arrive faster than the bench allows. */
  'RATE_LIMITED',
  /** The command would turn on two outputs that must never be on together. */
  'INTERLOCK',
  /** The bench's board is not connected right now. */
  'BENCH_OFFLINE',
  /** The bench failed its self-test and is out of service until a technician clears it. */
  'QUARANTINED',
  /** The agent token (or the user's credentials) were not accepted. */
  'AUTH_FAILED',
  /** The peer speaks another protocol version. */
  'PROTOCOL_MISMATCH',
  /**
   * The board did not take an output write: its pin state, read back after the write and after
   * one retry, is not the value sent (bytes lost on the wire). The bench awaits a self-test.
   */
  'NOT_APPLIED',
  /** The peer did not answer in time. Whether the command was applied is unknown. */
  'TIMEOUT',
  /** The caller may not do this. */
  'FORBIDDEN',
  /** The request needs a signed-in user and carries no valid session. */
  'UNAUTHENTICATED',
  /** No such resource, or not one the caller may see (the two are not told apart). */
  'NOT_FOUND',
  /** The request clashes with the current state: a duplicate, a bench already in use, ... */
  'CONFLICT',
  /** The request body is larger than the server accepts (1 MB on the REST API). */
  'PAYLOAD_TOO_LARGE',
  /** Every bench of the pool is taken for that slot. */
  'SLOT_FULL',
  /** The student has used this lab's bookings for that week (the course's time zone's week). */
  'QUOTA_EXCEEDED',
  /** Outside the booking window: a slot in the past or beyond the horizon, or too late to cancel. */
  'BOOKING_CLOSED',
  /** A command on a bench outside the caller's own running session (or while it is paused). */
  'NOT_SESSION_OWNER',
  /** The bench is not enrolled yet: a technician must approve its first announcement. */
  'BENCH_NOT_ENROLLED',
  /** The bench is enrolled to another lab-agent; a technician must move it before this one drives it. */
  'BENCH_OWNED_BY_OTHER_AGENT',
  /** Another connection with this agent id is live: two lab PCs never drive one agent's benches. */
  'AGENT_ALREADY_CONNECTED',
  /** The bench could not be brought to its safe state: it is marked unsafe, technicians are told. */
  'SAFE_STATE_FAILED',
  /** Something failed on our side; the details are in the server log. */
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The one ack envelope of every request/response exchange on socket.io. */
export type Ack<T> = { status: 'ok'; data: T } | { status: 'error'; error: ErrorBody };

export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('status', [
    z.object({ status: z.literal('ok'), data }),
    z.object({ status: z.literal('error'), error: ErrorBodySchema }),
  ]);
}

export function ok<T>(data: T): Ack<T> {
  return { status: 'ok', data };
}

export function fail(code: ErrorCode, message: string): Ack<never> {
  return { status: 'error', error: { code, message } };
}

/** An error that carries a protocol code: thrown inside a handler, turned into an envelope at the edge. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Formats a zod failure as one short sentence naming the fields at fault. */
export function describeZodError(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'value';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `Invalid request. ${issues.join('; ')}${more}.`;
}

/** Parses `input` with `schema`, or throws a BAD_REQUEST ProtocolError saying what is wrong. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ProtocolError('BAD_REQUEST', describeZodError(result.error));
  return result.data;
}
