import type { Logger } from 'pino';
import type { LabControl, SessionControl } from '@remotelab/protocol';
import type { AgentLink } from './agent-link.ts';
import type { BatchService } from './batch-service.ts';
import type { SchedulerEvent } from './scheduler-events.ts';
import type { SchedulingDb } from './scheduling-tables.ts';

export interface AgentSessionSyncContext {
  db: SchedulingDb;
  link: AgentLink;
  batches: BatchService;
  logger: Logger;
  /**
   * The recorder of this process: frames arrive where the agent is connected, so the session is
   * recorded here, whichever process ran the step that started it. `ensure` resumes at the
   * session's next chunk and does nothing for a session no longer active.
   */
  recording?: {
    ensure(sessionId: string, benchId: string): void;
    finish(sessionId: string): Promise<void>;
  };
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Keeps the agents this process drives in step with SQL, level-triggered: on every scheduler
 * event and every change an agent reports, the bench's running booking (SQL) is compared with the
 * session the agent says it runs, and the agent is told to start or end one. A missed event, an
 * agent that reconnects, a session refused during the self-test: the next comparison repairs it.
 * Work on one bench is serialised; batch sweeps are run from here, by the process next to the agent.
 */
export class AgentSessionSync {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly sweeping = new Set<string>();

  constructor(private readonly ctx: AgentSessionSyncContext) {}

  onEvent(event: SchedulerEvent): void {
    if (event.type === 'session-ended' && event.sessionId)
      void this.ctx.recording?.finish(event.sessionId);
    if (event.type === 'maintenance-session' && event.ended)
      void this.ctx.recording?.finish(event.sessionId);
    // A paused session (owner away) is held safe by the agent, an extended one released.
    if (
      event.type === 'session-started' ||
      event.type === 'session-ended' ||
      event.type === 'maintenance-session' ||
      event.type === 'session-paused' ||
      event.type === 'session-extended'
    )
      this.sync(event.benchId);
  }

  /** Compare and repair one bench (call on agent state changes too). */
  sync(benchId: string): void {
    if (!this.ctx.link.drives(benchId)) return;
    this.serial(benchId, () => this.reconcileBench(benchId));
  }

  /** Resolves once the work queued so far is done (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  private serial(benchId: string, work: () => Promise<void>): void {
    const next = (this.chains.get(benchId) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) =>
        this.ctx.logger.warn(
          { err: error, benchId },
          'agent not in step yet; retrying on its next report',
        ),
      );
    this.chains.set(benchId, next);
    void next.finally(() => this.chains.get(benchId) === next && this.chains.delete(benchId));
  }

  private async reconcileBench(benchId: string): Promise<void> {
    const { db, link, logger } = this.ctx;
    const state = link.state(benchId);
    if (!state || state.status !== 'online') return;
    // SQL's running session on the bench, whoever opened it (a booking of the scheduler, or a
    // technician's maintenance session), with the lab that narrows its controls.
    const wanted = await db
      .selectFrom('sessions')
      .leftJoin('bookings', 'bookings.session_id', 'sessions.id')
      .leftJoin('labs', 'labs.id', 'sessions.lab_id')
      .select([
        'sessions.id as sessionId',
        'bookings.id as bookingId',
        'bookings.kind',
        'bookings.paused_at',
        'labs.controls_json',
      ])
      .where('sessions.bench_id', '=', benchId)
      .where('sessions.status', '=', 'active')
      .executeTakeFirst();
    const running = state.session?.sessionId;
    if (running && running !== wanted?.sessionId) {
      // Every session is SQL's: one the agent runs that SQL does not is over (or never was).
      await link.endSession(benchId, running);
      logger.info(
        { benchId, sessionId: running },
        'agent told to end the session (safe state, self-test)',
      );
    }
    if (!wanted) return;
    this.ctx.recording?.ensure(wanted.sessionId, benchId);
    if (running === wanted.sessionId) {
      // The owner away (paused): the agent holds the safe state itself, as its own act; no
      // command of ours could do it (rate limit, the lab's narrowed range).
      const hold = wanted.paused_at !== null && wanted.paused_at !== undefined;
      if (hold !== (state.session?.held === true)) {
        await link.holdSafe(benchId, running, hold);
        logger.info({ benchId, sessionId: running, hold }, 'agent told to hold the safe state');
      }
      return;
    }
    // The agent refuses a session while its self-test runs or while quarantined; its next state
    // report (self-test over) brings us back here.
    if (state.selfTestRunning || state.quarantine) return;
    await link.startSession(benchId, wanted.sessionId, controlsOf(wanted.controls_json));
    logger.info(
      { benchId, sessionId: wanted.sessionId, bookingId: wanted.bookingId },
      'agent serving the session',
    );
    if (wanted.kind === 'batch' && wanted.bookingId && !this.sweeping.has(wanted.bookingId)) {
      const bookingId = wanted.bookingId;
      this.sweeping.add(bookingId);
      void this.runSweep(benchId, bookingId, wanted.sessionId).finally(() =>
        this.sweeping.delete(bookingId),
      );
    }
  }

  private async runSweep(benchId: string, bookingId: string, sessionId: string): Promise<void> {
    const { link, batches, logger } = this.ctx;
    const sleep =
      this.ctx.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const found = await batches.forBooking(bookingId);
    if (!found) return;
    let error: string | null = null;
    try {
      for (const value of found.plan.values) {
        await link.command(benchId, found.plan.output, value);
        await sleep(found.plan.dwellMs);
      }
    } catch (failure) {
      error = (failure as Error).message;
      logger.warn({ err: failure, bookingId }, 'batch run failed');
    }
    await batches.finish(bookingId, sessionId, error);
  }
}

/**
 * The controls a session sends to the agent: its lab's outputs and narrowed ranges. A session
 * without a lab is a technician's maintenance session: the bench's own envelope applies.
 */
function controlsOf(controlsJson: string | null): SessionControl[] | undefined {
  if (controlsJson === null) return undefined;
  return (JSON.parse(controlsJson) as LabControl[]).map(({ output, min, max }) => ({
    output,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  }));
}
