import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail to people. Invariant: `send` resolves once the message is handed over (or logged);
 * callers never block a request on delivery and never tell a requester whether an address exists.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** The secret of a reset or invitation link (`?token=<43 base64url characters>`). */
const LINK_TOKEN = /([?&]token=)[A-Za-z0-9_-]+/g;

/** The text with every link token withheld: logs are read by more people than the addressee. */
function withheldTokens(text: string): string {
  return text.replace(LINK_TOKEN, '$1[withheld]');
}

/**
 * Used when no SMTP server is configured: that a message was due goes to the log, its link token
 * withheld (a live reset or invitation token in a log file is a password for whoever reads it).
 * SMTP plugs in behind the same interface.
 */
export class LogMailer implements Mailer {
  constructor(private readonly logger: Logger) {}

  async send(message: MailMessage): Promise<void> {
    this.logger.info(
      { to: message.to, subject: message.subject, text: withheldTokens(message.text) },
      'mail not sent (no SMTP configured); its link is withheld from the log',
    );
  }
}
