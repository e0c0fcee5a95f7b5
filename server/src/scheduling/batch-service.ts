import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { ProtocolError, type BatchRun, type BatchSweep } from '@remotelab/protocol';
import type { Actor } from '../core/actor.ts';
import { planSweep, type PlannedSweep } from './batch-sweep.ts';
import { loadScheduledLab } from './lab-schedule-source.ts';
import type { SchedulerContext } from './scheduler-context.ts';
import type { BatchRunsTable } from './scheduling-tables.ts';
import type { SessionLifecycle } from './session-lifecycle.ts';

type BatchRow = Selectable<BatchRunsTable>;

function batchDto(row: BatchRow): BatchRun {
  return {
    id: row.id,
    labId: row.lab_id,
    sweep: JSON.parse(row.sweep_json) as BatchSweep,
    status: row.status,
    benchId: row.bench_id,
    submittedAt: row.submitted_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    sessionId: row.session_id,
    error: row.error,
  };
}

/** At most this many runs of one student wait at once, so nobody fills the pool's gaps alone. */
const MAX_QUEUED_BATCHES = 5;

/**
 * Batch runs: a student's sweep, checked against the lab, queued until the matcher finds a bench
 * free for its whole hold time, run by the agent side (batch-executor.ts) as a short session whose
 * recording is the result.
 */
export class BatchService {
  constructor(
    private readonly ctx: SchedulerContext,
    private readonly lifecycle: SessionLifecycle,
  ) {}

  async submit(actor: Actor, labId: string, sweep: BatchSweep): Promise<BatchRun> {
    const { ctx } = this;
    await ctx.access.checkCanUse(actor, labId);
    const lab = await loadScheduledLab(ctx.db, labId);
    const bench = await ctx.presence.poolDescriptor(lab.pool);
    if (!bench)
      throw new ProtocolError(
        'BENCH_OFFLINE',
        'No bench of this lab has ever been online: batch runs cannot be checked yet.',
      );
    const plan = planSweep(
      sweep,
      { controls: lab.controls, inputs: lab.inputs, maxHoldMs: lab.maxBatchMs },
      bench,
    );
    const waiting = await ctx.db
      .selectFrom('batch_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(waiting.n) >= MAX_QUEUED_BATCHES)
      throw new ProtocolError(
        'RATE_LIMITED',
        `At most ${MAX_QUEUED_BATCHES} batch runs may wait at once.`,
      );
    const row: BatchRow = {
      id: randomUUID(),
      lab_id: labId,
      user_id: actor.id,
      sweep_json: JSON.stringify(sweep),
      plan_json: JSON.stringify(plan),
      status: 'queued',
      bench_id: null,
      booking_id: null,
      session_id: null,
      submitted_at: ctx.now(),
      started_at: null,
      finished_at: null,
      error: null,
    };
    await ctx.db.insertInto('batch_runs').values(row).execute();
    ctx.events.publish({ type: 'batch-changed', userId: actor.id, run: batchDto(row) });
    await ctx.timers.poke(lab.pool);
    return this.get(actor, row.id);
  }

  async get(actor: Actor, id: string): Promise<BatchRun> {
    const row = await this.ctx.db
      .selectFrom('batch_runs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || (row.user_id !== actor.id && actor.role !== 'admin'))
      throw new ProtocolError('NOT_FOUND', 'There is no such batch run, or it is not yours.');
    return batchDto(row);
  }

  async mine(actor: Actor): Promise<BatchRun[]> {
    const rows = await this.ctx.db
      .selectFrom('batch_runs')
      .selectAll()
      .where('user_id', '=', actor.id)
      .orderBy('submitted_at', 'desc')
      .limit(100)
      .execute();
    return rows.map(batchDto);
  }

  /** The run behind a batch booking, with its plan (for the executor). */
  async forBooking(bookingId: string): Promise<{ run: BatchRow; plan: PlannedSweep } | undefined> {
    const run = await this.ctx.db
      .selectFrom('batch_runs')
      .selectAll()
      .where('booking_id', '=', bookingId)
      .executeTakeFirst();
    return run ? { run, plan: JSON.parse(run.plan_json) as PlannedSweep } : undefined;
  }

  /** Records the outcome and frees the bench at once (the hold time was an upper bound). */
  async finish(bookingId: string, sessionId: string, error: string | null): Promise<void> {
    const { ctx } = this;
    const now = ctx.now();
    await ctx.db
      .updateTable('batch_runs')
      .set({ status: error ? 'failed' : 'done', finished_at: now, session_id: sessionId, error })
      .where('booking_id', '=', bookingId)
      .where('status', '=', 'running')
      .execute();
    await this.lifecycle.end(bookingId, 'batch-done');
    const row = await ctx.db
      .selectFrom('batch_runs')
      .selectAll()
      .where('booking_id', '=', bookingId)
      .executeTakeFirst();
    if (row) ctx.events.publish({ type: 'batch-changed', userId: row.user_id, run: batchDto(row) });
  }
}
