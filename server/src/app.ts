import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Kysely } from 'kysely';
import { Server as SocketServer } from 'socket.io';
import type { Logger } from 'pino';
import type { ClientToServerEvents, ServerToClientEvents } from '@remotelab/protocol';
import type { ServerConfig } from './config.ts';
import { BenchRegistry } from './benches/bench-registry.ts';
import { alertUnsafeBenches } from './benches/unsafe-bench-alerts.ts';
import { connectRedis } from './redis/connect-redis.ts';
import { openDatabase } from './db/open-database.ts';
import { describeStorage } from './storage-endpoints.ts';
import type { Database } from './db/database.schema.ts';
import { buildRouter } from './http/build-router.ts';
import type { AnyRoute } from './http/route-table.ts';
import { apiRoutes } from './http/routes/index.ts';
import { errorHandler, sendError } from './http/http-error.ts';
import { DEFAULT_WEB_DIST, createWebRouter } from './http/web-static.ts';
import { securityHeaders } from './http/security-headers.ts';
import { siteRoutes } from './http/routes/site.routes.ts';
import { allowedOrigins, handshakeOriginAllowed } from './realtime/origin-check.ts';
import { AgentTokenVerifier } from './realtime/agent-auth.ts';
import { attachAgentNamespace, type AgentNamespace } from './realtime/agent-namespace.ts';
import { attachBrowserNamespace, type CommandEvent } from './realtime/browser-namespace.ts';
import { BrowserAuth, type BrowserNamespace } from './realtime/browser-auth.ts';
import { startPlatformScheduling } from './platform-scheduling.ts';
import {
  createPlatformServices,
  type PlatformOptions,
  type PlatformServices,
} from './platform-services.ts';

export type { PlatformOptions } from './platform-services.ts';

export interface RunningPlatform {
  readonly url: string;
  readonly port: number;
  readonly registry: BenchRegistry;
  readonly httpServer: HttpServer;
  readonly db: Kysely<Database>;
  readonly services: PlatformServices;
  /** The REST route table (the OpenAPI document is built from it). */
  readonly routes: readonly AnyRoute[];
  /** Resolves once the hellos received so far are answered (their benches in the database). */
  benchesPersisted(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the server: opens and migrates the database, connects Redis, then serves the REST API,
 * the web client and socket.io on one port. Resolves once it listens; rejects (RedisUnavailableError,
 * a migration error) when a dependency is missing, after releasing what it opened.
 */
export async function startPlatform(
  config: ServerConfig,
  logger: Logger,
  options: PlatformOptions = {},
): Promise<RunningPlatform> {
  const storage = await openDatabase(config.databaseUrl, logger.child({ scope: 'server:db' }));
  const redis = await connectRedis(config.redisUrl, config.redisPrefix).catch(
    async (error: unknown) => {
      await storage.close();
      throw error;
    },
  );
  const stores = await describeStorage(
    storage.db,
    storage.dialect,
    config.databaseUrl,
    redis.redis,
    config.redisUrl,
  );
  const { database: d, redis: r } = stores;
  logger.info(
    stores,
    `database ${d.endpoint} (${d.dialect} ${d.version}), redis ${r.endpoint} (${r.version})`,
  );
  const registry = new BenchRegistry();
  // The agents' namespace exists once the HTTP server does; revocations look it up then.
  const live: { agents?: AgentNamespace } = {};
  const services = createPlatformServices({
    db: storage.db,
    redis: redis.redis,
    registry,
    config,
    logger,
    options,
    onAgentRevoked: (agentId) => {
      for (const socket of live.agents?.sockets.values() ?? []) {
        if ((socket.data as { agentId?: string }).agentId === agentId) socket.disconnect(true);
      }
    },
  });
  const unsafeAudited = alertUnsafeBenches(
    registry,
    services.audit,
    logger.child({ scope: 'server:safety' }),
  );
  const resumed = await services.sessions.resumeActive().catch(async (error: unknown) => {
    await redis.close();
    await storage.close();
    throw error;
  });
  if (resumed > 0) logger.info({ sessions: resumed }, 'resumed recording sessions left active');
  // The scheduler: bookings, walk-in queue, batch runs and session timers (scheduling/).
  const scheduling = await startPlatformScheduling({
    services,
    dialect: storage.dialect,
    config,
    logger,
    now: options.now,
  }).catch(async (error: unknown) => {
    await redis.close();
    await storage.close();
    throw error;
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders(config));
  app.use('/api', express.json({ limit: '1mb' }));
  const routes = apiRoutes(services, [
    ...scheduling.routes,
    ...siteRoutes({ linkHosts: config.linkHosts, imageHosts: config.imageHosts }),
  ]);
  app.use('/api', buildRouter(routes, services.authSessions));
  app.use('/api', (_req, res) => sendError(res, 404, 'NOT_FOUND', 'No such API route.'));
  app.use(createWebRouter(config.webDist ?? DEFAULT_WEB_DIST));
  app.use(errorHandler(logger.child({ scope: 'server:http' })));

  const httpServer = createServer(app);
  const origins = allowedOrigins(config.publicUrl, config.allowedOrigins);
  const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    // A dead peer (a link that hangs without closing) is noticed within interval + timeout, ~7 s
    // by default, instead of socket.io's 45 s: the page can then reconnect as soon as it returns.
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    // A page back within two minutes gets its socket (id, rooms, data: its streams) back and the
    // pushes it missed; frames are acked, so never replayed. In-memory adapter or Redis streams
    // adapter only (FACTS.md); middlewares run again, so the sign-in is checked again.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    maxHttpBufferSize: 1_000_000,
    serveClient: false,
    // Cross-site WebSocket hijacking: a page of another origin cannot open a socket as the user.
    allowRequest: (req, callback) => callback(null, handshakeOriginAllowed(req, origins)),
  });
  // One server carries two namespaces with different event maps; socket.io types `of()` with the
  // server's (the browsers') maps, so the agents' namespace is re-typed here, once.
  const agents = io.of('/agent') as unknown as AgentNamespace;
  live.agents = agents;
  services.agentRequests.attach(agents);
  const agentLink = attachAgentNamespace(agents, {
    registry,
    frames: services.recorder,
    tokens: new AgentTokenVerifier(config.agentTokens, (agentId) =>
      services.agents.tokenDigestOf(agentId),
    ),
    enrollment: services.enrollment,
    logger: logger.child({ scope: 'server:agents' }),
  });
  const commandLog = logger.child({ scope: 'server:commands' });
  const browsers = io.of('/') as BrowserNamespace;
  const browserAuth = new BrowserAuth(
    services.authSessions,
    logger.child({ scope: 'server:browsers' }),
  );
  browserAuth.attach(browsers);
  attachBrowserNamespace(browsers, {
    registry,
    benchViews: services.benchViews,
    auth: browserAuth,
    agentRequests: services.agentRequests,
    logger: logger.child({ scope: 'server:browsers' }),
    commandTimeoutMs: config.commandTimeoutMs,
    onCommand: (event) => void recordCommand(services, event, commandLog),
    ...(config.commandsNeedSession ? { authorizeCommand: scheduling.authorizeCommand } : {}),
    watchGate: {
      // The recorder of this process knows the session whose frames it stores; the agent's
      // report covers the instant before the recorder begins.
      sessionOn: (benchId) =>
        services.recorder.sessionOn(benchId) ?? registry.agentState(benchId)?.session?.sessionId,
      mayWatch: (actor, sessionId) => services.sessions.mayWatch(actor, sessionId),
    },
  });
  scheduling.attachBrowsers(browsers);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  }).catch(async (error: unknown) => {
    await io.close();
    await scheduling.close();
    await services.recorder.close();
    await redis.close();
    await storage.close();
    throw error;
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    registry,
    httpServer,
    db: storage.db,
    services,
    routes,
    benchesPersisted: () => agentLink.settled(),
    async close() {
      await io.close();
      await scheduling.close();
      await services.recorder.close();
      await agentLink.settled();
      await unsafeAudited();
      await redis.close();
      await storage.close();
    },
  };
}

/**
 * Audits a command and stores it with the bench's session, queued behind the session's writes so
 * that a session's end (and its download) includes every command acknowledged before it.
 */
function recordCommand(
  services: PlatformServices,
  event: CommandEvent,
  logger: Logger,
): Promise<void> {
  const { benchId, output, value } = event.command;
  return services.recorder.enqueue(benchId, async (sessionId) => {
    const userId = event.actorId;
    await services.audit.record({
      action: 'command',
      actorId: userId,
      target: benchId,
      detail: {
        output,
        value,
        result: event.result,
        socketId: event.socketId,
        sessionId: sessionId ?? null,
      },
    });
    if (sessionId)
      await services.recorder.storeCommand(sessionId, {
        at: event.at,
        userId,
        output,
        value,
        result: event.result,
      });
    else logger.debug({ benchId }, 'command outside any session');
  });
}
