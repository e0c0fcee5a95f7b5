import { ProtocolError } from '@remotelab/protocol';

/**
 * A refusal that tells the caller when to try again. The REST adapter sends `retryAfterS` as
 * Retry-After; other transports put it in their own refusal.
 */
export class RetryLaterError extends ProtocolError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super('RATE_LIMITED', message);
  }
}
