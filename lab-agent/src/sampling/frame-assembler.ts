import type { SampleFrame } from '@remotelab/protocol';
import type { AnalogReading, DigitalReading } from '../drivers/bench-driver.ts';
import { RowTimeline } from './row-timeline.ts';

export interface AnalogColumn {
  id: string;
  channel: number;
  gain: number;
  offset: number;
}

export interface DigitalColumn {
  id: string;
  pin: number;
}

export interface FrameAssemblerOptions {
  benchId: string;
  analog: readonly AnalogColumn[];
  digital: readonly DigitalColumn[];
  /** The sampling interval asked of the firmware: the row period when the line keeps up. */
  nominalDtMs: number;
}

/**
 * Turns the stream of per-channel Firmata analog reports into rows (one value per channel per
 * firmware cycle) and rows into columnar frames. StandardFirmata reports every enabled channel
 * once per cycle in pin order, so a channel reporting twice means a new cycle began; a missing
 * value (a byte lost on the line) repeats the channel's previous value rather than shifting columns.
 */
export class FrameAssembler {
  private readonly columnOfChannel = new Map<number, number>();
  private readonly current: number[];
  private readonly filled: boolean[];
  private filledCount = 0;
  private readonly lastValues: number[];
  private readonly digitalLevels: number[];
  private rows: number[][];
  private arrivals: number[] = [];
  private readonly timeline: RowTimeline;

  constructor(private readonly options: FrameAssemblerOptions) {
    options.analog.forEach((column, index) => this.columnOfChannel.set(column.channel, index));
    const n = options.analog.length;
    this.current = new Array<number>(n).fill(0);
    this.filled = new Array<boolean>(n).fill(false);
    this.lastValues = new Array<number>(n).fill(0);
    this.digitalLevels = new Array<number>(options.digital.length).fill(0);
    this.rows = options.analog.map(() => []);
    this.timeline = new RowTimeline(options.nominalDtMs);
  }

  addAnalog(reading: AnalogReading): void {
    const index = this.columnOfChannel.get(reading.channel);
    if (index === undefined) return;
    if (this.filled[index]) this.completeRow(reading.receivedAt);
    const column = this.options.analog[index]!;
    this.current[index] = reading.raw * column.gain + column.offset;
    this.filled[index] = true;
    this.filledCount += 1;
    if (this.filledCount === this.current.length) this.completeRow(reading.receivedAt);
  }

  setDigital(reading: DigitalReading): void {
    const index = this.options.digital.findIndex((column) => column.pin === reading.pin);
    if (index >= 0) this.digitalLevels[index] = reading.level ? 1 : 0;
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
    this.options.digital.forEach((column, index) => {
      channels[column.id] = new Array<number>(count).fill(this.digitalLevels[index]!);
    });
    this.rows = this.options.analog.map(() => []);
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
    this.arrivals.push(arrivedAt);
    this.timeline.countRow(arrivedAt);
    this.filled.fill(false);
    this.filledCount = 0;
  }
}
