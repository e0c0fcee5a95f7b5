import { Router } from 'express';
import type { Redis } from 'ioredis';
import { PROTOCOL_VERSION } from '@remotelab/protocol';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import { sendError } from './http-error.ts';

export interface ApiContext {
  registry: BenchRegistry;
  redis: Redis;
  startedAt: number;
}

export function createApiRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/health', async (_req, res) => {
    const redisOk = await ctx.redis
      .ping()
      .then((pong) => pong === 'PONG')
      .catch(() => false);
    res.status(redisOk ? 200 : 503).json({
      status: redisOk ? 'ok' : 'degraded',
      redis: redisOk ? 'ok' : 'unreachable',
      protocolVersion: PROTOCOL_VERSION,
      uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000),
      benches: ctx.registry.list().map(({ id, status }) => ({ id, status })),
    });
  });

  router.get('/benches', (_req, res) => {
    res.json(ctx.registry.list());
  });

  router.get('/benches/:id', (req, res) => {
    const summary = ctx.registry.summary(req.params.id);
    if (!summary)
      return sendError(res, 404, 'UNKNOWN_BENCH', `There is no bench "${req.params.id}".`);
    res.json(summary);
  });

  router.use((_req, res) => sendError(res, 404, 'BAD_REQUEST', 'No such API route.'));
  return router;
}
