import { describe, expect, it } from 'vitest';
import { ChartColumns } from './chart-columns.ts';
import { StreamBuffer } from './stream-buffer.ts';

describe('ChartColumns', () => {
  it('gives aligned x and y columns, oldest first, after the rings wrapped', () => {
    const buffer = new StreamBuffer(['a', 'b'], 4);
    buffer.append({
      benchId: 'x',
      seq: 0,
      firstSeq: 0,
      decimation: 1,
      t0: 100,
      dt: 10,
      channels: { a: [1, 2, 3], b: [4, 5, 6] },
    });
    buffer.append({
      benchId: 'x',
      seq: 1,
      firstSeq: 1,
      decimation: 1,
      t0: 130,
      dt: 10,
      channels: { a: [7, 8], b: [9, 10] },
    });
    const columns = new ChartColumns(buffer, ['b', 'a', 'missing']).snapshot();
    expect(columns.map((c) => Array.from(c))).toEqual([
      [110, 120, 130, 140],
      [5, 6, 9, 10],
      [2, 3, 7, 8],
      [NaN, NaN, NaN, NaN],
    ]);
  });

  it('reuses its arrays from one snapshot to the next', () => {
    const buffer = new StreamBuffer(['a'], 8);
    const columns = new ChartColumns(buffer, ['a']);
    expect(columns.snapshot()[0]).toHaveLength(0);
    buffer.append({
      benchId: 'x',
      seq: 0,
      firstSeq: 0,
      decimation: 1,
      t0: 1,
      dt: 1,
      channels: { a: [1] },
    });
    const first = columns.snapshot();
    const second = columns.snapshot();
    expect(first[0].buffer).toBe(second[0].buffer);
    expect(Array.from(second[1] ?? [])).toEqual([1]);
  });
});
