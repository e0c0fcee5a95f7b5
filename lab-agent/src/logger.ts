import pino, { type Logger } from 'pino';

/** JSON logs to stderr, one scope per module (`agent:bench`, `agent:link`, ...). */
export function createLogger(scope: string, level: string): Logger {
  // Its token must never reach a log, wherever a field carrying it is logged.
  const redact = {
    paths: ['token', '*.token', 'auth.token', '*.auth.token'],
    censor: '[redacted]',
  };
  return pino({ name: scope, level, redact }, pino.destination(2));
}
