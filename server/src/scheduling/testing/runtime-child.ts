/**
 * A second "server process" for the two-process test: the scheduler runtime alone (no HTTP) on
 * the database and Redis named in the environment. Prints one JSON line per step it ran and per
 * scheduler event it handled; stops on SIGTERM.
 */
import pino from 'pino';
import { openDatabase } from '../../db/open-database.ts';
import { startSchedulerRuntime } from '../scheduler-runtime.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const storage = await openDatabase(env('DATABASE_URL'), logger);
const benches = env('BENCHES').split(',');
const out = (line: object) =>
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...line })}\n`);
const runtime = await startSchedulerRuntime({
  db: storage.db,
  dialect: storage.dialect,
  redisUrl: env('REDIS_URL'),
  prefix: env('PREFIX'),
  logger,
  presence: {
    poolBenches: async () =>
      benches.map((id) => ({ id, online: true, maintenance: false, quarantine: false })),
    poolDescriptor: async () => undefined,
  },
  access: { checkCanUse: async () => undefined },
  recording: {
    channelsJson: async () => '[]',
    begin: async () => undefined,
    finish: async () => undefined,
  },
  reconcileMs: 500,
  onStepDone: (jobId, what) => out({ step: jobId, what }),
});
out({ ready: true });
process.once('SIGTERM', () => {
  void runtime
    .close()
    .then(() => storage.close())
    .finally(() => process.exit(0));
});
