import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Dialect } from '../db/open-database.ts';
import { BullmqTimers, type BookingJobData } from './bullmq-timers.ts';
import type { BenchPresence, LabAccess, SessionRecording } from './scheduler-context.ts';
import { RedisEventBus, type SchedulerEventBus } from './scheduler-events.ts';
import { SCHEDULER_QUEUE, SchedulerWorker } from './scheduler-worker.ts';
import { DEFAULT_RECONCILE, Scheduler } from './scheduler.ts';
import type { SchedulingDb } from './scheduling-tables.ts';

export interface SchedulerRuntimeOptions {
  db: SchedulingDb;
  dialect: Dialect;
  redisUrl: string;
  prefix: string;
  logger: Logger;
  presence: BenchPresence;
  access: LabAccess;
  recording: SessionRecording;
  now?: () => number;
  reconcileMs?: number;
  /** Jobs run at once per process; steps are short SQL transactions. */
  concurrency?: number;
  onStepDone?: (jobId: string, what: string) => void;
}

export interface SchedulerRuntime {
  scheduler: Scheduler;
  events: SchedulerEventBus;
  queue: Queue<BookingJobData>;
  close(): Promise<void>;
}

/**
 * The scheduler of one server process on BullMQ: a queue (shared by every process through
 * Redis), a worker, the event bus over Redis pub/sub and the reconcile loop. Every connection
 * BullMQ blocks on has `maxRetriesPerRequest: null`, so a Redis outage makes it wait, not throw.
 */
export async function startSchedulerRuntime(
  options: SchedulerRuntimeOptions,
): Promise<SchedulerRuntime> {
  const logger = options.logger;
  // Blocking connections (the worker's, the subscriber) wait out an outage; the others fail fast,
  // so a reconcile pass or an event during an outage falls back to SQL and local delivery at once.
  const connect = (failFast = false) => {
    const redis = new Redis(
      options.redisUrl,
      failFast
        ? { maxRetriesPerRequest: 1, enableOfflineQueue: false }
        : { maxRetriesPerRequest: null },
    );
    // Outages are logged by the worker and the reconciler; an unhandled 'error' would crash.
    redis.on('error', () => undefined);
    return redis;
  };
  const queueConnection = connect(true);
  const queue = new Queue<BookingJobData>(SCHEDULER_QUEUE, {
    connection: queueConnection,
    prefix: options.prefix,
  });
  await queue.waitUntilReady();
  const events = new RedisEventBus(connect(true), connect(), options.prefix, logger);
  await events.start();
  const now = options.now ?? Date.now;
  // The callbacks below run only once everything is built, so they may name what comes later.
  const timers: BullmqTimers = new BullmqTimers(queue, now, (pool): Promise<void> =>
    scheduler.poke(pool),
  );
  const scheduler: Scheduler = new Scheduler(
    {
      db: options.db,
      dialect: options.dialect,
      now,
      logger,
      presence: options.presence,
      access: options.access,
      recording: options.recording,
      events,
      timers,
    },
    { ...DEFAULT_RECONCILE, intervalMs: options.reconcileMs ?? DEFAULT_RECONCILE.intervalMs },
    (report) => {
      // Steps had to run from SQL although Redis answered: the worker may have stopped consuming.
      logger.warn({ overdue: report.overdue }, 'scheduler steps ran late: restarting the worker');
      void worker.restart();
    },
  );
  const worker = new SchedulerWorker({
    connection: () => connect(),
    prefix: options.prefix,
    concurrency: options.concurrency ?? 8,
    logger,
    run: (name, id) => scheduler.runStep(name, id),
    ...(options.onStepDone ? { onDone: options.onStepDone } : {}),
  });
  worker.start();
  scheduler.startLoop();
  return {
    scheduler,
    events,
    queue,
    async close() {
      await scheduler.stop();
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      await events.close();
    },
  };
}
