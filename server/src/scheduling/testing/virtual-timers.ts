import type { BookingRow } from '../booking-store.ts';
import { desiredJobs, jobId, type JobName } from '../booking-jobs.ts';
import type { SchedulerTimers } from '../scheduler-context.ts';
import type { StepOutcome } from '../session-lifecycle.ts';

interface VirtualJob {
  id: string;
  name: JobName;
  bookingId: string;
  at: number;
}

/**
 * SchedulerTimers on a fake clock, with BullmqTimers' semantics (one job per id, moved when its
 * time changes, dropped when no longer wanted), for the simulated week: time jumps from one due
 * step to the next instead of waiting for it.
 */
export class VirtualTimers implements SchedulerTimers {
  private readonly jobs = new Map<string, VirtualJob>();
  readonly pokedPools = new Set<string>();

  sync(booking: BookingRow): Promise<void> {
    const wanted = desiredJobs(booking);
    for (const id of [...this.jobs.keys()]) {
      if (
        this.jobs.get(id)!.bookingId === booking.id &&
        !wanted.some((w) => jobId(booking.id, w.name) === id)
      )
        this.jobs.delete(id);
    }
    for (const { name, at } of wanted)
      this.jobs.set(jobId(booking.id, name), {
        id: jobId(booking.id, name),
        name,
        bookingId: booking.id,
        at,
      });
    return Promise.resolve();
  }

  poke(pool: string): void {
    this.pokedPools.add(pool);
  }

  nextDue(): number | undefined {
    let next: number | undefined;
    for (const job of this.jobs.values()) if (next === undefined || job.at < next) next = job.at;
    return next;
  }

  /** Runs every job due at or before `now`, earliest first; a step that says "early" is moved. */
  async runDue(
    now: number,
    run: (name: JobName, bookingId: string) => Promise<StepOutcome>,
  ): Promise<number> {
    let count = 0;
    for (;;) {
      const due = [...this.jobs.values()]
        .filter((j) => j.at <= now)
        .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))[0];
      if (!due) return count;
      this.jobs.delete(due.id);
      const outcome = await run(due.name, due.bookingId);
      if (!outcome.done) this.jobs.set(due.id, { ...due, at: outcome.dueAt });
      count += 1;
    }
  }

  /** Forgets every job, as FLUSHALL does to Redis. */
  flush(): void {
    this.jobs.clear();
  }

  get size(): number {
    return this.jobs.size;
  }
}
