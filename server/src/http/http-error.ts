import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ErrorCode } from '@remotelab/protocol';

/** The one JSON error shape of the REST API: `{ error: { code, message } }`. */
export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Turns anything thrown by a route into the error shape; bugs are logged with their stack. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      return sendError(res, status, 'BAD_REQUEST', 'The request could not be read.');
    }
    logger.error({ err: error }, 'request failed');
    sendError(res, 500, 'INTERNAL', 'Something went wrong on the server.');
  };
}
