import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type {
  AnalogReading,
  BenchDriver,
  DigitalReading,
  I2cReading,
  SamplingRequest,
} from '../drivers/bench-driver.ts';
import { Backoff } from './backoff.ts';

/** Where readings go while the board is online. */
export interface ReadingSink {
  analog(reading: AnalogReading): void;
  digital(reading: DigitalReading): void;
  i2c(reading: I2cReading): void;
}

export interface BoardConnectionContext {
  benchId: string;
  request: SamplingRequest;
  /** Makes a fresh driver for each connection attempt (johnny-five cannot reuse a lost board). */
  createDriver: () => BenchDriver;
  /**
   * Runs once sampling is configured, before the board counts as online: the safe state. When it
   * throws, the attempt fails and is retried like a lost board.
   */
  prepare: (driver: BenchDriver) => Promise<void>;
  sink: ReadingSink;
  logger: Logger;
  /** A sampling board silent this long is treated as lost (at least 3 sampling intervals). */
  silenceTimeoutMs: number;
  backoff?: { initialMs: number; maxMs: number };
}

interface BoardConnectionEvents {
  online: [];
  offline: [detail: string];
}

/** How often silence is checked; bounds how late a silent board is declared lost. */
const SILENCE_CHECK_MS = 100;

/**
 * Keeps one board connected: opens it, configures its pins and sampling, lets the owner drive
 * the safe state, then reports `online`; on a lost link (port closed or failing, or silence
 * while sampling) reports `offline` and reconnects with exponential backoff, re-initialising
 * everything, since a board that comes back may have reset.
 */
export class BoardConnection extends EventEmitter<BoardConnectionEvents> {
  private current: BenchDriver | undefined;
  private isOnline = false;
  private stopped = true;
  private why = 'connecting';
  private readonly backoff: Backoff;
  private retryTimer: NodeJS.Timeout | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private lastReadingAt = 0;
  private lossReason: string | undefined;

  constructor(private readonly ctx: BoardConnectionContext) {
    super();
    this.backoff = new Backoff(ctx.backoff ?? { initialMs: 200, maxMs: 2000 });
  }

  /** The driver while the board is online. */
  get driver(): BenchDriver | undefined {
    return this.isOnline ? this.current : undefined;
  }

  get online(): boolean {
    return this.isOnline;
  }

  /** Why the board is not online ("serial port closed", ...). */
  get detail(): string {
    return this.why;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  /** Stops reconnecting; `beforeClose` runs on the open board first (the safe state). */
  async stop(beforeClose?: (driver: BenchDriver) => Promise<void>): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const driver = this.current;
    if (driver && this.isOnline && beforeClose) {
      // Close the board even if the safe state could not be written, and say so loudly.
      await beforeClose(driver).catch((error: unknown) =>
        this.ctx.logger.error({ err: error }, 'safe state not applied before closing the board'),
      );
    }
    await driver?.close();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const driver = this.ctx.createDriver();
    try {
      await driver.open();
    } catch (error) {
      this.why = `cannot open the board: ${(error as Error).message}`;
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      await driver.close();
      return;
    }
    this.current = driver;
    const { sink } = this.ctx;
    driver.on('analog', (reading) => {
      this.lastReadingAt = reading.receivedAt;
      sink.analog(reading);
    });
    driver.on('digital', (reading) => sink.digital(reading));
    driver.on('i2c', (reading) => {
      this.lastReadingAt = reading.receivedAt;
      sink.i2c(reading);
    });
    driver.on('closed', (detail) => this.onLost(driver, this.lossReason ?? detail));
    try {
      driver.startSampling(this.ctx.request);
      await this.ctx.prepare(driver);
    } catch (error) {
      this.lossReason = `configuring the board failed: ${(error as Error).message}`;
      await driver.close();
      return;
    }
    if (driver !== this.current) return; // lost while preparing
    this.backoff.reset();
    this.isOnline = true;
    this.lastReadingAt = Date.now();
    this.watchSilence(driver);
    this.ctx.logger.info({ benchId: this.ctx.benchId }, 'bench online');
    this.emit('online');
  }

  private watchSilence(driver: BenchDriver): void {
    const { request } = this.ctx;
    if (request.analogChannels.length === 0 && request.i2cReads.length === 0) return;
    const limit = Math.max(this.ctx.silenceTimeoutMs, 3 * request.intervalMs);
    this.silenceTimer = setInterval(() => {
      if (Date.now() - this.lastReadingAt <= limit || driver !== this.current) return;
      this.lossReason = `no data from the board for ${limit} ms`;
      void driver.close();
    }, SILENCE_CHECK_MS);
  }

  private onLost(driver: BenchDriver, detail: string): void {
    if (driver !== this.current) return;
    clearInterval(this.silenceTimer);
    this.current = undefined;
    this.lossReason = undefined;
    this.why = detail;
    if (this.isOnline) {
      this.isOnline = false;
      this.ctx.logger.warn({ benchId: this.ctx.benchId, detail }, 'bench offline');
      this.emit('offline', detail);
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.backoff.next());
  }
}
