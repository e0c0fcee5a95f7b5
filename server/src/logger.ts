import pino, { type Logger } from 'pino';

/** JSON logs, one scope per module (`server:agents`, `server:http`, ...). */
export function createLogger(level: string): Logger {
  return pino({ name: 'server', level });
}
