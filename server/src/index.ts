export * from './app.ts';
export * from './config.ts';
export { createLogger } from './logger.ts';
export { RedisUnavailableError } from './redis/connect-redis.ts';
export type { Database } from './db/database.schema.ts';
export { TABLES } from './db/migrations.ts';
export { openDatabase, createKysely } from './db/open-database.ts';
export {
  createScratchDatabase,
  postgresReachable,
  type DatabaseKind,
  type ScratchDatabase,
} from './db/scratch-database.ts';
export { createAccount } from './users/create-account.ts';
export { BenchRegistry } from './benches/bench-registry.ts';
export { SessionRecorder, storedChannels } from './recordings/session-recorder.ts';
export { writeRecordingCsv } from './recordings/recording-export.ts';
export type { Mailer, MailMessage } from './mail/mailer.ts';
export type { AnyRoute } from './http/route-table.ts';
// The scheduler's harness for tests and `npm run bench:scheduler`: a scratch database, no HTTP.
export {
  startSchedulerHarness,
  type SchedulerHarness,
} from './scheduling/testing/scheduler-harness.ts';
