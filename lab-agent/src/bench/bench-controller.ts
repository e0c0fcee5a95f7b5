import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import {
  ProtocolError,
  type AgentBenchState,
  type BenchDefinition,
  type BenchUnsafe,
  type HoldSafe,
  type CommandApplied,
  type OutputValue,
  type SampleFrame,
  type SelfTestResult,
  type SessionEnded,
  type SessionStart,
} from '@remotelab/protocol';
import type { BenchDriver } from '../drivers/bench-driver.ts';
import { WriteNotAppliedError } from '../drivers/pin-confirmation.ts';
import { samplingRequestOf } from '../drivers/sampling-plan.ts';
import { SafetyGuard, type WriteOrigin } from '../safety/safety-guard.ts';
import { safeStateWrites } from '../safety/output-mapping.ts';
import { BenchSession, type RunningSession } from './bench-session.ts';
import { BenchFrames } from './bench-frames.ts';
import { BoardConnection } from './board-connection.ts';
import type { QuarantineStore } from './quarantine-store.ts';
import { runSelfTest } from './self-test-runner.ts';
import { describeFailure } from './self-test-report.ts';

export interface BenchControllerContext {
  definition: BenchDefinition;
  /** Makes a fresh driver for each connection attempt (johnny-five cannot reuse a lost board). */
  createDriver: () => BenchDriver;
  logger: Logger;
  /** A board silent this long while sampling is treated as lost. */
  silenceTimeoutMs: number;
  quarantines: QuarantineStore;
}

interface BenchControllerEvents {
  frame: [SampleFrame];
  state: [AgentBenchState];
  'self-test': [SelfTestResult];
  'session-ended': [SessionEnded];
}

/** How often the measured sample rate is compared with the last one reported. */
const RATE_REPORT_MS = 1000;

/**
 * One bench as the agent serves it. Every write passes the safety guard, whatever the server
 * said. The safe state is driven when the board (re)connects, when a session ends (by the server,
 * by the agent at `maxSessionMinutes`, or because the server link was lost too long) and when the
 * agent stops. After each session the self-test runs; a failure quarantines the bench: commands
 * and sessions are refused with QUARANTINED until a technician clears it.
 */
export class BenchController extends EventEmitter<BenchControllerEvents> {
  private readonly guard: SafetyGuard;
  private readonly connection: BoardConnection;
  private readonly frames: BenchFrames;
  private readonly session: BenchSession;
  private selfTestRunning = false;
  /** Set while the last drive of the safe state failed; cleared by the next one that succeeds. */
  private unsafe: BenchUnsafe | undefined;

  private rateTimer: NodeJS.Timeout | undefined;
  private reportedRateHz = 0;

  constructor(private readonly ctx: BenchControllerContext) {
    super();
    const { definition } = ctx;
    this.guard = new SafetyGuard(definition);
    this.frames = new BenchFrames(definition, (frame) => this.emit('frame', frame));
    this.connection = new BoardConnection({
      benchId: definition.id,
      request: samplingRequestOf(definition),
      createDriver: ctx.createDriver,
      prepare: (driver) => this.driveSafeState(driver, 'board connected'),
      sink: this.frames.sink,
      logger: ctx.logger,
      silenceTimeoutMs: ctx.silenceTimeoutMs,
    });
    this.connection.on('online', () => {
      this.frames.start();
      this.emit('state', this.state());
      clearInterval(this.rateTimer);
      this.rateTimer = setInterval(() => this.reportRateChange(), RATE_REPORT_MS);
    });
    this.connection.on('offline', () => {
      clearInterval(this.rateTimer);
      this.frames.stop();
      this.guard.forgetApplied();
      this.emit('state', this.state());
    });
    this.session = new BenchSession(definition.safety.maxSessionMinutes, (session) => {
      void this.endSessionBy('max-duration', session);
    });
  }

  get id(): string {
    return this.ctx.definition.id;
  }

  get definition(): BenchDefinition {
    return this.ctx.definition;
  }

  start(): void {
    this.connection.start();
  }

  /**
   * The sample rate is known only once rows flow, after the `online` state went out; report it
   * when it has moved by more than 5 %, not every second, so an idle link stays quiet.
   */
  private reportRateChange(): void {
    const state = this.state();
    const moved = Math.abs(state.sampleRateHz - this.reportedRateHz);
    if (moved > 0.05 * Math.max(1, this.reportedRateHz)) {
      this.reportedRateHz = state.sampleRateHz;
      this.emit('state', state);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.rateTimer);
    this.session.end();
    await this.connection.stop((driver) => this.driveSafeState(driver, 'agent stopping'));
    this.frames.stop();
  }

  state(): AgentBenchState {
    const online = this.connection.online;
    const outputs: Record<string, OutputValue> = {};
    for (const output of this.ctx.definition.outputs) {
      outputs[output.id] = this.guard.valueOf(output.id) ?? output.safe;
    }
    const state: AgentBenchState = {
      benchId: this.id,
      status: online ? 'online' : 'offline',
      sampleRateHz: online ? Math.round(this.frames.sampleRateHz * 10) / 10 : 0,
      outputs,
    };
    if (!online) state.detail = this.connection.detail;
    const quarantine = this.ctx.quarantines.get(this.id);
    if (quarantine) state.quarantine = quarantine;
    if (this.session.current) state.session = { ...this.session.current };
    if (this.selfTestRunning) state.selfTestRunning = true;
    if (this.unsafe) state.unsafe = { ...this.unsafe };
    return state;
  }

  /**
   * A command relayed by the server, for the session `sessionId` when it names one. Throws a
   * ProtocolError saying why it was refused.
   */
  async applyCommand(
    outputId: string,
    value: unknown,
    sessionId?: string,
  ): Promise<CommandApplied> {
    this.refuseWhenUnavailable();
    if (sessionId !== undefined && this.session.current?.sessionId !== sessionId) {
      throw new ProtocolError(
        'NOT_SESSION_OWNER',
        `Session ${sessionId} is not running on bench ${this.id}.`,
      );
    }
    if (this.session.current?.held) {
      throw new ProtocolError(
        'NOT_SESSION_OWNER',
        `The owner of the session on bench ${this.id} is away: it holds its safe state.`,
      );
    }
    // When the write left for the board: the ack waits for the board's read-back, later.
    const sentAt = Date.now();
    const applied = await this.write(outputId, value, 'command');
    // The board has the new value: its effect is in the rows from now on, so send them quickly.
    this.frames.quicken();
    this.emit('state', this.state());
    return { benchId: this.id, output: outputId, value: applied, appliedAt: sentAt };
  }

  async startSession(start: SessionStart): Promise<AgentBenchState> {
    this.refuseWhenUnavailable();
    const session = this.session.start(start);
    this.guard.exposeOnly(start.controls);
    this.ctx.logger.info({ benchId: this.id, sessionId: session.sessionId }, 'session started');
    this.emit('state', this.state());
    return this.state();
  }

  /**
   * The server ended a session: safe state now, then the self-test (its result is emitted).
   * Throws SAFE_STATE_FAILED (the bench is then `unsafe`, and no self-test runs) when the safe
   * state could not be reached: the server must not take the end for a safe bench.
   */
  async endSession(sessionId: string): Promise<AgentBenchState> {
    const session = this.session.end(sessionId);
    if (!session) return this.state();
    await this.finishSession(session, 'ended by the server');
    const safe = this.state(); // before the self-test moves the outputs
    void this.selfTestBetweenSessions();
    return safe;
  }

  /**
   * The server holds the session's bench safe while its owner is away, or releases it. Holding
   * refuses commands first (same synchronous turn), then drives the safe state through the
   * safe-state path: no command rate limit, no narrowed range of the lab applies to it.
   */
  async holdSafe(request: HoldSafe): Promise<AgentBenchState> {
    const running = this.session.current;
    if (!running || running.sessionId !== request.sessionId) {
      throw new ProtocolError(
        'CONFLICT',
        `Session ${request.sessionId} is not the one running on bench ${this.id}.`,
      );
    }
    running.held = request.hold;
    this.ctx.logger.info(
      { benchId: this.id, sessionId: running.sessionId, hold: request.hold },
      request.hold ? 'owner away: holding the safe state' : 'owner back: safe state released',
    );
    this.emit('state', this.state());
    if (request.hold) await this.safeState(`owner of session ${running.sessionId} away`);
    return this.state();
  }

  /** The server link has been down too long: no one is watching, so the bench goes safe. */
  async onServerLinkLost(): Promise<void> {
    const session = this.session.current;
    if (session) return this.endSessionBy('server-link-lost', session);
    // A failure is in the bench's state (unsafe) and the log; there is no one to answer here.
    await this.safeState('server link lost').catch((error: unknown) => {
      if (!(error instanceof ProtocolError)) throw error;
    });
  }

  async runSelfTest(trigger: SelfTestResult['trigger']): Promise<SelfTestResult> {
    if (this.selfTestRunning)
      throw new ProtocolError('CONFLICT', 'The self-test is already running.');
    if (this.session.current) {
      throw new ProtocolError('CONFLICT', `A session runs on bench ${this.id}: end it first.`);
    }
    if (!this.connection.online) {
      throw new ProtocolError(
        'BENCH_OFFLINE',
        `Bench ${this.id} is offline (${this.connection.detail}).`,
      );
    }
    this.selfTestRunning = true;
    this.emit('state', this.state());
    let result: SelfTestResult;
    try {
      result = await runSelfTest(
        {
          definition: this.ctx.definition,
          write: async (id, value) => void (await this.write(id, value, 'self-test')),
          readyAt: (id, value) => this.guard.readyAt(id, value),
          nextFrame: (timeoutMs) => this.frames.next(timeoutMs),
          safeState: () => this.safeState('self-test finished'),
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          now: Date.now,
        },
        trigger,
      );
    } finally {
      this.selfTestRunning = false;
    }
    const log = { benchId: this.id, trigger, passed: result.passed };
    if (result.passed) this.ctx.logger.info(log, 'self-test passed');
    else {
      const reason = describeFailure(result);
      this.ctx.quarantines.set(this.id, { reason, since: Date.now() });
      this.ctx.logger.warn({ ...log, reason }, 'self-test failed: bench quarantined');
    }
    this.emit('self-test', result);
    this.emit('state', this.state());
    return result;
  }

  /** A technician cleared the bench after checking it. */
  clearQuarantine(): AgentBenchState {
    if (this.ctx.quarantines.get(this.id)) {
      this.ctx.quarantines.set(this.id, undefined);
      this.ctx.logger.info({ benchId: this.id }, 'quarantine cleared');
      this.emit('state', this.state());
    }
    return this.state();
  }

  private refuseWhenUnavailable(): void {
    const quarantine = this.ctx.quarantines.get(this.id);
    if (quarantine) {
      throw new ProtocolError(
        'QUARANTINED',
        `Bench ${this.id} is out of service until a technician clears it: ${quarantine.reason}`,
      );
    }
    if (this.selfTestRunning) {
      throw new ProtocolError(
        'CONFLICT',
        `Bench ${this.id} is running its self-test: try again shortly.`,
      );
    }
  }

  /** Guard, then driver. Check and commit happen in one synchronous turn (see SafetyGuard). */
  private async write(outputId: string, value: unknown, origin: WriteOrigin): Promise<OutputValue> {
    const write = this.guard.check(outputId, value, origin);
    const driver = this.connection.driver;
    if (!driver) {
      throw new ProtocolError(
        'BENCH_OFFLINE',
        `Bench ${this.id} is offline (${this.connection.detail}).`,
      );
    }
    const applied = value as OutputValue;
    this.guard.commit(outputId, applied, origin);
    await driver.write(write).catch((error: unknown) => {
      if (!(error instanceof WriteNotAppliedError)) throw error;
      // The board did not take it (read back twice): refused, and the bench is suspect. The guard
      // committed a value the board lacks, so every output goes safe (board and guard agree
      // again); a session's end runs the self-test anyway, outside a session it runs now.
      this.ctx.logger.warn({ benchId: this.id, detail: error.message }, 'write not applied');
      // A failure of the safe state itself is reported by safeState (the bench goes unsafe).
      void this.safeState('a write was not applied').catch((failure: unknown) => {
        if (!(failure instanceof ProtocolError)) throw failure;
      });
      if (!this.session.current) setImmediate(() => void this.selfTestBetweenSessions());
      throw new ProtocolError('NOT_APPLIED', `Bench ${this.id}: ${error.message}.`);
    });
    return applied;
  }

  private async endSessionBy(
    reason: SessionEnded['reason'],
    session: RunningSession,
  ): Promise<void> {
    if (!this.session.end(session.sessionId)) return;
    const safe = await this.finishSession(session, reason).then(
      () => true,
      (error: unknown) => {
        if (!(error instanceof ProtocolError)) throw error;
        return false; // marked unsafe (state, log): no self-test on a bench that is not safe
      },
    );
    this.emit('session-ended', { benchId: this.id, sessionId: session.sessionId, reason });
    if (safe) void this.selfTestBetweenSessions();
  }

  private async finishSession(session: RunningSession, why: string): Promise<void> {
    this.guard.exposeOnly(undefined);
    try {
      await this.safeState(`session ${session.sessionId} ${why}`);
    } finally {
      this.ctx.logger.info(
        { benchId: this.id, sessionId: session.sessionId, why },
        'session ended',
      );
      this.emit('state', this.state());
    }
  }

  private async selfTestBetweenSessions(): Promise<void> {
    if (!this.ctx.definition.selfTest) return;
    if (!this.connection.online) {
      this.ctx.logger.warn(
        { benchId: this.id },
        'self-test after the session skipped: bench offline',
      );
      return;
    }
    await this.runSelfTest('session-end').catch((error: unknown) => {
      this.ctx.logger.warn(
        { benchId: this.id, err: error },
        'self-test after the session failed to run',
      );
    });
  }

  /**
   * Drives the safe state on the board now. Throws SAFE_STATE_FAILED when it cannot (board
   * offline, a write failed), after marking the bench unsafe: never a silent failure.
   */
  private async safeState(reason: string): Promise<void> {
    const driver = this.connection.driver;
    if (!driver) {
      const why = `board offline (${this.connection.detail}) at: ${reason}`;
      this.markUnsafe(why);
      throw new ProtocolError(
        'SAFE_STATE_FAILED',
        `Bench ${this.id}: safe state not reached, ${why}.`,
      );
    }
    await this.driveSafeState(driver, reason);
  }

  /** Writes every output's safe value; a failure marks the bench unsafe and rethrows as SAFE_STATE_FAILED. */
  private async driveSafeState(driver: BenchDriver, reason: string): Promise<void> {
    try {
      for (const { id, value } of safeStateWrites(this.ctx.definition)) {
        const write = this.guard.check(id, value, 'safe-state');
        this.guard.commit(id, value, 'safe-state');
        await driver.write(write);
      }
    } catch (error) {
      const why = `${(error as Error).message} (at: ${reason})`;
      this.markUnsafe(why);
      throw new ProtocolError(
        'SAFE_STATE_FAILED',
        `Bench ${this.id}: safe state not reached, ${why}.`,
      );
    }
    this.ctx.logger.info({ benchId: this.id, reason }, 'safe state');
    if (this.unsafe) {
      this.unsafe = undefined;
      this.ctx.logger.warn(
        { benchId: this.id, reason },
        'safe state reached again: no longer unsafe',
      );
      this.emit('state', this.state());
    }
  }

  private markUnsafe(reason: string): void {
    this.unsafe = { reason: reason.slice(0, 500), since: Date.now() };
    this.ctx.logger.error({ benchId: this.id, reason }, 'safe state NOT reached: bench unsafe');
    this.emit('state', this.state());
  }
}
