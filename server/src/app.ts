import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import type { Logger } from 'pino';
import type { ClientToServerEvents, ServerToClientEvents } from '@remotelab/protocol';
import type { ServerConfig } from './config.ts';
import { BenchRegistry } from './benches/bench-registry.ts';
import { connectRedis } from './redis/connect-redis.ts';
import { createApiRouter } from './http/api-router.ts';
import { errorHandler } from './http/http-error.ts';
import { DEFAULT_WEB_DIST, createWebRouter } from './http/web-static.ts';
import { AgentTokenVerifier } from './realtime/agent-auth.ts';
import { attachAgentNamespace, type AgentNamespace } from './realtime/agent-namespace.ts';
import { attachBrowserNamespace } from './realtime/browser-namespace.ts';

export interface RunningPlatform {
  readonly url: string;
  readonly port: number;
  readonly registry: BenchRegistry;
  readonly httpServer: HttpServer;
  close(): Promise<void>;
}

/**
 * Starts the server: REST API, web client and socket.io on one port. Resolves once it listens;
 * rejects (with RedisUnavailableError) when Redis does not answer.
 */
export async function startPlatform(
  config: ServerConfig,
  logger: Logger,
): Promise<RunningPlatform> {
  const redis = await connectRedis(config.redisUrl, config.redisPrefix);
  const registry = new BenchRegistry();
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use('/api', createApiRouter({ registry, redis: redis.redis, startedAt: Date.now() }));
  app.use(createWebRouter(config.webDist ?? DEFAULT_WEB_DIST));
  app.use(errorHandler(logger));

  const httpServer = createServer(app);
  const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    // A dead peer is noticed within ~20 s instead of socket.io's default 45 s.
    pingInterval: 10_000,
    pingTimeout: 10_000,
    maxHttpBufferSize: 1_000_000,
    serveClient: false,
  });
  const agents = io.of('/agent') as unknown as AgentNamespace;
  attachAgentNamespace(agents, {
    registry,
    tokens: new AgentTokenVerifier(config.agentTokens),
    logger: logger.child({ scope: 'server:agents' }),
  });
  attachBrowserNamespace(io.of('/'), {
    registry,
    agents,
    logger: logger.child({ scope: 'server:browsers' }),
    commandTimeoutMs: config.commandTimeoutMs,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    registry,
    httpServer,
    async close() {
      await io.close();
      await redis.close();
    },
  };
}
