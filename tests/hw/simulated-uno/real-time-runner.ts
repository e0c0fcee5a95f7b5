import { UNO_CLOCK_HZ, type SimulatedUno } from './avr-uno.ts';

/** The most board time run in one go: bounds how late a transmitted byte leaves. */
const MAX_SLICE_MS = 5;

export interface RealTimeStats {
  /** Board seconds run per wall-clock second since start (1 = real time). */
  speed: number;
  /** How far the board is behind the wall clock now (ms). */
  lagMs: number;
}

/**
 * Runs a simulated Uno against the wall clock: each turn of the event loop runs the board up to
 * "now", in slices of at most 5 ms of board time, and hands the bytes it transmitted in that
 * slice to `transmit` (so they leave no later than a real UART would, plus one slice). When the
 * machine cannot keep up, the board runs flat out and falls behind: its time never jumps, so the
 * firmware sees a slow world, never a lost one.
 */
export class RealTimeRunner {
  private startedAt = 0;
  private startCycles = 0;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private outgoing: number[] = [];

  constructor(
    private readonly uno: SimulatedUno,
    private readonly transmit: (bytes: Buffer) => void,
  ) {
    uno.onTransmit = (byte) => this.outgoing.push(byte);
  }

  start(): void {
    this.stopped = false;
    this.startedAt = performance.now();
    this.startCycles = this.uno.cpu.cycles;
    this.turn();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  stats(): RealTimeStats {
    const wallS = (performance.now() - this.startedAt) / 1000;
    const boardS = (this.uno.cpu.cycles - this.startCycles) / UNO_CLOCK_HZ;
    return { speed: wallS > 0 ? boardS / wallS : 1, lagMs: Math.max(0, (wallS - boardS) * 1000) };
  }

  private turn(): void {
    if (this.stopped) return;
    const due = this.startCycles + ((performance.now() - this.startedAt) / 1000) * UNO_CLOCK_HZ;
    const slice = (MAX_SLICE_MS / 1000) * UNO_CLOCK_HZ;
    const ahead = due - this.uno.cpu.cycles;
    if (ahead > 0) {
      this.uno.runCycles(Math.min(ahead, slice));
      this.flush();
    }
    // Behind: yield to I/O and run on at once; caught up: wait a millisecond of real time.
    this.timer = setTimeout(() => this.turn(), ahead > slice ? 0 : 1);
  }

  private flush(): void {
    if (this.outgoing.length === 0) return;
    const bytes = Buffer.from(this.outgoing);
    this.outgoing = [];
    this.transmit(bytes);
  }
}
