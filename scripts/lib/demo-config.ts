import { z } from 'zod';
import { defineConfig } from '@remotelab/protocol';

const flag = (fallback: 'true' | 'false') => z.enum(['true', 'false']).default(fallback);

/**
 * What `npm start` reads from the environment, in one table like the server's and the agent's.
 * Values for the server and the agent are handed on as text: their own configuration parses them.
 */
const demoConfig = defineConfig('demo', {
  port: {
    env: 'PORT',
    schema: z.coerce.number().int().min(0).max(65535).default(8080),
    doc: 'the port the demo answers on',
  },
  host: {
    env: 'HOST',
    schema: z.string().min(1).default('127.0.0.1'),
    doc: 'interface the demo listens on (it takes commands from anyone: loopback unless set)',
  },
  redisUrl: {
    env: 'REDIS_URL',
    schema: z.string().default('redis://127.0.0.1:6379'),
    doc: 'Redis to use; a private one is started on LAB_DEMO_REDIS_PORT when none answers',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z.string().optional(),
    doc: 'the database (default: the server’s SQLite file in data/); the demo’s files sit beside it',
  },
  benches: {
    env: 'LAB_BENCHES',
    schema: z
      .string()
      .default('rc-filter,led-iv,voltage-divider,opamp-amplifier')
      .transform((list) => list.split(',').filter(Boolean)),
    doc: 'the benches to run on virtual boards',
  },
  seed: { env: 'LAB_DEMO_SEED', schema: flag('true'), doc: 'create demo accounts and activity' },
  twins: { env: 'LAB_DEMO_TWINS', schema: flag('true'), doc: 'a practice twin beside each bench' },
  privateRedisPort: {
    env: 'LAB_DEMO_REDIS_PORT',
    schema: z.coerce.number().int().min(1).max(65535).default(6390),
    doc: 'port of the private Redis started when none answers at REDIS_URL',
  },
  mailOutbox: {
    env: 'LAB_MAIL_OUTBOX',
    schema: z.string().optional(),
    doc: 'folder where mails land as files (default: a temporary folder)',
  },
  autoEnroll: {
    env: 'LAB_AUTO_ENROLL_BENCHES',
    schema: flag('true'),
    doc: 'the demo agent enrolls its benches as it announces them',
  },
  commandsNeedSession: {
    env: 'LAB_COMMANDS_NEED_SESSION',
    schema: flag('false'),
    doc: 'commands only from the owner of a running session (a deployment: true)',
  },
  publicUrl: {
    env: 'LAB_PUBLIC_URL',
    schema: z.string().optional(),
    doc: 'the address in mails (default http://localhost:PORT)',
  },
  allowedOrigins: {
    env: 'LAB_ALLOWED_ORIGINS',
    schema: z.string().optional(),
    doc: 'origins besides LAB_PUBLIC_URL that may open the socket (default http://127.0.0.1:PORT)',
  },
  stateFile: {
    env: 'LAB_STATE_FILE',
    schema: z.string().optional(),
    doc: 'the demo agent’s state file (default: beside the database)',
  },
});

export type DemoConfig = ReturnType<typeof demoConfig.read>;
export const readDemoConfig = (env: Readonly<Record<string, string | undefined>> = process.env) =>
  demoConfig.read(env);
