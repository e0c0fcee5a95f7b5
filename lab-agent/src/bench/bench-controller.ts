import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import {
  ProtocolError,
  type AgentBenchState,
  type BenchDefinition,
  type CommandApplied,
  type OutputValue,
  type SampleFrame,
} from '@remotelab/protocol';
import type { BenchDriver } from '../drivers/bench-driver.ts';
import { FrameAssembler } from '../sampling/frame-assembler.ts';
import { guardOutput, safeStateWrites } from '../safety/output-guard.ts';
import { Backoff } from './backoff.ts';

export interface BenchControllerContext {
  definition: BenchDefinition;
  /** Makes a fresh driver for each connection attempt (johnny-five cannot reuse a lost board). */
  createDriver: () => BenchDriver;
  logger: Logger;
  /** A board silent this long while sampling is treated as lost. */
  silenceTimeoutMs: number;
}

interface BenchControllerEvents {
  frame: [SampleFrame];
  state: [AgentBenchState];
}

/**
 * Keeps one bench connected: opens the board, configures sampling, drives the safe state, turns
 * readings into frames and reconnects with backoff when the link is lost. Commands pass the
 * output guard before they reach the driver.
 */
export class BenchController extends EventEmitter<BenchControllerEvents> {
  private driver: BenchDriver | undefined;
  private online = false;
  private stopped = false;
  private detail = 'connecting';
  private seq = 0;
  private readonly outputs: Record<string, OutputValue> = {};
  private readonly assembler: FrameAssembler;
  private readonly backoff = new Backoff({ initialMs: 200, maxMs: 2000 });
  private frameTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastReadingAt = 0;
  private lossReason: string | undefined;

  constructor(private readonly ctx: BenchControllerContext) {
    super();
    const { definition } = ctx;
    for (const { id, value } of safeStateWrites(definition)) this.outputs[id] = value;
    this.assembler = new FrameAssembler({
      benchId: definition.id,
      nominalDtMs: definition.sampling.intervalMs,
      analog: definition.inputs.flatMap((input) =>
        input.kind === 'analog-in'
          ? [{ id: input.id, channel: input.pin, gain: input.gain, offset: input.offset }]
          : [],
      ),
      digital: definition.inputs.flatMap((input) =>
        input.kind === 'digital-in' ? [{ id: input.id, pin: input.pin }] : [],
      ),
    });
  }

  get id(): string {
    return this.ctx.definition.id;
  }

  get definition(): BenchDefinition {
    return this.ctx.definition;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const driver = this.driver;
    if (driver && this.online) await this.driveSafeState(driver).catch(() => undefined);
    await driver?.close();
  }

  state(): AgentBenchState {
    const state: AgentBenchState = {
      benchId: this.id,
      status: this.online ? 'online' : 'offline',
      sampleRateHz: this.online ? Math.round(this.assembler.sampleRateHz * 10) / 10 : 0,
      outputs: { ...this.outputs },
    };
    if (!this.online) state.detail = this.detail;
    return state;
  }

  async applyCommand(outputId: string, value: OutputValue): Promise<CommandApplied> {
    const write = guardOutput(this.ctx.definition, outputId, value);
    const driver = this.driver;
    if (!this.online || !driver) {
      throw new ProtocolError('BENCH_OFFLINE', `Bench ${this.id} is offline (${this.detail}).`);
    }
    await driver.write(write);
    this.outputs[outputId] = value;
    this.emit('state', this.state());
    return { benchId: this.id, output: outputId, value, appliedAt: Date.now() };
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const driver = this.ctx.createDriver();
    try {
      await driver.open();
    } catch (error) {
      this.detail = `cannot open the board: ${(error as Error).message}`;
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      await driver.close();
      return;
    }
    this.driver = driver;
    driver.on('analog', (reading) => {
      this.lastReadingAt = reading.receivedAt;
      this.assembler.addAnalog(reading);
    });
    driver.on('digital', (reading) => this.assembler.setDigital(reading));
    driver.on('closed', (detail) => this.onLost(driver, this.lossReason ?? detail));
    try {
      const { definition } = this.ctx;
      driver.startSampling({
        intervalMs: definition.sampling.intervalMs,
        analogChannels: definition.inputs.flatMap((i) => (i.kind === 'analog-in' ? [i.pin] : [])),
        digitalInputPins: definition.inputs.flatMap((i) =>
          i.kind === 'digital-in' ? [i.pin] : [],
        ),
        pwmPins: definition.outputs.flatMap((o) => (o.kind === 'pwm-out' ? [o.pin] : [])),
        digitalOutputPins: definition.outputs.flatMap((o) =>
          o.kind === 'digital-out' ? [o.pin] : [],
        ),
      });
      await this.driveSafeState(driver);
    } catch (error) {
      this.lossReason = `configuring the board failed: ${(error as Error).message}`;
      await driver.close();
      return;
    }
    this.backoff.reset();
    this.online = true;
    this.lastReadingAt = Date.now();
    this.ctx.logger.info({ benchId: this.id }, 'bench online');
    this.frameTimer = setInterval(() => this.tick(), this.ctx.definition.sampling.frameMs);
    this.emit('state', this.state());
  }

  private tick(): void {
    const frame = this.assembler.takeFrame(this.seq);
    if (frame) {
      this.seq += 1;
      this.emit('frame', frame);
    }
    if (Date.now() - this.lastReadingAt > this.ctx.silenceTimeoutMs && this.driver) {
      this.lossReason = `no data from the board for ${this.ctx.silenceTimeoutMs} ms`;
      void this.driver.close();
    }
  }

  private onLost(driver: BenchDriver, detail: string): void {
    if (driver !== this.driver) return;
    clearInterval(this.frameTimer);
    const last = this.assembler.takeFrame(this.seq);
    if (last) {
      this.seq += 1;
      this.emit('frame', last);
    }
    this.assembler.reset();
    this.driver = undefined;
    this.lossReason = undefined;
    this.detail = detail;
    if (this.online) {
      this.online = false;
      this.ctx.logger.warn({ benchId: this.id, detail }, 'bench offline');
      this.emit('state', this.state());
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.backoff.next());
  }

  private async driveSafeState(driver: BenchDriver): Promise<void> {
    for (const { id, value } of safeStateWrites(this.ctx.definition)) {
      await driver.write(guardOutput(this.ctx.definition, id, value));
      this.outputs[id] = value;
    }
  }
}
