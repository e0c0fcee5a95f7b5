import { frameRows, type SampleFrame, type StreamFrame } from '@remotelab/protocol';

/**
 * Joins consecutive frames of one bench into one stream frame and, when it holds more than
 * `maxRows` rows, reduces it by min/max per bucket: each bucket of `decimation` rows becomes its
 * minimum then its maximum, so a short spike survives decimation (a plain stride would lose it).
 */
export function mergeFrames(frames: readonly SampleFrame[], maxRows: number): StreamFrame {
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (!first || !last) throw new Error('mergeFrames needs at least one frame');
  const ids = Object.keys(first.channels);
  const columns: Record<string, number[]> = {};
  for (const id of ids) columns[id] = frames.flatMap((frame) => frame.channels[id] ?? []);
  const rows = frames.reduce((sum, frame) => sum + frameRows(frame), 0);
  const end = last.t0 + frameRows(last) * last.dt;
  const dt = rows > 0 ? (end - first.t0) / rows : first.dt;
  if (rows <= maxRows) {
    return {
      benchId: first.benchId,
      seq: last.seq,
      firstSeq: first.seq,
      t0: first.t0,
      dt,
      channels: columns,
      decimation: 1,
    };
  }
  const bucket = Math.ceil(rows / Math.max(1, Math.floor(maxRows / 2)));
  const decimated: Record<string, number[]> = {};
  for (const id of ids) decimated[id] = minMaxBuckets(columns[id]!, bucket);
  return {
    benchId: first.benchId,
    seq: last.seq,
    firstSeq: first.seq,
    t0: first.t0,
    dt: (dt * bucket) / 2,
    channels: decimated,
    decimation: bucket,
  };
}

export function minMaxBuckets(values: readonly number[], bucket: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < values.length; start += bucket) {
    let min = Infinity;
    let max = -Infinity;
    const end = Math.min(values.length, start + bucket);
    for (let i = start; i < end; i += 1) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out.push(min, max);
  }
  return out;
}
