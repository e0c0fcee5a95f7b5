import type { BenchDefinition, SampleFrame } from '@remotelab/protocol';
import { ina219ReadPlan } from '../devices/ina219.ts';
import { analogScale } from '../sampling/channel-scale.ts';
import { FrameAssembler } from '../sampling/frame-assembler.ts';
import type { ReadingSink } from './board-connection.ts';

/** Frame period for a while after a commanded output changed: its effect shows this soon. */
export const QUICK_FRAME_MS = 10;
/** How long frames stay quick after the last command (a slider dragged keeps them quick). */
export const QUICK_WINDOW_MS = 1500;

/**
 * Turns a bench's readings into numbered frames every `sampling.frameMs` while the board is
 * online. `seq` counts from 0 for the life of this agent run and never restarts on a board
 * reconnect, so the server sees one sequence per bench per run.
 *
 * After a command (`quicken()`), the rows gathered so far go out at once and frames are cut every
 * QUICK_FRAME_MS for QUICK_WINDOW_MS: a student waiting for the effect of a slider gets it up to
 * 40 ms sooner, at the cost of more, smaller frames while they interact (the server merges them
 * for a slow browser anyway).
 */
export class BenchFrames {
  private readonly assembler: FrameAssembler;
  private readonly decoders = new Map<string, (bytes: readonly number[]) => number>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private quickTimer: NodeJS.Timeout | undefined;
  private readonly waiting = new Set<(frame: SampleFrame) => void>();
  /** Where the connection delivers readings. */
  readonly sink: ReadingSink;

  constructor(
    private readonly definition: BenchDefinition,
    private readonly emit: (frame: SampleFrame) => void,
  ) {
    const { inputs } = definition;
    for (const input of inputs) {
      if (input.kind === 'ina219') this.decoders.set(input.id, ina219ReadPlan(input).decode);
    }
    this.assembler = new FrameAssembler({
      benchId: definition.id,
      nominalDtMs: definition.sampling.intervalMs,
      analog: inputs.flatMap((input) =>
        input.kind === 'analog-in'
          ? [{ id: input.id, channel: input.pin, scale: analogScale(input) }]
          : [],
      ),
      digital: inputs.flatMap((input) =>
        input.kind === 'digital-in' ? [{ id: input.id, pin: input.pin }] : [],
      ),
      held: [...this.decoders.keys()],
    });
    this.sink = {
      analog: (reading) => this.assembler.addAnalog(reading),
      digital: (reading) => this.assembler.setDigital(reading),
      i2c: (reading) => {
        const decode = this.decoders.get(reading.id);
        if (decode) this.assembler.setHeld(reading.id, decode(reading.bytes));
      },
    };
  }

  get sampleRateHz(): number {
    return this.assembler.sampleRateHz;
  }

  start(): void {
    this.every(this.definition.sampling.frameMs);
  }

  /** Stops framing; the rows gathered so far still go out as a last frame. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    clearTimeout(this.quickTimer);
    this.timer = undefined;
    this.quickTimer = undefined;
    this.flush();
    this.assembler.reset();
  }

  /**
   * A commanded output just changed: send what was gathered before it now, and cut quick frames
   * for a while so the change reaches the server within ~QUICK_FRAME_MS of being sampled.
   */
  quicken(): void {
    if (!this.timer) return;
    this.flush();
    if (!this.quickTimer) this.every(Math.min(QUICK_FRAME_MS, this.definition.sampling.frameMs));
    clearTimeout(this.quickTimer);
    this.quickTimer = setTimeout(() => {
      this.quickTimer = undefined;
      if (this.timer) this.every(this.definition.sampling.frameMs);
    }, QUICK_WINDOW_MS);
  }

  /** An interval, not a chain of timeouts: frames do not drift later under load. */
  private every(periodMs: number): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.flush(), periodMs);
  }

  /** The next frame, or undefined when none comes within `timeoutMs`. */
  next(timeoutMs: number): Promise<SampleFrame | undefined> {
    return new Promise((resolve) => {
      const take = (frame: SampleFrame | undefined) => {
        clearTimeout(timer);
        this.waiting.delete(take);
        resolve(frame);
      };
      const timer = setTimeout(() => take(undefined), timeoutMs);
      this.waiting.add(take);
    });
  }

  private flush(): void {
    const frame = this.assembler.takeFrame(this.seq);
    if (!frame) return;
    this.seq += 1;
    this.emit(frame);
    for (const take of [...this.waiting]) take(frame);
  }
}
