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

/**
 * Used when no SMTP server is configured: the message (with its link) goes to the log, so an admin
 * of a small installation can pass a reset link on by hand. SMTP plugs in behind the same interface.
 */
export class LogMailer implements Mailer {
  constructor(private readonly logger: Logger) {}

  async send(message: MailMessage): Promise<void> {
    this.logger.info(
      { to: message.to, subject: message.subject, text: message.text },
      'mail (no SMTP configured)',
    );
  }
}
