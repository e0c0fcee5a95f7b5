import type { SpiceSolution } from './spice-solver.ts';
import type { SpiceState } from './spice-netlist.ts';

/** One solved chunk: rows at `timesMs` (board time), a column per vector. */
interface Piece {
  startMs: number;
  timesMs: Float64Array;
  columns: Map<string, Float64Array>;
}

/**
 * The circuit's solved waveform from the oldest time still needed up to `endMs`, as a chain of
 * pieces (one per solver chunk). Reads interpolate linearly between rows, which are at most one
 * solver step (1 ms) apart. Invariant: pieces are contiguous and in time order; the value at a
 * piece boundary belongs to the earlier piece (a drive change takes effect just after it).
 */
export class SpiceWaveform {
  private pieces: Piece[] = [];
  private end: number;

  constructor(startMs = 0) {
    this.end = startMs;
  }

  /** Board time (ms) up to which the waveform is solved. */
  get endMs(): number {
    return this.end;
  }

  /**
   * Appends a chunk solved from `startMs` (= `endMs`), keeping it up to `cutMs` at most. The
   * chunk's rows are in seconds from its start; ngspice's first row is one tiny step after it.
   */
  append(startMs: number, solution: SpiceSolution, cutMs: number): void {
    if (Math.abs(startMs - this.end) > 1e-9) {
      throw new Error(`chunk starts at ${startMs} ms, the waveform ends at ${this.end} ms`);
    }
    const timeIndex = solution.names.indexOf('time');
    const time = solution.columns[timeIndex];
    if (!time || time.length === 0) throw new Error('the solution has no time vector');
    const timesMs = time.map((s) => startMs + s * 1000);
    const columns = new Map<string, Float64Array>();
    solution.names.forEach((name, i) => {
      const column = solution.columns[i];
      if (name !== 'time' && column) columns.set(name, column);
    });
    const piece: Piece = { startMs, timesMs, columns };
    const last = timesMs[timesMs.length - 1] ?? startMs;
    this.pieces.push(piece);
    this.end = last;
    if (cutMs < last) this.truncate(cutMs);
  }

  /** `name` at `tMs`, or undefined when `tMs` is outside the solved span or the name unknown. */
  valueAt(name: string, tMs: number): number | undefined {
    const piece = this.pieceAt(tMs);
    const column = piece?.columns.get(name);
    return piece && column ? interpolate(piece.timesMs, column, tMs) : undefined;
  }

  /** Every vector at `tMs` (the state a next chunk starts from); undefined outside the span. */
  stateAt(tMs: number): SpiceState | undefined {
    const piece = this.pieceAt(tMs);
    if (!piece) return undefined;
    const state = new Map<string, number>();
    for (const [name, column] of piece.columns) {
      state.set(name, interpolate(piece.timesMs, column, tMs));
    }
    return state;
  }

  /**
   * Forgets everything after `tMs` (the drives changed then): the last kept row is the value
   * interpolated at `tMs`, and `endMs` becomes `tMs`. No-op when `tMs >= endMs`.
   */
  truncate(tMs: number): void {
    if (tMs >= this.end) return;
    while (this.pieces.length > 0 && (this.pieces.at(-1)?.startMs ?? 0) >= tMs) this.pieces.pop();
    const piece = this.pieces.at(-1);
    if (!piece) {
      this.end = tMs;
      return;
    }
    const keep = upperIndex(piece.timesMs, tMs); // rows strictly before tMs
    const timesMs = new Float64Array(keep + 1);
    timesMs.set(piece.timesMs.subarray(0, keep));
    timesMs[keep] = tMs;
    const columns = new Map<string, Float64Array>();
    for (const [name, column] of piece.columns) {
      const cut = new Float64Array(keep + 1);
      cut.set(column.subarray(0, keep));
      cut[keep] = interpolate(piece.timesMs, column, tMs);
      columns.set(name, cut);
    }
    this.pieces[this.pieces.length - 1] = { startMs: piece.startMs, timesMs, columns };
    this.end = tMs;
  }

  /** Drops the pieces that end before `tMs`: reads only move forward. */
  forgetBefore(tMs: number): void {
    while (this.pieces.length > 1) {
      const next = this.pieces[1];
      if (!next || next.startMs >= tMs) break;
      this.pieces.shift();
    }
  }

  private pieceAt(tMs: number): Piece | undefined {
    if (tMs > this.end + 1e-9) return undefined;
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      const piece = this.pieces[i];
      if (piece && tMs > piece.startMs) return piece;
    }
    const first = this.pieces[0];
    return first && tMs >= first.startMs ? first : undefined;
  }
}

/** Index of the first row at or after `tMs` (binary search; rows ascend). */
function upperIndex(times: Float64Array, tMs: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Infinity) < tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Linear interpolation; before the first row (the instant just after the chunk's start) the
 * first row's value holds, so a drive step shows as a step at the chunk's start.
 */
function interpolate(times: Float64Array, values: Float64Array, tMs: number): number {
  const i = upperIndex(times, tMs);
  if (i === 0) return values[0] ?? 0;
  if (i >= times.length) return values[times.length - 1] ?? 0;
  const t0 = times[i - 1] ?? 0;
  const t1 = times[i] ?? t0;
  const v0 = values[i - 1] ?? 0;
  const v1 = values[i] ?? v0;
  return t1 === t0 ? v1 : v0 + ((v1 - v0) * (tMs - t0)) / (t1 - t0);
}
