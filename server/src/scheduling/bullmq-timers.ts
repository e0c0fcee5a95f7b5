import type { JobsOptions, Queue } from 'bullmq';
import type { BookingRow } from './booking-store.ts';
import { JOB_NAMES, desiredJobs, jobId, type JobName } from './booking-jobs.ts';
import type { SchedulerTimers } from './scheduler-context.ts';

export interface BookingJobData {
  bookingId: string;
  /** When the step is due (ms since epoch), as SQL said when the job was set. */
  at: number;
}

/** Retries are for operational failures (database briefly away); the steps themselves are idempotent. */
const BOOKING_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 200 },
  // Kept an hour so a re-add by a reconciler that read SQL just before the step ran is a no-op.
  removeOnComplete: { age: 3600, count: 50_000 },
  removeOnFail: { age: 7 * 86_400 },
};

/**
 * SchedulerTimers on BullMQ delayed jobs. `sync` makes Redis match what the booking's row wants:
 * adds missing jobs (a job id that exists is not added twice), moves delayed ones whose time
 * changed (an extension), removes delayed ones no longer wanted (a cancellation), and replaces
 * finished ones SQL still needs for another time (a warning that ran before the end moved) or
 * that failed. Safe to call from any process at any time.
 */
export class BullmqTimers implements SchedulerTimers {
  constructor(
    private readonly queue: Queue<BookingJobData>,
    private readonly now: () => number,
    private readonly onPoke: (pool: string) => Promise<void> | void,
  ) {}

  poke(pool: string): Promise<void> | void {
    return this.onPoke(pool);
  }

  async sync(booking: BookingRow): Promise<void> {
    const wanted = new Map(desiredJobs(booking).map((j) => [j.name, j.at]));
    await Promise.all(JOB_NAMES.map((name) => this.syncOne(booking.id, name, wanted.get(name))));
  }

  private async syncOne(bookingId: string, name: JobName, at: number | undefined): Promise<void> {
    const id = jobId(bookingId, name);
    const job = await this.queue.getJob(id);
    if (at === undefined) {
      if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
      return;
    }
    const delay = Math.max(0, at - this.now());
    if (!job) {
      await this.queue.add(name, { bookingId, at }, { ...BOOKING_JOB_OPTIONS, jobId: id, delay });
      return;
    }
    const state = await job.getState();
    if (state === 'delayed' && job.data.at !== at) {
      await job.changeDelay(delay);
      await job.updateData({ bookingId, at });
    } else if ((state === 'completed' && job.data.at !== at) || state === 'failed') {
      // A step for another time (a warning before the end moved) or one that gave up: set it again.
      // A completed step for this very time is done: SQL just has not caught up in our read.
      await job.remove().catch(() => undefined);
      await this.queue.add(name, { bookingId, at }, { ...BOOKING_JOB_OPTIONS, jobId: id, delay });
    }
  }
}
