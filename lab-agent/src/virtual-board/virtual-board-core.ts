import type { BenchDefinition } from '@remotelab/protocol';
import { CircuitModelError, createCircuitModel } from './circuits/create-circuit-model.ts';
import type { CircuitModel } from './circuits/circuit-model.ts';
import { DEFAULT_SEED } from './circuits/seeded-random.ts';
import type { TwinSurroundings } from './circuits/spice-bench-twin.ts';
import { createBenchI2c } from './i2c/bench-i2c-devices.ts';
import type { FirmataBoardEmulator } from './firmata-board-emulator.ts';
import type { FirmataBoardEmulatorOptions } from './firmata-board-types.ts';
import { FirmwareLoop } from './firmware-loop.ts';
import type { EmittedCycle } from './firmware-loop.ts';
import { TypedEmitter } from './typed-emitter.ts';

/** The clock of a running board: epoch milliseconds with sub-millisecond precision. */
export const preciseEpochNow = (): number => performance.timeOrigin + performance.now();

/** Timer period of the pacing loop; rates are computed from elapsed time, not from this. */
export const DEFAULT_TICK_MS = 2;

export interface VirtualBoardCoreOptions {
  bench: BenchDefinition;
  /** Line speed; defaults to `bench.board.baud`. */
  baud?: number;
  /** Seed of the circuit model's noise. */
  seed?: number;
  /** Overrides `bench.twin.model` (e.g. 'counter' for benchmarks). */
  model?: string;
  /** Clock in ms; defaults to `preciseEpochNow`, i.e. the base of `Date.now()`. */
  now?: () => number;
  /** Longest stall caught up in virtual time (see FirmwareLoop). */
  maxCatchUpMs?: number;
  emulator?: FirmataBoardEmulatorOptions;
}

export interface VirtualBoardEvents {
  [event: string]: unknown[];
  /**
   * A sampling cycle's bytes have left the board. `emittedAt` is the clock time they were handed
   * to the transport (same base as Date.now(), sub-ms), `lineDoneAt` when the modelled UART
   * finished the cycle's last byte.
   */
  cycle: [EmittedCycle];
  /** The transport to the host failed (socat died); the board is no longer reachable. */
  'link-lost': [Error];
}

/** Picks the circuit model: the override, else the bench's twin. */
function resolveCircuitModel(
  bench: BenchDefinition,
  modelOverride: string | undefined,
  seed: number,
  surroundings?: TwinSurroundings,
): CircuitModel {
  const twin = modelOverride
    ? { ...bench.twin, model: modelOverride, params: bench.twin?.params ?? {} }
    : bench.twin;
  if (!twin) {
    throw new CircuitModelError(
      `Bench "${bench.id}" has no twin block: add one to its YAML or choose a model (e.g. counter).`,
    );
  }
  return createCircuitModel(twin, seed, { bench, surroundings });
}

/**
 * A virtual board without its transport: emulator, circuit, UART pacing and the tick timer.
 * Bytes for the host go to `output`; bytes from the host come in through `receive`.
 */
export class VirtualBoardCore extends TypedEmitter<VirtualBoardEvents> {
  readonly benchId: string;
  readonly baud: number;
  readonly model: CircuitModel;
  protected readonly loop: FirmwareLoop;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: VirtualBoardCoreOptions, output: (bytes: Uint8Array) => void) {
    super();
    this.benchId = options.bench.id;
    this.baud = options.baud ?? options.bench.board.baud;
    const seed = options.seed ?? DEFAULT_SEED;
    // The DACs drive the circuit and the INA219s measure it: the bus is built first and reads
    // the model through a closure, so neither needs the other to exist first.
    const i2c = createBenchI2c(options.bench, {
      seed,
      noiseLsb: options.bench.twin?.noiseLsb ?? 0,
      probe: (inputId, tMs) => this.model.readProbe?.(inputId, tMs),
    });
    this.model = resolveCircuitModel(options.bench, options.model, seed, {
      i2cOutputDrive: (outputId) => i2c.dacDrive(outputId),
    });
    this.loop = new FirmwareLoop({
      i2c: i2c.bus,
      baud: this.baud,
      model: this.model,
      now: options.now ?? preciseEpochNow,
      output,
      onCycle: (cycle) => this.emit('cycle', cycle),
      maxCatchUpMs: options.maxCatchUpMs,
      emulator: options.emulator,
    });
  }

  /** The emulated firmware: pin-write log, pin states, 'pin-write' events. */
  get emulator(): FirmataBoardEmulator {
    return this.loop.emulator;
  }

  /** Boots the board; with `tickMs` (not false) a timer steps it every `tickMs` ms. */
  start(tickMs: number | false = DEFAULT_TICK_MS): void {
    this.loop.boot();
    if (tickMs !== false) this.timer = setInterval(() => this.step(), tickMs);
  }

  /** Bytes from the host. */
  receive(bytes: Uint8Array): void {
    this.loop.receive(bytes);
  }

  /** Catches up with the clock and sends what has finished transmitting. */
  step(): void {
    this.loop.step();
  }

  /** Stops the timer and releases the circuit model; the board no longer sends anything. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.model.close?.();
  }
}
