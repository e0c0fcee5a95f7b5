import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Fields that may hold a live secret wherever they appear in a log object (an agent's handshake
 * auth, request headers, a token a service returned): censored before they are written.
 */
const SECRET_LOG_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'cookie',
  '*.cookie',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.auth.token',
];

/** JSON logs, one scope per module (`server:agents`, `server:http`, ...); secrets censored. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    name: 'server',
    level,
    redact: { paths: SECRET_LOG_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
