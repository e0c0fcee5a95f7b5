import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import type { Dialect } from './db/open-database.ts';
import type { PlatformServices } from './platform-services.ts';
import type { AnyRoute } from './http/route-table.ts';
import { schedulingRoutes } from './http/routes/scheduling.routes.ts';
import { sessionControlRoutes } from './http/routes/session-control.routes.ts';
import type { Actor } from './core/actor.ts';
import type { BrowserNamespace } from './realtime/browser-auth.ts';
import { descriptorOf } from './benches/bench-catalog.ts';
import { storedChannels } from './recordings/session-recorder.ts';
import { RequesterAgentLink } from './realtime/requester-agent-link.ts';
import { AgentSessionSync } from './scheduling/agent-session-sync.ts';
import { withdrawBench } from './scheduling/bench-withdrawal.ts';
import { checkSessionOwner } from './scheduling/command-guard.ts';
import { SessionControl } from './scheduling/session-control.ts';
import type { BenchPresence } from './scheduling/scheduler-context.ts';
import { startSchedulerRuntime } from './scheduling/scheduler-runtime.ts';
import { attachSchedulingPushes } from './realtime/scheduling-pushes.ts';

export interface PlatformScheduling {
  /** The scheduling routes, for the REST route table. */
  routes: AnyRoute[];
  /** For the browsers' command path: refuses commands outside the caller's own session. */
  authorizeCommand(actor: Actor | undefined, benchId: string): Promise<string | undefined>;
  /** Pushes and owner presence on the browsers' namespace, once it exists. */
  attachBrowsers(namespace: BrowserNamespace): void;
  close(): Promise<void>;
}

/**
 * The scheduler inside the platform: its seams filled with the platform's services (bench
 * catalog and registry for presence, labs for access, the recorder, the agent requests), its
 * BullMQ runtime started, the agents this process drives kept in step with SQL.
 */
export async function startPlatformScheduling(input: {
  services: PlatformServices;
  dialect: Dialect;
  config: ServerConfig;
  logger: Logger;
  now?: (() => number) | undefined;
}): Promise<PlatformScheduling> {
  const { services, config } = input;
  const { db, registry, catalog, benchViews, recorder } = services;
  const logger = input.logger.child({ scope: 'server:scheduler' });
  const presence: BenchPresence = {
    async poolBenches(pool) {
      const rows = await db.selectFrom('benches').selectAll().where('pool', '=', pool).execute();
      return rows.flatMap((row) => {
        const item = benchViews.of(row.id, row);
        return item
          ? [
              {
                id: row.id,
                online: item.status === 'online',
                maintenance: item.maintenance !== null,
                quarantine: item.quarantine !== null,
                twin: item.twin === true,
              },
            ]
          : [];
      });
    },
    async poolDescriptor(pool) {
      const row = await db
        .selectFrom('benches')
        .selectAll()
        .where('pool', '=', pool)
        .orderBy('last_seen_at', 'desc')
        .executeTakeFirst();
      return row ? descriptorOf(row) : undefined;
    },
  };
  const channelsOf = async (benchId: string) => {
    const live = registry.descriptor(benchId);
    if (live) return storedChannels(live.inputs);
    const row = await catalog.get(benchId);
    return storedChannels(row ? descriptorOf(row).inputs : []);
  };
  const runtime = await startSchedulerRuntime({
    db,
    dialect: input.dialect,
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    logger,
    presence,
    access: {
      checkCanUse: async (actor, labId) => void (await services.labs.visibleRow(actor, labId)),
    },
    recording: {
      channelsJson: async (benchId) => JSON.stringify(await channelsOf(benchId)),
      // Frames arrive where the agent is connected: only that process records (AgentSessionSync).
      begin: async (sessionId, benchId) => {
        if (registry.agentSocketOf(benchId))
          recorder.begin(sessionId, benchId, await channelsOf(benchId));
      },
      finish: (sessionId) => recorder.finish(sessionId),
    },
    reconcileMs: config.schedulerReconcileMs,
    ...(input.now ? { now: input.now } : {}),
  });
  const { scheduler } = runtime;
  const sync = new AgentSessionSync({
    db,
    link: new RequesterAgentLink(registry, services.agentRequests, config.commandTimeoutMs),
    batches: scheduler.batches,
    logger,
    recording: {
      ensure: (sessionId, benchId) => {
        if (recorder.isRecording(benchId)) return;
        void services.sessions
          .resumeRecording(sessionId, benchId)
          .catch((error: unknown) =>
            logger.warn(
              { err: error, sessionId },
              'recording not resumed; retrying on the next sync',
            ),
          );
      },
      finish: (sessionId) => recorder.finish(sessionId),
    },
  });
  runtime.events.on((event) => sync.onEvent(event));
  registry.on('changed', (benchId) => {
    sync.sync(benchId);
    const live = registry.live(benchId);
    // A failed self-test: move the bench's bookings now rather than at the next reconcile pass.
    if (live?.state.quarantine) {
      const { pool } = live.descriptor;
      void withdrawBench(scheduler.ctx, scheduler.lifecycle, pool, benchId).catch(
        (error: unknown) =>
          logger.warn({ err: error }, 'withdrawal failed; the reconciler retries'),
      );
    }
  });

  return {
    routes: [
      ...schedulingRoutes(scheduler, services.labs),
      ...sessionControlRoutes(new SessionControl(scheduler, services.sessions)),
    ],
    authorizeCommand: (actor, benchId) => checkSessionOwner(db, actor, benchId),
    attachBrowsers(namespace) {
      const push = attachSchedulingPushes(namespace, { scheduler, logger });
      runtime.events.on(push);
    },
    async close() {
      await runtime.close();
      await sync.settled();
    },
  };
}
