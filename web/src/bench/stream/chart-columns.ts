import type { StreamBuffer } from './stream-buffer.ts';

/** x values then one column per series, all the same length: what uPlot's setData takes. */
export type Columns = [Float64Array, ...Float64Array[]];

/**
 * Linearises the buffer's rings into arrays allocated once: a redraw copies (two block copies per
 * ring) but never allocates, and hands uPlot views of the filled part.
 */
export class ChartColumns {
  private readonly x: Float64Array;
  private readonly ys: Float64Array[];

  constructor(
    private readonly buffer: StreamBuffer,
    private readonly seriesIds: readonly string[],
  ) {
    this.x = new Float64Array(buffer.capacity);
    this.ys = seriesIds.map(() => new Float64Array(buffer.capacity));
  }

  snapshot(): Columns {
    const rows = this.buffer.time.copyInto(this.x);
    const columns: Columns = [this.x.subarray(0, rows)];
    this.seriesIds.forEach((id, k) => {
      const y = this.ys[k] as Float64Array;
      const ring = this.buffer.channel(id);
      if (ring) ring.copyInto(y);
      else y.fill(Number.NaN, 0, rows);
      columns.push(y.subarray(0, rows));
    });
    return columns;
  }
}
