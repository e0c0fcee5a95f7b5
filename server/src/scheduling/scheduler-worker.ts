import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobName } from './booking-jobs.ts';
import type { BookingJobData } from './bullmq-timers.ts';
import type { StepOutcome } from './session-lifecycle.ts';

export const SCHEDULER_QUEUE = 'scheduler';

/**
 * Runs booking steps from the scheduler queue. A step that is not due yet (its time moved later
 * after the job was set) sends its job back to the delayed set for the new time. The BullMQ
 * worker can be replaced (`restart`) when its timers stop firing: workers that silently stop
 * consuming after a Redis outage are a known failure class, and the reconciler watches for it.
 */
export class SchedulerWorker {
  private worker: Worker<BookingJobData> | undefined;
  private connection: Redis | undefined;
  private closed = false;

  constructor(
    private readonly options: {
      connection: () => Redis;
      prefix: string;
      concurrency: number;
      logger: Logger;
      run: (name: JobName, bookingId: string) => Promise<StepOutcome>;
      /** Told of every job this worker ran to completion, with what its step did (tests, metrics). */
      onDone?: (jobId: string, what: string) => void;
    },
  ) {}

  start(): void {
    if (this.closed) return;
    const { connection, prefix, concurrency, logger } = this.options;
    this.connection = connection();
    const worker = new Worker<BookingJobData>(
      SCHEDULER_QUEUE,
      (job, token) => this.process(job, token),
      {
        connection: this.connection,
        prefix,
        concurrency,
        // Steps take milliseconds; a stalled step is one whose process died: let another take it soon.
        stalledInterval: 5_000,
        maxStalledCount: 3,
      },
    );
    worker.on('error', (error) => logger.warn({ err: error }, 'scheduler worker: redis error'));
    worker.on('failed', (job, error) =>
      logger.warn({ err: error, jobId: job?.id }, 'scheduler step failed'),
    );
    this.worker = worker;
  }

  /** Replaces the BullMQ worker with a fresh one on a fresh connection. */
  async restart(): Promise<void> {
    const [old, oldConnection] = [this.worker, this.connection];
    this.worker = undefined;
    await old?.close(true).catch(() => undefined);
    oldConnection?.disconnect();
    this.start();
    this.options.logger.warn('scheduler worker restarted');
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.close();
    this.connection?.disconnect();
  }

  private async process(job: Job<BookingJobData>, token: string | undefined): Promise<string> {
    const outcome = await this.options.run(job.name as JobName, job.data.bookingId);
    if (!outcome.done) {
      await job.updateData({ ...job.data, at: outcome.dueAt });
      await job.moveToDelayed(outcome.dueAt, token);
      // Tells BullMQ the job was moved, not finished.
      throw new DelayedError();
    }
    this.options.onDone?.(job.id ?? '', outcome.what);
    return outcome.what;
  }
}
