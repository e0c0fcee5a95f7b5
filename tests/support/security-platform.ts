import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import {
  createAccount,
  readServerConfig,
  startPlatform,
  type MailMessage,
  type RunningPlatform,
} from '@remotelab/server';
import { createScratchDatabase, type DatabaseKind } from '@remotelab/server/testing';

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
export const SECURITY_PASSWORD = 'correct horse battery staple';

/**
 * A platform on a scratch database and a private Redis prefix, with the environment a test
 * names (LAB_TRUST_PROXY, LAB_PUBLIC_URL, ...), its mail captured. `account()` creates a user
 * with SECURITY_PASSWORD.
 */
export async function startSecurityPlatform(
  env: Record<string, string> = {},
  kind: DatabaseKind = 'sqlite',
  options: { logger?: Logger; captureMail?: boolean; port?: number } = {},
) {
  const scratch = await createScratchDatabase(kind);
  const prefix = `remotelab-test-${randomBytes(4).toString('hex')}`;
  const mail: MailMessage[] = [];
  const config = readServerConfig(
    {
      REDIS_URL: process.env.REDIS_URL,
      LAB_REDIS_PREFIX: prefix,
      DATABASE_URL: scratch.url,
      LAB_PASSWORD_COST: '10',
      ...env,
    },
    { port: String(options.port ?? 0), host: '127.0.0.1' },
  );
  const platform: RunningPlatform = await startPlatform(
    config,
    options.logger ?? silent,
    // Without a mailer the platform uses its own: the log (what an installation without SMTP has).
    options.captureMail === false
      ? {}
      : { mailer: { send: async (message) => void mail.push(message) } },
  );
  let counter = 0;
  return {
    platform,
    prefix,
    mail,
    async account(role: 'student' | 'instructor' | 'admin' = 'student') {
      const email = `sec-${(counter += 1)}-${randomBytes(3).toString('hex')}@example.org`;
      const user = await createAccount(
        platform.db,
        { email, displayName: 'Security test', role, password: SECURITY_PASSWORD },
        { log2N: 10, r: 8, p: 3 },
        silent,
        Date.now,
      );
      return { id: user.id, email };
    },
    async stop() {
      const keys = await platform.services.redis.keys(`${prefix}:*`);
      if (keys.length > 0) await platform.services.redis.del(...keys);
      await platform.close();
      await scratch.drop();
    },
  };
}

export type SecurityPlatform = Awaited<ReturnType<typeof startSecurityPlatform>>;
