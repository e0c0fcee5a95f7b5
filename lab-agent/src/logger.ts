import pino, { type Logger } from 'pino';

/** JSON logs to stderr, one scope per module (`agent:bench`, `agent:link`, ...). */
export function createLogger(scope: string, level = process.env.LAB_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: scope, level }, pino.destination(2));
}
