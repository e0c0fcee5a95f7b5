import { Worker } from 'node:worker_threads';

/** One transient run: a column per vector ngspice saved ('time' in seconds, 'v(node)', 'i(vsrc)'). */
export interface SpiceSolution {
  names: readonly string[];
  columns: readonly Float64Array[];
  /** What ngspice complained about although it ran (e.g. "... ignored!"): a netlist to fix. */
  warnings: readonly string[];
  /** Wall time the engine spent on this run (ms), measured in the worker. */
  solveMs: number;
}

/** ngspice refused the netlist or failed to converge; `errors` are its own lines. */
export class SpiceSolveError extends Error {
  override readonly name = 'SpiceSolveError';
  constructor(readonly errors: readonly string[]) {
    super(`ngspice failed: ${errors.slice(0, 6).join(' | ') || 'no output'}`);
  }
}

/** What one process's solver has done, for diagnostics and benchmarks. */
export interface SpiceSolverStats {
  /** Time the WebAssembly engine took to start (ms), once per worker. */
  startMs: number;
  runs: number;
  failures: number;
  /** Sum of `solveMs` over all runs. */
  solveMsTotal: number;
}

/** A user of the shared solver; `release` when done so the worker can stop. */
export interface SpiceSolverHandle {
  /** Resolves once the engine has started (WebAssembly instantiation, ~0.5-1 s). */
  ready(): Promise<void>;
  /** Runs one netlist; rejects with SpiceSolveError when ngspice fails. Runs are queued FIFO. */
  solve(netlist: string): Promise<SpiceSolution>;
  stats(): SpiceSolverStats;
  release(): void;
}

type WorkerMessage =
  | { type: 'ready'; startMs: number }
  | {
      type: 'result';
      id: number;
      names: string[];
      columns: Float64Array[];
      warnings: string[];
      solveMs: number;
    }
  | { type: 'error'; id: number; errors: string[]; solveMs: number };

interface Pending {
  resolve: (solution: SpiceSolution) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * ngspice can hang on some malformed input (an unbalanced B-source expression waits forever for
 * more): a run that takes this long kills the worker; the next run starts a fresh one.
 */
export const SOLVE_TIMEOUT_MS = 10_000;

/**
 * One ngspice worker shared by every SPICE twin of the process: one engine instance (~20 MB of
 * WebAssembly) however many boards run, and solves serialised, so all twins together use at most
 * one core. The worker starts with the first handle and stops with the last release.
 */
class SharedSpiceWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;
  readonly started: Promise<void>;
  /** Called once when the worker cannot be used any more (crash, hang, terminate). */
  onDead: () => void = () => undefined;
  readonly counters: SpiceSolverStats = { startMs: 0, runs: 0, failures: 0, solveMsTotal: 0 };

  constructor() {
    this.worker = new Worker(new URL('./spice-engine.worker.mjs', import.meta.url), {
      // ngspice prints its banner and warnings on stdout/stderr; errors come back with each
      // result, so the chatter is drained here instead of reaching the board's stdout (the CLI
      // prints exactly one ready line there).
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    // Only a pending run keeps the process alive (see `solve` / `settle`); an idle worker must not.
    this.worker.unref();
    this.started = new Promise((resolve, reject) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          this.counters.startMs = message.startMs;
          resolve();
        } else this.settle(message);
      });
      this.worker.on('error', (error) => {
        this.fail(error);
        reject(error);
      });
      this.worker.on('exit', (code) => {
        const error = new Error(`the ngspice worker exited (code ${code})`);
        this.fail(error);
        reject(error);
      });
    });
    // Start-up failures surface through `ready()`; avoid an unhandled rejection meanwhile.
    this.started.catch(() => undefined);
  }

  solve(netlist: string): Promise<SpiceSolution> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new SpiceSolveError([`ngspice did not finish within ${SOLVE_TIMEOUT_MS} ms`]));
        void this.worker.terminate();
      }, SOLVE_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      this.worker.ref();
      this.worker.postMessage({ id, netlist });
    });
  }

  terminate(): void {
    this.fail(new Error('the ngspice worker was stopped'));
    void this.worker.terminate();
  }

  private settle(message: Exclude<WorkerMessage, { type: 'ready' }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) this.worker.unref();
    this.counters.runs += 1;
    this.counters.solveMsTotal += message.solveMs;
    if (message.type === 'error') {
      this.counters.failures += 1;
      pending.reject(new SpiceSolveError(message.errors));
      return;
    }
    const { names, columns, warnings, solveMs } = message;
    pending.resolve({ names, columns, warnings, solveMs });
  }

  private fail(error: Error): void {
    const first = this.failure === undefined;
    this.failure ??= error;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
    if (first) this.onDead();
  }
}

let shared: SharedSpiceWorker | undefined;
let users = 0;

/** The live worker, started on demand; a dead one (crashed, hung) is replaced. */
function currentWorker(): SharedSpiceWorker {
  if (!shared) {
    const worker = new SharedSpiceWorker();
    worker.onDead = () => {
      if (shared === worker) shared = undefined;
    };
    shared = worker;
  }
  return shared;
}

/** A handle on the process's ngspice worker, starting it if needed. */
export function acquireSpiceSolver(): SpiceSolverHandle {
  currentWorker();
  users += 1;
  let released = false;
  return {
    ready: () => currentWorker().started,
    solve: (netlist) => currentWorker().solve(netlist),
    stats: () => ({ ...(shared?.counters ?? { startMs: 0, runs: 0, failures: 0, solveMsTotal: 0 }) }),
    release() {
      if (released) return;
      released = true;
      users -= 1;
      if (users === 0) shared?.terminate();
    },
  };
}
