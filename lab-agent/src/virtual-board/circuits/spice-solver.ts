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
class SpiceSolveError extends Error {
  override readonly name = 'SpiceSolveError';
  constructor(readonly errors: readonly string[]) {
    super(`ngspice failed: ${errors.slice(0, 6).join(' | ') || 'no output'}`);
  }
}

/** What the process's solver has done, for diagnostics and benchmarks. */
export interface SpiceSolverStats {
  /** Time the first WebAssembly engine took to start (ms). */
  startMs: number;
  /** Engines started (one at first, a second when runs had to wait; more after a crash). */
  workersStarted: number;
  runs: number;
  failures: number;
  /** Sum of `solveMs` over all runs. */
  solveMsTotal: number;
}

/** A user of the shared solver; `release` when done so the workers can stop. */
export interface SpiceSolverHandle {
  /** Resolves once an engine has started (WebAssembly instantiation, ~0.5-1 s). */
  ready(): Promise<void>;
  /** Runs one netlist; rejects with SpiceSolveError when ngspice fails. Runs start in order. */
  solve(netlist: string): Promise<SpiceSolution>;
  stats(): SpiceSolverStats;
  release(): void;
}

/**
 * ngspice can hang on some malformed input (an unbalanced B-source expression waits forever for
 * more): a run that takes this long kills its worker; later runs go to a fresh one.
 */
const SOLVE_TIMEOUT_MS = 10_000;
/**
 * Engines per process. A second one lets a twin re-solve after an output change without waiting
 * for the chunk it was solving ahead (which the change made useless); each costs ~190 MB.
 */
const MAX_WORKERS = 2;

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

interface Job {
  netlist: string;
  resolve: (solution: SpiceSolution) => void;
  reject: (error: Error) => void;
}

/** One ngspice engine in a worker thread, running one job at a time. */
class SpiceWorker {
  private readonly worker: Worker;
  private job: (Job & { id: number; timer: NodeJS.Timeout }) | undefined;
  private nextId = 1;
  private dead = false;
  private up = false;
  private stderrTail = '';
  readonly started: Promise<number>;

  /** `onSettled` is called when the worker becomes free: started, or a run finished. */
  constructor(
    private readonly onSettled: (run: { solveMs: number; failed: boolean } | undefined) => void,
    private readonly onDead: (worker: SpiceWorker, error: Error, everStarted: boolean) => void,
  ) {
    this.worker = new Worker(new URL('./spice-engine.worker.mjs', import.meta.url), {
      // ngspice prints its banner and warnings on stdout/stderr; errors come back with each
      // result, so the chatter is drained here instead of reaching the board's stdout (the CLI
      // prints exactly one ready line there).
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.resume();
    // Kept for the message when the worker dies: a crash prints its stack there.
    this.worker.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000);
    });
    // Only a running job keeps the process alive; an idle engine must not.
    this.worker.unref();
    this.started = new Promise((resolve, reject) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          this.up = true;
          resolve(message.startMs);
          this.onSettled(undefined);
        } else this.settle(message);
      });
      const fail = (error: Error) => {
        reject(error);
        this.die(error);
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => {
        const tail = this.stderrTail.trim().split('\n').slice(-5).join(' | ');
        fail(new Error(`the ngspice worker exited (code ${code})${tail ? `: ${tail}` : ''}`));
      });
    });
    this.started.catch(() => undefined);
  }

  /** Still starting: it takes no job yet (one waits for whichever engine is free first). */
  get starting(): boolean {
    return !this.up && !this.dead;
  }

  /** Started, alive and not running a job. */
  get idle(): boolean {
    return this.up && !this.dead && this.job === undefined;
  }

  run(job: Job): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.die(new SpiceSolveError([`ngspice did not finish within ${SOLVE_TIMEOUT_MS} ms`]));
    }, SOLVE_TIMEOUT_MS);
    timer.unref();
    this.job = { ...job, id, timer };
    this.worker.ref();
    this.worker.postMessage({ id, netlist: job.netlist });
  }

  /** Stops the engine; its job (if any) fails with `error`. */
  die(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    const job = this.job;
    this.job = undefined;
    if (job) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    void this.worker.terminate();
    this.onDead(this, error, this.up);
  }

  private settle(message: Exclude<WorkerMessage, { type: 'ready' }>): void {
    const job = this.job;
    if (!job || job.id !== message.id) return;
    this.job = undefined;
    clearTimeout(job.timer);
    this.worker.unref();
    if (message.type === 'error') job.reject(new SpiceSolveError(message.errors));
    else {
      const { names, columns, warnings, solveMs } = message;
      job.resolve({ names, columns, warnings, solveMs });
    }
    this.onSettled({ solveMs: message.solveMs, failed: message.type === 'error' });
  }
}

/**
 * The process's ngspice engines, shared by every SPICE twin: jobs queue in order and go to the
 * first idle engine; a second engine starts only when a job finds the first one busy.
 */
class SpicePool {
  private readonly workers: SpiceWorker[] = [];
  private readonly queue: Job[] = [];
  readonly counters: SpiceSolverStats = {
    startMs: 0,
    workersStarted: 0,
    runs: 0,
    failures: 0,
    solveMsTotal: 0,
  };
  /** Resolves when the first engine has started (rejects if it cannot). */
  readonly started: Promise<void>;

  constructor() {
    this.started = this.spawn().started.then((startMs) => {
      this.counters.startMs = startMs;
    });
    this.started.catch(() => undefined);
  }

  solve(netlist: string): Promise<SpiceSolution> {
    return new Promise((resolve, reject) => {
      this.queue.push({ netlist, resolve, reject });
      this.dispatch();
    });
  }

  stop(): void {
    const stopped = new Error('the ngspice workers were stopped');
    for (const job of this.queue.splice(0)) job.reject(stopped);
    for (const worker of [...this.workers]) worker.die(stopped);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.workers.find((w) => w.idle);
      if (!worker) {
        // All busy: start one more engine if allowed; the job goes to whichever is free first.
        const canGrow = this.workers.length < MAX_WORKERS && !this.workers.some((w) => w.starting);
        if (canGrow) this.spawn();
        return;
      }
      const job = this.queue.shift();
      if (job) worker.run(job);
    }
  }

  private spawn(): SpiceWorker {
    const worker = new SpiceWorker(
      (run) => {
        if (run) {
          this.counters.runs += 1;
          this.counters.solveMsTotal += run.solveMs;
          if (run.failed) this.counters.failures += 1;
        }
        this.dispatch();
      },
      (dead, error, everStarted) => {
        this.workers.splice(this.workers.indexOf(dead), 1);
        // An engine that cannot even start would fail again: fail the waiting runs instead of
        // starting engines in a loop.
        if (!everStarted) for (const job of this.queue.splice(0)) job.reject(error);
        else this.dispatch();
      },
    );
    this.counters.workersStarted += 1;
    this.workers.push(worker);
    return worker;
  }
}

let pool: SpicePool | undefined;
let users = 0;

/** A handle on the process's ngspice engines, starting them if needed. */
export function acquireSpiceSolver(): SpiceSolverHandle {
  pool ??= new SpicePool();
  const mine = pool;
  users += 1;
  let released = false;
  return {
    ready: () => mine.started,
    solve: (netlist) => mine.solve(netlist),
    stats: () => ({ ...mine.counters }),
    release() {
      if (released) return;
      released = true;
      users -= 1;
      if (users === 0 && pool === mine) {
        pool = undefined;
        mine.stop();
      }
    },
  };
}
