import { FirmataBoardEmulator } from './firmata-board-emulator.ts';
import type { FirmataBoardEmulatorOptions } from './firmata-board-types.ts';
import { UartPacer } from './uart-pacer.ts';
import type { CircuitModel } from './circuits/circuit-model.ts';
import type { I2cBus } from './i2c/i2c-bus.ts';

/** One sampling cycle that reported at least one analog channel. */
export interface SamplingCycle {
  /** 0 for the first reporting cycle since boot, then +1 per cycle. */
  index: number;
  /** Raw readings sent, in pin order of the reporting channels. */
  raw: number[];
  /** Clock time (ms) the cycle started sampling. */
  sampledAt: number;
  /** Clock time (ms) the UART finished sending the cycle's last byte (virtual line model). */
  lineDoneAt: number;
}

/** A cycle whose bytes have been handed to the transport. */
export interface EmittedCycle extends SamplingCycle {
  /**
   * Clock time (ms) the bytes holding the cycle's last byte were handed to the transport: the
   * moment they really left the board. It is at most one tick after `lineDoneAt`.
   */
  emittedAt: number;
}

export interface FirmwareLoopOptions {
  baud: number;
  model: CircuitModel;
  /** The clock, in ms. With the default of the running board, epoch-based with sub-ms precision. */
  now: () => number;
  /** Receives the bytes that finished transmitting, in order. */
  output: (bytes: Uint8Array) => void;
  /** Told about each reporting cycle once its bytes have been output. */
  onCycle?: (cycle: EmittedCycle) => void;
  /**
   * Longest gap between two steps that is caught up in virtual time. Beyond it (event loop
   * stalled, process suspended) the board is treated as frozen for the excess, so the host never
   * gets more in one go than the TX buffer plus this much line time. Default 50 ms.
   */
  maxCatchUpMs?: number;
  txBufferBytes?: number;
  emulator?: FirmataBoardEmulatorOptions;
  /** Devices on A4/A5; they see the board's time as the circuit model does. */
  i2c?: I2cBus;
}

/**
 * StandardFirmata's `loop()` on a virtual Uno: runs the emulator's sampling at its interval
 * against the UART model, in virtual time caught up from the clock at each `step`, never on
 * timer precision. Like the firmware:
 *   "if (currentMillis - previousMillis > samplingInterval) { previousMillis += samplingInterval;"
 * a cycle is due one interval after the previous due time, runs as soon as the firmware is free
 * (a full TX buffer blocks it), and a late loop runs the missed cycles back to back. So on a
 * saturated line the cycle period stretches to the line time of one cycle, and the schedule keeps
 * a backlog it works off once the line has room again, as the real board does.
 */
export class FirmwareLoop {
  readonly emulator: FirmataBoardEmulator;
  private readonly pacer: UartPacer;
  private readonly maxCatchUpMs: number;
  private readonly pendingCycles: SamplingCycle[] = [];
  private startedAt = 0;
  /** The firmware's own time: ahead of the clock while it is blocked on Serial.write. */
  private fwTime = 0;
  /** `previousMillis`. */
  private lastDue = 0;
  private lastStep = 0;
  private cycleCount = 0;
  private booted = false;
  private stalledMs = 0;

  constructor(private readonly options: FirmwareLoopOptions) {
    this.pacer = new UartPacer({ baud: options.baud, txBufferBytes: options.txBufferBytes });
    this.maxCatchUpMs = options.maxCatchUpMs ?? 50;
    const { model } = options;
    const modelTime = (): number => this.fwTime - this.startedAt;
    this.emulator = new FirmataBoardEmulator(
      {
        write: (bytes) => {
          this.fwTime = this.pacer.write(bytes, this.fwTime);
        },
        now: () => this.fwTime,
        readAnalog: (channel) =>
          model.readAnalog(channel, modelTime(), this.emulator.outputs, {
            cycleIndex: this.cycleCount,
          }),
        readDigital: (pin, pulledUp) =>
          model.readDigital?.(pin, modelTime(), this.emulator.outputs) ?? (pulledUp ? 1 : 0),
        outputsChanged: () => model.outputsChanged?.(modelTime(), this.emulator.outputs),
        i2c: options.i2c && {
          write: (address, bytes) => options.i2c?.write(address, bytes, modelTime()) ?? false,
          read: (address, count) => options.i2c?.read(address, count, modelTime()),
        },
      },
      options.emulator,
    );
  }

  /** Powers the board up at the clock's current time (announces itself, resets its pins). */
  boot(): void {
    const now = this.options.now();
    this.startedAt = this.fwTime = this.lastDue = this.lastStep = now;
    this.booted = true;
    this.emulator.boot();
  }

  /** Bytes from the host: the firmware handles them once it has caught up with the clock. */
  receive(bytes: Uint8Array): void {
    this.catchUp(this.options.now());
    this.emulator.receive(bytes);
  }

  /** Catches up with the clock and outputs every byte that has finished transmitting. */
  step(): void {
    const now = this.options.now();
    this.catchUp(now);
    this.options.model.tick?.(this.fwTime - this.startedAt);
    const bytes = this.pacer.drain(now);
    if (bytes.length === 0) return;
    // Stamp as close to the hand-over as possible.
    const emittedAt = this.options.now();
    this.options.output(bytes);
    while (this.pendingCycles.length > 0) {
      const cycle = this.pendingCycles[0];
      if (!cycle || cycle.lineDoneAt > now + 1e-9) break;
      this.pendingCycles.shift();
      this.options.onCycle?.({ ...cycle, emittedAt });
    }
  }

  /** Bytes queued on the virtual line (for diagnostics and tests). */
  backlogBytes(): number {
    return this.pacer.backlogAt(this.options.now());
  }

  /** Total time (ms) skipped because the host process stalled longer than `maxCatchUpMs`. */
  get stalledTotalMs(): number {
    return this.stalledMs;
  }

  private catchUp(now: number): void {
    if (!this.booted) throw new Error('FirmwareLoop.boot() must be called first');
    const gap = now - this.lastStep;
    if (gap > this.maxCatchUpMs) this.freeze(gap - this.maxCatchUpMs);
    this.lastStep = Math.max(this.lastStep, now);
    this.runCyclesUntil(now);
  }

  /** Shifts the board's whole timeline `ms` later, as if it had been frozen that long. */
  private freeze(ms: number): void {
    this.stalledMs += ms;
    this.pacer.delay(ms);
    this.fwTime += ms;
    this.lastDue += ms;
    for (const cycle of this.pendingCycles) cycle.lineDoneAt += ms;
  }

  private runCyclesUntil(now: number): void {
    for (;;) {
      const interval = this.emulator.samplingIntervalMs;
      const due = this.lastDue + interval;
      const start = Math.max(due, this.fwTime);
      if (start > now) break;
      this.fwTime = start;
      this.lastDue = due;
      this.emulator.checkDigitalInputs();
      const sampledAt = this.fwTime;
      const raw = this.emulator.sampleAnalogInputs();
      // "report i2c data for all device with read continuous mode enabled", after the analog reads.
      const i2cReplies = this.emulator.reportI2cQueries();
      if (raw.length > 0) {
        const lineDoneAt = this.pacer.lastByteDoneAt;
        this.pendingCycles.push({ index: this.cycleCount++, raw, sampledAt, lineDoneAt });
      } else if (i2cReplies === 0) {
        // Nothing reports, so the cycles up to `now` would all be empty: skip them at once
        // instead of spinning through a long backlog one interval at a time.
        this.lastDue += Math.floor((now - this.lastDue) / interval) * interval;
      }
    }
    if (this.fwTime < now) {
      // The firmware idles (polling digital inputs) until the clock's present.
      this.fwTime = now;
      this.emulator.checkDigitalInputs();
    }
  }
}
