// Harnesses for tests and benchmarks: `@remotelab/server/testing`. The package exports this entry
// under the source condition only, so the production build (plain node) cannot resolve it, and the
// lint rule keeps server/src from importing it.
export {
  createScratchDatabase,
  postgresReachable,
  type DatabaseKind,
  type ScratchDatabase,
} from './testing/scratch-database.ts';
// The scheduler's harness for tests and `npm run bench:scheduler`: a scratch database, no HTTP.
export {
  startSchedulerHarness,
  type SchedulerHarness,
} from './scheduling/testing/scheduler-harness.ts';
// A loopback port for a server a test starts (private Redis, a demo, a restarted platform).
export { freePort } from './testing/free-port.ts';
