import type { SampleFrame } from '@remotelab/protocol';
import type { AnalogReading, DigitalReading } from '../drivers/bench-driver.ts';
import type { AnalogScale } from './channel-scale.ts';
import { RowTimeline } from './row-timeline.ts';

export interface AnalogColumn {
  id: string;
  channel: number;
  /** Raw ADC reading -> value (gain/offset or calibration table). */
  scale: AnalogScale;
}

export interface DigitalColumn {
  id: string;
  pin: number;
}

export interface FrameAssemblerOptions {
  benchId: string;
  analog: readonly AnalogColumn[];
  digital: readonly DigitalColumn[];
  /**
   * Columns read at their own pace (I2C sensors): each row holds the latest value, 0 until the
   * first reading arrives.
   */
  held?: readonly string[];
  /** The sampling interval asked of the firmware: the row period when the line keeps up. */
  nominalDtMs: number;
}

/**
 * Turns the stream of per-channel Firmata analog reports into rows (one value per channel per
 * firmware cycle) and rows into columnar frames. StandardFirmata reports every enabled channel
 * once per cycle in pin order, so a channel reporting twice means a new cycle began; a missing
 * value (a byte lost on the line) repeats the channel's previous value rather than shifting columns.
 * Digital levels and I2C readings arrive at their own pace; rows hold their latest value.
 */
export class FrameAssembler {
  private readonly columnOfChannel = new Map<number, number>();
  private readonly current: number[];
  private readonly filled: boolean[];
  private filledCount = 0;
  private readonly lastValues: number[];
  /** Digital levels and I2C readings by column id: each completed row takes their latest value. */
  private readonly levels = new Map<string, number>();
  private readonly digitalIdOfPin = new Map<number, string>();
  private rows: number[][];
  private levelRows = new Map<string, number[]>();
  private arrivals: number[] = [];
  private readonly timeline: RowTimeline;

  constructor(private readonly options: FrameAssemblerOptions) {
    options.analog.forEach((column, index) => this.columnOfChannel.set(column.channel, index));
    const n = options.analog.length;
    this.current = new Array<number>(n).fill(0);
    this.filled = new Array<boolean>(n).fill(false);
    this.lastValues = new Array<number>(n).fill(0);
    for (const { id, pin } of options.digital) this.digitalIdOfPin.set(pin, id);
    for (const id of [...options.digital.map((column) => column.id), ...(options.held ?? [])]) {
      this.levels.set(id, 0);
      this.levelRows.set(id, []);
    }
    this.rows = options.analog.map(() => []);
    this.timeline = new RowTimeline(options.nominalDtMs);
  }

  addAnalog(reading: AnalogReading): void {
    const index = this.columnOfChannel.get(reading.channel);
    if (index === undefined) return;
    if (this.filled[index]) this.completeRow(reading.receivedAt);
    const column = this.options.analog[index]!;
    this.current[index] = column.scale(reading.raw);
    this.filled[index] = true;
    this.filledCount += 1;
    if (this.filledCount === this.current.length) this.completeRow(reading.receivedAt);
  }

  setDigital(reading: DigitalReading): void {
    const id = this.digitalIdOfPin.get(reading.pin);
    if (id !== undefined) this.levels.set(id, reading.level ? 1 : 0);
  }

  /** The latest reading of a held column (an I2C sensor); unknown ids are ignored. */
  setHeld(id: string, value: number): void {
    if (this.levels.has(id)) this.levels.set(id, value);
  }

  /** Rows per second over the last second. */
  get sampleRateHz(): number {
    return this.timeline.rowsPerSecond;
  }

  /** Returns the rows gathered since the last call as one frame, or nothing when there are none. */
  takeFrame(seq: number): SampleFrame | undefined {
    const count = this.arrivals.length;
    if (count === 0) return undefined;
    const { t0, dt } = this.timeline.place(this.arrivals);
    const channels: Record<string, number[]> = {};
    this.options.analog.forEach((column, index) => {
      channels[column.id] = this.rows[index]!;
    });
    for (const [id, column] of this.levelRows) channels[id] = column;
    this.rows = this.options.analog.map(() => []);
    this.levelRows = new Map([...this.levels.keys()].map((id) => [id, []]));
    this.arrivals = [];
    return { benchId: this.options.benchId, seq, t0, dt, channels };
  }

  /** Forgets a half-built row and the timeline, e.g. after the board reconnected. */
  reset(): void {
    this.filled.fill(false);
    this.filledCount = 0;
    this.timeline.reset();
  }

  private completeRow(arrivedAt: number): void {
    for (let i = 0; i < this.current.length; i += 1) {
      const value = this.filled[i] ? this.current[i]! : this.lastValues[i]!;
      this.lastValues[i] = value;
      this.rows[i]!.push(value);
    }
    for (const [id, column] of this.levelRows) column.push(this.levels.get(id)!);
    this.arrivals.push(arrivedAt);
    this.timeline.countRow(arrivedAt);
    this.filled.fill(false);
    this.filledCount = 0;
  }
}
