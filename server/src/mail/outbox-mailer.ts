import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Mailer, MailMessage } from './mailer.ts';

/**
 * For installations without SMTP (and the demo): each message is written whole, link included,
 * to its own file in an outbox folder readable by the server's user only (0700/0600), where an
 * admin can pass a reset link on by hand. The log says a mail is there, never what it holds.
 */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.txt`;
    const file = path.join(this.dir, name);
    const text = `To: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n`;
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
    this.logger.info(
      { to: message.to, subject: message.subject, file },
      'mail written to the outbox',
    );
  }
}
