import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { ServerConfig } from './config.ts';
import type { Database } from './db/database.schema.ts';
import { AuditLog } from './audit/audit-log.ts';
import { AuthService } from './auth/auth-service.ts';
import { AuthSessionStore } from './auth/auth-session-store.ts';
import { SignInLimiter } from './auth/sign-in-limiter.ts';
import type { ScryptParams } from './auth/password-hash.ts';
import { LogMailer, type Mailer } from './mail/mailer.ts';
import { OutboxMailer } from './mail/outbox-mailer.ts';
import { UserService } from './users/user-service.ts';
import { CourseService } from './courses/course-service.ts';
import { LabService } from './labs/lab-service.ts';
import type { BenchRegistry } from './benches/bench-registry.ts';
import { BenchCatalog } from './benches/bench-catalog.ts';
import { BenchViews } from './benches/bench-view.ts';
import { BenchEnrollment } from './benches/bench-enrollment.ts';
import { AgentService } from './agents/agent-service.ts';
import { SessionRecorder } from './recordings/session-recorder.ts';
import { SessionService } from './sessions/session-service.ts';
import { AgentRequester } from './realtime/agent-requester.ts';
import type { RouteServices } from './http/routes/index.ts';

/** Seams a test (or an embedding) may replace. */
export interface PlatformOptions {
  /** The clock of every stored time (sessions, tokens, audit). Default Date.now. */
  now?: () => number;
  /** Where mails go; default: the log (no SMTP yet). */
  mailer?: Mailer;
  /** Recording chunk length in ms (default 2000). */
  recordingChunkMs?: number;
}

export interface PlatformServices extends RouteServices {
  recorder: SessionRecorder;
}

export function scryptParams(config: Pick<ServerConfig, 'scryptLog2N'>): ScryptParams {
  return { log2N: config.scryptLog2N, r: 8, p: 3 };
}

/** Wires the storage-backed services together. No I/O happens here. */
export function createPlatformServices(input: {
  db: Kysely<Database>;
  redis: Redis;
  registry: BenchRegistry;
  config: ServerConfig;
  logger: Logger;
  options: PlatformOptions;
  onAgentRevoked: (agentId: string) => void;
}): PlatformServices {
  const { db, redis, registry, config, logger, options } = input;
  const now = options.now ?? Date.now;
  const audit = new AuditLog(db, now);
  const deps = { db, now, logger, audit };
  const mailLog = logger.child({ scope: 'server:mail' });
  const mailer =
    options.mailer ??
    (config.mailOutbox ? new OutboxMailer(config.mailOutbox, mailLog) : new LogMailer(mailLog));
  const authSessions = new AuthSessionStore(db, now, config.sessionTtlHours * 3600 * 1000);
  const scrypt = scryptParams(config);
  const auth = new AuthService({
    ...deps,
    logger: logger.child({ scope: 'server:auth' }),
    sessions: authSessions,
    limiter: new SignInLimiter(redis, config.redisPrefix),
    mailer,
    scrypt,
    publicUrl: config.publicUrl,
  });
  const users = new UserService({
    ...deps,
    sessions: authSessions,
    mailer,
    scrypt,
    link: (token) => auth.link(token),
  });
  const catalog = new BenchCatalog(deps);
  const labs = new LabService(deps, catalog);
  const recorder = new SessionRecorder({
    db,
    registry,
    logger: logger.child({ scope: 'server:recorder' }),
    ...(options.recordingChunkMs ? { chunkMs: options.recordingChunkMs } : {}),
  });
  const sessions = new SessionService({
    ...deps,
    logger: logger.child({ scope: 'server:sessions' }),
    registry,
    catalog,
    labs,
    recorder,
  });
  return {
    db,
    redis,
    startedAt: now(),
    audit,
    auth,
    authSessions,
    users,
    courses: new CourseService(deps),
    labs,
    registry,
    catalog,
    benchViews: new BenchViews(registry, catalog),
    enrollment: new BenchEnrollment({
      ...deps,
      logger: logger.child({ scope: 'server:enrollment' }),
      autoEnroll: config.autoEnrollBenches,
      configuredAgentIds: config.agentTokens.map((pair) => pair.agentId),
      onMoved: (benchId) => registry.releaseBench(benchId),
    }),
    agents: new AgentService(deps, input.onAgentRevoked),
    sessions,
    recorder,
    agentRequests: new AgentRequester(registry),
  };
}
