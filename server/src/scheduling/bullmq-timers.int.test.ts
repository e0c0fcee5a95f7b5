import { afterAll, beforeAll } from 'vitest';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobName } from './booking-jobs.ts';
import { BullmqTimers, type BookingJobData } from './bullmq-timers.ts';
import { SCHEDULER_QUEUE } from './scheduler-worker.ts';
import { schedulerTimersContract, type RanStep } from './scheduler-timers.contract.ts';
import { startPrivateRedis } from './testing/private-redis.ts';

let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const connect = () => new Redis(redis.url, { maxRetriesPerRequest: null });
let made = 0;

schedulerTimersContract('BullmqTimers on a private redis-server', {
  soonMs: 200,
  // Generous for a loaded test machine; steps measured in session-timers run within 250 ms.
  latenessMs: 1_000,
  create: async () => {
    // A queue of its own per test: nothing one test set can run in another.
    const prefix = `timers-contract-${(made += 1)}`;
    const connection = connect();
    const queue = new Queue<BookingJobData>(SCHEDULER_QUEUE, { connection, prefix });
    await queue.waitUntilReady();
    const pokes: string[] = [];
    const timers = new BullmqTimers(queue, Date.now, (pool) => {
      pokes.push(pool);
    });
    let failing = false;
    const settled: RanStep[] = [];
    let taken = 0;

    /** A BullMQ worker runs the steps while a test waits for them, as the server's does. */
    async function runSteps(count: number): Promise<RanStep[]> {
      const ran = new Map<string, RanStep>();
      const workerConnection = connect();
      const worker = new Worker<BookingJobData>(
        SCHEDULER_QUEUE,
        (job) => {
          const step: RanStep = {
            name: job.name as JobName,
            bookingId: job.data.bookingId,
            ranAt: Date.now(),
            failed: failing,
          };
          ran.set(job.id!, step);
          // No retries: the contract's failed step is one that gave up.
          if (step.failed) return Promise.reject(new UnrecoverableError(`${job.name} failed`));
          return Promise.resolve('ran');
        },
        { connection: workerConnection, prefix, concurrency: 1 },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`only ${settled.length - taken} of ${count} steps ran`)),
            10_000,
          );
          // Emitted once the job is recorded as completed or failed in Redis.
          const onSettled = (job: { id?: string } | undefined) => {
            const step = job?.id === undefined ? undefined : ran.get(job.id);
            if (step) settled.push(step);
            if (settled.length - taken < count) return;
            clearTimeout(timer);
            resolve();
          };
          worker.on('completed', onSettled);
          worker.on('failed', onSettled);
          worker.on('error', reject);
        });
      } finally {
        await worker.close();
        // A connection handed to BullMQ stays ours to close.
        workerConnection.disconnect();
      }
      const steps = settled.slice(taken, taken + count);
      taken += steps.length;
      return steps;
    }

    return {
      timers,
      now: Date.now,
      failSteps: (on: boolean) => {
        failing = on;
      },
      runSteps,
      pending: async () =>
        (await queue.getJobs(['delayed', 'wait', 'prioritized'])).map((job) => ({
          id: job.id!,
          at: job.data.at,
        })),
      pokes,
      close: async () => {
        await queue.close();
        connection.disconnect();
      },
    };
  },
});
