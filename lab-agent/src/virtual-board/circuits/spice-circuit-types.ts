import type { PinOutputs } from './circuit-model.ts';
import type { NodeDrive } from './node-drive.ts';
import type { SpiceSolverHandle } from './spice-solver.ts';

/** A board output wired to a circuit node; `of` is undefined-valued for non-electrical outputs. */
export interface SpiceDrive {
  node: string;
  of(outputs: PinOutputs): NodeDrive | undefined;
}

/** An input whose value is a SPICE expression; `channel` when the Uno's ADC reads it. */
export interface SpiceProbe {
  inputId: string;
  expr: string;
  channel?: number;
}

export interface SpiceCircuitOptions {
  /** For messages: the bench this twin belongs to. */
  benchId: string;
  /** The bench's twin netlist, already checked by `checkTwinNetlist`. */
  netlist: string;
  drives: readonly SpiceDrive[];
  probes: readonly SpiceProbe[];
  /** Gaussian noise on ADC readings (LSB, seeded). */
  noiseLsb: number;
  seed: number;
  /** Simulated time per solver run (ms): >= 100 keeps the per-run overhead small. Default 200. */
  chunkMs?: number;
  /** Largest solver step, hence the spacing of solved rows (ms). Default 1. */
  stepMs?: number;
  /**
   * How far ahead of the board's time the solver keeps the waveform (ms): the margin that absorbs
   * a solver starved of CPU for a while. Default 300.
   */
  leadMs?: number;
  /** The solver to use (tests); defaults to the process's shared ngspice worker. */
  solver?: SpiceSolverHandle;
}

/** What the twin has done: the figures that tell whether it keeps up. */
export interface SpiceCircuitStats {
  /** Reads answered with the last value because the waveform was not solved that far yet. */
  staleReads: number;
  /** Solver runs whose result was kept (whole or up to a drive change). */
  chunks: number;
  /** Runs thrown away because the drives changed before or at their start while they ran. */
  discardedChunks: number;
  failures: number;
  /** Engine time spent on this twin's runs (ms). */
  solveMs: number;
  /** Board time (ms) up to which the waveform is solved. */
  solvedUntilMs: number;
  lastError?: string;
}
