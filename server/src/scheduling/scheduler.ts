import { BatchService } from './batch-service.ts';
import type { JobName } from './booking-jobs.ts';
import { BookingService } from './booking-service.ts';
import { OwnerPresence } from './owner-presence.ts';
import { PracticeService } from './practice-service.ts';
import { matchPool } from './pool-matcher.ts';
import { QueueService } from './queue-service.ts';
import { reconcile, type ReconcileOptions, type ReconcileReport } from './reconciler.ts';
import type { SchedulerContext } from './scheduler-context.ts';
import { SessionLifecycle, type StepOutcome } from './session-lifecycle.ts';

export const DEFAULT_RECONCILE: ReconcileOptions & { intervalMs: number } = {
  intervalMs: 5_000,
  lookaheadMs: 60 * 60_000,
  overdueMs: 2_000,
};

/**
 * The scheduler's services over one context, plus what runs them in time: `runStep` for the
 * timers (BullMQ jobs or the simulation's clock), `poke` for "a bench may be free", and the
 * reconcile loop. Holds no state of its own besides the loop: SQL holds everything.
 */
export class Scheduler {
  readonly lifecycle: SessionLifecycle;
  readonly bookings: BookingService;
  readonly queue: QueueService;
  readonly batches: BatchService;
  readonly owners: OwnerPresence;
  readonly practice: PracticeService;
  private readonly pending = new Map<string, Promise<void>>();
  private loop: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileReport | undefined> | undefined;

  constructor(
    readonly ctx: SchedulerContext,
    private readonly options: ReconcileOptions & { intervalMs: number } = DEFAULT_RECONCILE,
    /** Told when steps had to be run from SQL while the timers answered: they may have stopped firing. */
    private readonly onTimersLate: (report: ReconcileReport) => void = () => undefined,
  ) {
    this.lifecycle = new SessionLifecycle(ctx);
    this.bookings = new BookingService(ctx);
    this.queue = new QueueService(ctx, this.lifecycle);
    this.batches = new BatchService(ctx, this.lifecycle);
    this.owners = new OwnerPresence(ctx);
    this.practice = new PracticeService(ctx, this.lifecycle);
  }

  async runStep(name: JobName, bookingId: string): Promise<StepOutcome> {
    switch (name) {
      case 'start':
        return this.lifecycle.start(bookingId);
      case 'end':
        return this.lifecycle.end(bookingId);
      case 'warn-2m':
      case 'warn-30s':
        return this.lifecycle.warn(bookingId, name);
      case 'offer-expiry': {
        const result = await this.queue.expireOffer(bookingId);
        return result.done
          ? { done: true, what: 'expired' }
          : { done: false, what: 'early', dueAt: result.dueAt ?? this.ctx.now() };
      }
    }
  }

  /** Hands out the pool's free benches now, and starts the batch runs that got one. */
  async match(pool: string): Promise<void> {
    const made = await matchPool(this.ctx, pool);
    for (const batch of made.batches) await this.lifecycle.start(batch.id);
  }

  /**
   * Coalesces "a bench may be free" per pool: one match runs at a time per pool in this process,
   * and pokes arriving meanwhile fold into one more run. Other processes are kept out by the lock.
   */
  poke(pool: string): Promise<void> {
    const pending = this.pending.get(pool);
    if (pending) return pending;
    const run = (async () => {
      await Promise.resolve();
      this.pending.delete(pool);
      await this.match(pool);
    })().catch((error: unknown) =>
      this.ctx.logger.warn({ err: error, pool }, 'matching failed; the next tick retries'),
    );
    this.pending.set(pool, run);
    return run;
  }

  /** Resolves when the pokes issued so far have run (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending.values());
  }

  async reconcile(): Promise<ReconcileReport> {
    const report = await reconcile(
      this.ctx,
      {
        lifecycle: this.lifecycle,
        start: (id) => this.lifecycle.start(id),
        end: (id, reason) => this.lifecycle.end(id, reason),
        expireOffer: (id) => this.queue.expireOffer(id),
        match: (pool) => this.match(pool),
      },
      this.options,
    );
    if (report.overdue > 0 && !report.timersFailed) this.onTimersLate(report);
    return report;
  }

  /** Reconciles now, then every `intervalMs`; passes never overlap. */
  startLoop(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.reconcile()
        .catch((error: unknown) => {
          this.ctx.logger.warn({ err: error }, 'reconcile failed; retrying on the next tick');
          return undefined;
        })
        .finally(() => (this.running = undefined));
    };
    tick();
    this.loop = setInterval(tick, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.loop);
    await this.running;
    await this.settled();
  }
}
