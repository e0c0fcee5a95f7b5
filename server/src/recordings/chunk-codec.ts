import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SampleFrame } from '@remotelab/protocol';
import { ByteReader, ByteWriter } from './byte-buffers.ts';

/**
 * The stored form of a few seconds of one bench's frames. Layout (then raw-deflated):
 *
 *   u8 version=1 | varint frames | per frame: zigzag(seq - previous seq), f64 t0, f64 dt, varint rows
 *   varint channels | per channel: text id, u8 mode, then
 *     mode 0 (quantised): f64 base, f64 step, per row zigzag(q[i] - q[i-1]) where v = base + q*step
 *     mode 1 (exact):     per row f64 (NaN where the channel was missing from a frame)
 *
 * Measurements are integers of an ADC times a gain, so quantising with the channel's resolution
 * loses nothing but float noise, and the deltas of a slow signal plus noise are small and repeat:
 * 2 channels at 1 kHz take ~0.5 byte per sample after deflate instead of 8 as doubles.
 */
const CHUNK_VERSION = 1;
const MODE_QUANTISED = 0;
const MODE_EXACT = 1;
/** Beyond this many steps from the base, the doubles' integers lose precision: store exact values. */
const MAX_STEPS = 2 ** 40;

export interface FrameMeta {
  seq: number;
  t0: number;
  dt: number;
  rows: number;
}

export interface DecodedColumn {
  id: string;
  values: Float64Array;
  /** The quantisation step, or undefined when the values were stored exactly. */
  step: number | undefined;
}

export interface DecodedChunk {
  frames: FrameMeta[];
  rows: number;
  columns: DecodedColumn[];
}

/** Encodes frames of one bench; `stepOf(channel)` is the quantum to store that channel with. */
export function encodeChunk(
  frames: readonly SampleFrame[],
  stepOf: (channel: string) => number,
): Buffer {
  const ids: string[] = [];
  for (const frame of frames)
    for (const id of Object.keys(frame.channels)) if (!ids.includes(id)) ids.push(id);
  const rows = frames.reduce((sum, frame) => sum + rowCount(frame), 0);
  const out = new ByteWriter(64 + frames.length * 24 + rows * ids.length * 2);
  out.u8(CHUNK_VERSION);
  out.varint(frames.length);
  let previousSeq = 0;
  for (const frame of frames) {
    out.zigzag(frame.seq - previousSeq);
    previousSeq = frame.seq;
    out.f64(frame.t0);
    out.f64(frame.dt);
    out.varint(rowCount(frame));
  }
  out.varint(ids.length);
  const column = new Float64Array(rows);
  for (const id of ids) {
    let at = 0;
    let complete = true;
    for (const frame of frames) {
      const values = frame.channels[id];
      const n = rowCount(frame);
      for (let i = 0; i < n; i += 1) column[at + i] = values?.[i] ?? NaN;
      if (!values) complete = false;
      at += n;
    }
    out.text(id);
    const step = stepOf(id);
    if (complete && step > 0 && Number.isFinite(step) && fitsSteps(column, step))
      writeQuantised(out, column, step);
    else {
      out.u8(MODE_EXACT);
      for (let i = 0; i < rows; i += 1) out.f64(column[i]!);
    }
  }
  return deflateRawSync(out.finish(), { level: 6 });
}

export function decodeChunk(stored: Uint8Array): DecodedChunk {
  const input = new ByteReader(inflateRawSync(stored));
  const version = input.u8();
  if (version !== CHUNK_VERSION) throw new RangeError(`unknown recording chunk version ${version}`);
  const frames: FrameMeta[] = [];
  let seq = 0;
  const frameCount = input.varint();
  let rows = 0;
  for (let f = 0; f < frameCount; f += 1) {
    seq += input.zigzag();
    const meta = { seq, t0: input.f64(), dt: input.f64(), rows: input.varint() };
    rows += meta.rows;
    frames.push(meta);
  }
  const columns: DecodedColumn[] = [];
  const channelCount = input.varint();
  for (let c = 0; c < channelCount; c += 1) {
    const id = input.text();
    const mode = input.u8();
    const values = new Float64Array(rows);
    if (mode === MODE_QUANTISED) {
      const base = input.f64();
      const step = input.f64();
      let q = 0;
      for (let i = 0; i < rows; i += 1) {
        q += input.zigzag();
        values[i] = base + q * step;
      }
      columns.push({ id, values, step });
    } else if (mode === MODE_EXACT) {
      for (let i = 0; i < rows; i += 1) values[i] = input.f64();
      columns.push({ id, values, step: undefined });
    } else {
      throw new RangeError(`unknown column mode ${mode}`);
    }
  }
  return { frames, rows, columns };
}

function writeQuantised(out: ByteWriter, column: Float64Array, step: number): void {
  const base = column.length > 0 ? column[0]! : 0;
  out.u8(MODE_QUANTISED);
  out.f64(base);
  out.f64(step);
  let previous = 0;
  for (let i = 0; i < column.length; i += 1) {
    const q = Math.round((column[i]! - base) / step);
    out.zigzag(q - previous);
    previous = q;
  }
}

function fitsSteps(column: Float64Array, step: number): boolean {
  const base = column.length > 0 ? column[0]! : 0;
  for (let i = 0; i < column.length; i += 1) {
    const q = (column[i]! - base) / step;
    if (!Number.isFinite(q) || Math.abs(q) > MAX_STEPS) return false;
  }
  return true;
}

function rowCount(frame: SampleFrame): number {
  const first = Object.values(frame.channels)[0];
  return first ? first.length : 0;
}
