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
 * time changes, dropped when no longer wanted, not set again once it completed for that time),
 * for the simulated week: time jumps from one due step to the next instead of waiting for it.
 * `poke` only notes the pool: the simulation's loop runs the matcher before the clock moves on.
 */
export class VirtualTimers implements SchedulerTimers {
  private readonly jobs = new Map<string, VirtualJob>();
  /** When each step last completed for: BullMQ keeps completed jobs, and so a re-add is a no-op. */
  private readonly completed = new Map<string, number>();
  readonly pokedPools = new Set<string>();

  sync(booking: BookingRow): Promise<void> {
    const wanted = desiredJobs(booking).filter(
      ({ name, at }) =>
        this.jobs.has(jobId(booking.id, name)) ||
        this.completed.get(jobId(booking.id, name)) !== at,
    );
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
      else this.completed.set(due.id, due.at);
      count += 1;
    }
  }

  /** Forgets every job, as FLUSHALL does to Redis. */
  flush(): void {
    this.jobs.clear();
    this.completed.clear();
  }

  /** The steps set and not yet run, with the time each is for. */
  pending(): Array<{ id: string; at: number }> {
    return [...this.jobs.values()].map(({ id, at }) => ({ id, at }));
  }

  get size(): number {
    return this.jobs.size;
  }
}
