import { CircuitModelError, voltsToRaw } from './circuit-model.ts';
import type { CircuitModel, PinOutputs } from './circuit-model.ts';
import { DriveTimeline } from './drive-timeline.ts';
import type { DriveSegment } from './drive-timeline.ts';
import { RESET_PIN_OUTPUTS } from './node-drive.ts';
import { gaussian, mulberry32 } from './seeded-random.ts';
import { buildChunkDeck, probeVector } from './spice-netlist.ts';
import { acquireSpiceSolver } from './spice-solver.ts';
import type { SpiceSolution, SpiceSolverHandle } from './spice-solver.ts';
import type { SpiceCircuitOptions, SpiceCircuitStats } from './spice-circuit-types.ts';
import { SpiceWaveform } from './spice-waveform.ts';

export type {
  SpiceCircuitOptions,
  SpiceCircuitStats,
  SpiceDrive,
  SpiceProbe,
} from './spice-circuit-types.ts';

interface Flight {
  startMs: number;
  endMs: number;
  segment: DriveSegment;
  epoch: number;
}

/** Board time a failed run waits before the solver tries again. */
const RETRY_AFTER_MS = 1000;
/** Solved history kept behind the latest read (ms). */
const HISTORY_MS = 100;

/**
 * A bench's circuit solved by ngspice, in chunks that run ahead of the board's time:
 * - the board's outputs drive the netlist through `drives` (a segment of the DriveTimeline per
 *   change); a chunk never spans a change, and a change inside solved time cuts the waveform
 *   there and re-solves from that instant with the new drives;
 * - chunks chain through initial conditions (`.ic` node voltages + `uic`, inductor `IC=`),
 *   which reproduces one long run (spice-circuit.test.ts checks it);
 * - reads interpolate the solved waveform synchronously; past its end they hold the last value
 *   and count a stale read: the firmware loop never waits for the solver.
 */
export class SpiceCircuit implements CircuitModel {
  readonly name = 'spice';
  private readonly solver: SpiceSolverHandle;
  private readonly chunkMs: number;
  private readonly stepMs: number;
  private readonly leadMs: number;
  private readonly noise: () => number;
  private readonly probeOfChannel = new Map<number, number>();
  private readonly probeOfInput = new Map<string, number>();
  private readonly held: number[];
  private waveform = new SpiceWaveform(0);
  private readonly timeline = new DriveTimeline();
  private readonly counters: SpiceCircuitStats = {
    staleReads: 0,
    chunks: 0,
    discardedChunks: 0,
    failures: 0,
    solveMs: 0,
    solvedUntilMs: 0,
  };
  private now = 0;
  private target = 0;
  private epoch = 0;
  private flight: Flight | undefined;
  private retryAtMs = 0;
  private engineReady = false;
  private closed = false;
  private readonly waiters: Array<{ tMs: number; resolve: () => void }> = [];
  private readonly warmUp: Promise<void>;

  constructor(private readonly options: SpiceCircuitOptions) {
    this.chunkMs = options.chunkMs ?? 200;
    this.stepMs = options.stepMs ?? 1;
    this.leadMs = options.leadMs ?? 300;
    this.noise = gaussian(mulberry32(options.seed));
    options.probes.forEach((probe, index) => {
      this.probeOfInput.set(probe.inputId, index);
      if (probe.channel !== undefined) this.probeOfChannel.set(probe.channel, index);
    });
    this.held = options.probes.map(() => 0);
    this.solver = options.solver ?? acquireSpiceSolver();
    this.warmUp = this.warmUpEngine();
    // Failures are reported through ready(); meanwhile readings hold.
    this.warmUp.catch(() => undefined);
  }

  ready(): Promise<void> {
    return this.warmUp;
  }

  readAnalog(channel: number, tMs: number): number {
    const index = this.probeOfChannel.get(channel);
    // Nothing is wired to that pin: it reads ground.
    if (index === undefined) return 0;
    const volts = this.probeValue(index, tMs);
    const noise = this.options.noiseLsb === 0 ? 0 : this.noise() * this.options.noiseLsb;
    return voltsToRaw(volts, noise);
  }

  readProbe(inputId: string, tMs: number): number | undefined {
    const index = this.probeOfInput.get(inputId);
    return index === undefined ? undefined : this.probeValue(index, tMs);
  }

  outputsChanged(tMs: number, outputs: PinOutputs): void {
    this.advanceClock(tMs);
    const firstSegment = this.timeline.at(Infinity) === undefined;
    const changedAt = this.timeline.set(
      tMs,
      this.options.drives.map((drive) => drive.of(outputs)),
    );
    if (changedAt === undefined) return;
    if (firstSegment) this.waveform = new SpiceWaveform(changedAt);
    else if (changedAt < this.waveform.endMs) {
      this.waveform.truncate(changedAt);
      this.epoch += 1;
    }
    // A run in flight from the change's instant or later is useless now: abandon it (its result
    // will be dropped) so the re-solve starts at once, on the pool's other engine if this one is
    // still busy. A run that started before the change stays: it is valid up to the change.
    if (this.flight && (this.flight.epoch !== this.epoch || changedAt <= this.flight.startMs)) {
      this.flight = undefined;
    }
    this.kick();
  }

  tick(tMs: number): void {
    this.advanceClock(tMs);
    this.kick();
  }

  /** Resolves once the waveform is solved up to `tMs` (tests drive a fake clock with it). */
  solvedThrough(tMs: number): Promise<void> {
    if (this.waveform.endMs >= tMs) return Promise.resolve();
    this.target = Math.max(this.target, tMs);
    const done = new Promise<void>((resolve) => this.waiters.push({ tMs, resolve }));
    this.kick();
    return done;
  }

  /**
   * Resolves once the waveform covers the latest board time the model has seen: from then on,
   * reads are fresh and reflect every output change made so far (tests wait on it instead of
   * sleeping through a loaded machine's solver delays).
   */
  caughtUp(): Promise<void> {
    return this.solvedThrough(this.now + this.stepMs);
  }

  stats(): SpiceCircuitStats {
    return { ...this.counters, solvedUntilMs: this.waveform.endMs };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.solver.release();
  }

  private probeValue(index: number, tMs: number): number {
    this.advanceClock(tMs);
    const value = this.waveform.valueAt(probeVector(index), tMs);
    if (value === undefined) {
      this.counters.staleReads += 1;
      this.kick();
      return this.held[index] ?? 0;
    }
    this.held[index] = value;
    return value;
  }

  private advanceClock(tMs: number): void {
    if (tMs <= this.now) return;
    this.now = tMs;
    this.waveform.forgetBefore(tMs - HISTORY_MS);
    this.timeline.forgetBefore(Math.min(tMs - HISTORY_MS, this.waveform.endMs));
  }

  /** Starts the next run if none is in flight and the waveform is not far enough ahead. */
  private kick(): void {
    if (this.closed || !this.engineReady || this.flight || this.now < this.retryAtMs) return;
    const startMs = this.waveform.endMs;
    if (startMs >= Math.max(this.now + this.leadMs, this.target)) return;
    const segment = this.timeline.at(startMs);
    if (!segment) return; // not booted yet
    const nextChange = this.timeline.nextChangeAfter(startMs);
    let endMs = Math.min(startMs + this.chunkMs, nextChange);
    let stepMs = this.stepMs;
    if (this.now - startMs > 2 * this.chunkMs) {
      // Far behind (the process stalled): catch up with the past in one coarse run, since
      // those reads were already answered from the held value.
      endMs = Math.min(nextChange, this.now);
      stepMs = Math.max(this.stepMs, (endMs - startMs) / 250);
    }
    const flight: Flight = { startMs, endMs, segment, epoch: this.epoch };
    this.flight = flight;
    const deck = buildChunkDeck({
      netlist: this.options.netlist,
      drives: this.options.drives.map((drive, k) => ({
        node: drive.node,
        drive: segment.drives[k],
      })),
      probes: this.options.probes.map((probe) => probe.expr),
      initial: this.waveform.stateAt(startMs),
      startMs,
      durationMs: endMs - startMs,
      stepMs,
    });
    this.solver.solve(deck).then(
      (solution) => this.onSolved(flight, solution),
      (error: Error) => this.onFailed(flight, error),
    );
  }

  private onSolved(flight: Flight, solution: SpiceSolution): void {
    this.counters.solveMs += solution.solveMs;
    if (this.closed) return;
    if (this.flight !== flight) {
      this.counters.discardedChunks += 1;
      return;
    }
    this.flight = undefined;
    const stillValid =
      flight.epoch === this.epoch &&
      this.waveform.endMs === flight.startMs &&
      this.timeline.at(flight.startMs) === flight.segment;
    if (stillValid) {
      const cut = Math.min(flight.endMs, this.timeline.nextChangeAfter(flight.startMs));
      this.waveform.append(flight.startMs, solution, cut);
      this.counters.chunks += 1;
      for (const waiter of this.waiters.filter((w) => w.tMs <= this.waveform.endMs)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    } else this.counters.discardedChunks += 1;
    this.kick();
  }

  private onFailed(flight: Flight, error: Error): void {
    if (this.flight !== flight) return;
    this.flight = undefined;
    this.counters.failures += 1;
    this.counters.lastError = error.message;
    this.retryAtMs = this.now + RETRY_AFTER_MS;
  }

  /**
   * Starts the engine and solves the circuit once at power-up state (the first run is the slow
   * one), which also proves the netlist: ngspice's complaints become a CircuitModelError.
   */
  private async warmUpEngine(): Promise<void> {
    await this.solver.ready();
    const deck = buildChunkDeck({
      netlist: this.options.netlist,
      drives: this.options.drives.map((drive) => ({
        node: drive.node,
        drive: drive.of(RESET_PIN_OUTPUTS),
      })),
      probes: this.options.probes.map((probe) => probe.expr),
      initial: undefined,
      startMs: 0,
      durationMs: 20,
      stepMs: this.stepMs,
    });
    let solution: SpiceSolution;
    try {
      solution = await this.solver.solve(deck);
    } catch (error) {
      throw new CircuitModelError(
        `The twin of bench "${this.options.benchId}" cannot be solved: ${(error as Error).message}`,
      );
    }
    if (solution.warnings.length > 0) {
      throw new CircuitModelError(
        `ngspice warns about the twin netlist of bench "${this.options.benchId}": ` +
          solution.warnings.slice(0, 6).join(' | '),
      );
    }
    this.engineReady = true;
    this.kick();
  }
}
