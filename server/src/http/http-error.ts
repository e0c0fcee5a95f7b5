import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ProtocolError, type ErrorCode } from '@remotelab/protocol';
import { RetryLaterError } from '../core/retry-later-error.ts';

/** The HTTP status of each protocol error code on the REST API. */
const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_BENCH: 404,
  NOT_EXPOSED: 400,
  OUT_OF_RANGE: 400,
  RATE_LIMITED: 429,
  INTERLOCK: 409,
  BENCH_OFFLINE: 409,
  QUARANTINED: 409,
  AUTH_FAILED: 401,
  PROTOCOL_MISMATCH: 400,
  NOT_APPLIED: 502,
  TIMEOUT: 504,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  SLOT_FULL: 409,
  QUOTA_EXCEEDED: 409,
  BOOKING_CLOSED: 409,
  NOT_SESSION_OWNER: 403,
  BENCH_NOT_ENROLLED: 409,
  BENCH_OWNED_BY_OTHER_AGENT: 409,
  AGENT_ALREADY_CONNECTED: 409,
  SAFE_STATE_FAILED: 503,
  INTERNAL: 500,
};

/** The one JSON error shape of the REST API: `{ error: { code, message } }`. */
export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * Turns anything thrown by a route into the error shape. User errors (ProtocolError) are logged at
 * info, body-parser refusals answered with their status, bugs logged with their stack.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      // A streamed download failed midway: all we can do is cut the connection.
      logger.warn({ err: error, path: req.path }, 'response failed after it started');
      res.destroy();
      return;
    }
    if (error instanceof ProtocolError) {
      if (error instanceof RetryLaterError) res.setHeader('Retry-After', String(error.retryAfterS));
      logger.info({ code: error.code, method: req.method, path: req.path }, error.message);
      return sendError(res, STATUS[error.code], error.code, error.message);
    }
    const parserError = error as { status?: number; type?: string };
    if (parserError.type === 'entity.too.large') {
      return sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB.');
    }
    if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
      return sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    sendError(res, 500, 'INTERNAL', 'Something went wrong on the server.');
  };
}
