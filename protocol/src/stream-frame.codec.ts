import type { StreamFrame } from './sample-frame.schema.ts';

// This module imports no value (no zod): the web client imports it through the
// `@remotelab/protocol/stream-frame-codec` subpath without pulling the schemas into its bundle.

/** Largest code of the quantiser (codes are unsigned 16-bit). */
export const PACKED_CODE_MAX = 0xffff;
/** Bytes of one sample in `data`. */
export const PACKED_BYTES_PER_SAMPLE = 2;
/** Bytes of `data` before the channels' scales: seq, firstSeq, t0, dt, decimation, rows, count. */
export const PACKED_FIXED_BYTES = 32;
/** Bytes of one channel's scale in `data`: base and step, float64 each. */
export const PACKED_SCALE_BYTES = 16;
/**
 * socket.io and WebSocket framing around one packed frame beyond its JSON and `data`: the packet
 * prefix (`451-<ack id>`) and two WebSocket frame headers (text + binary attachment). An
 * estimate (the ack id grows with the connection's age), used only to size sends.
 */
export const PACKED_FRAMING_BYTES = 16;

/**
 * A StreamFrame as it travels to a browser (socket.io event `frame`). JSON of doubles costs
 * ~10-18 B per sample plus ~100 B of keys per frame; here only the names travel as JSON and
 * everything numeric is one binary attachment (socket.io sends typed arrays as a binary
 * WebSocket frame): a 32 + 16 x channels byte header, then 2 B per sample.
 *
 * `data`, little-endian: u32 seq, u32 firstSeq, f64 t0, f64 dt, u32 decimation, u16 rows,
 * u16 channel count; per channel (in `channels` order) f64 base, f64 step; then per channel its
 * `rows` u16 codes. A sample is `base + code * step`: each channel is quantised over this
 * frame's own range, so the error is at most step / 2 = (max - min) / 131070 of the frame
 * (~38 uV on a 0-5 V channel, far below a 10-bit ADC's 4.9 mV step). The server records the
 * full-rate, unquantised data; this form is for display.
 */
export interface PackedStreamFrame {
  benchId: string;
  /** Channel ids, in the order of their scales and codes in `data`. */
  channels: string[];
  /** Uint8Array when sent from Node; ArrayBuffer in a browser; Buffer in a Node client. */
  data: ArrayBuffer | ArrayBufferView;
}

export function encodeStreamFrame(frame: StreamFrame): PackedStreamFrame {
  const channels = Object.keys(frame.channels);
  const count = channels.length;
  const rows = frame.channels[channels[0] ?? '']?.length ?? 0;
  if (rows > 0xffff || count > 0xffff)
    throw new RangeError('a packed frame holds 65535 rows at most');
  const codesAt = PACKED_FIXED_BYTES + count * PACKED_SCALE_BYTES;
  const bytes = new Uint8Array(codesAt + rows * count * PACKED_BYTES_PER_SAMPLE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, frame.seq, true);
  view.setUint32(4, frame.firstSeq, true);
  view.setFloat64(8, frame.t0, true);
  view.setFloat64(16, frame.dt, true);
  view.setUint32(24, frame.decimation, true);
  view.setUint16(28, rows, true);
  view.setUint16(30, count, true);
  channels.forEach((id, c) => {
    const column = frame.channels[id] ?? [];
    const [lo, hi] = finiteRange(column);
    const step = (hi - lo) / PACKED_CODE_MAX;
    view.setFloat64(PACKED_FIXED_BYTES + c * PACKED_SCALE_BYTES, lo, true);
    view.setFloat64(PACKED_FIXED_BYTES + c * PACKED_SCALE_BYTES + 8, step, true);
    const offset = codesAt + c * rows * PACKED_BYTES_PER_SAMPLE;
    for (let i = 0; i < rows; i += 1) {
      const v = column[i] ?? lo;
      const code = step > 0 && Number.isFinite(v) ? Math.round((v - lo) / step) : 0;
      view.setUint16(
        offset + i * PACKED_BYTES_PER_SAMPLE,
        Math.min(PACKED_CODE_MAX, Math.max(0, code)),
        true,
      );
    }
  });
  return { benchId: frame.benchId, channels, data: bytes };
}

/**
 * Parses a packed frame from the wire (the browser's boundary: nothing is trusted) and expands it.
 * Returns null when anything is malformed, so the caller counts it and moves on.
 */
export function decodeStreamFrame(packed: unknown): StreamFrame | null {
  if (typeof packed !== 'object' || packed === null) return null;
  const { benchId, channels, data } = packed as Partial<Record<keyof PackedStreamFrame, unknown>>;
  if (typeof benchId !== 'string' || !Array.isArray(channels) || channels.length === 0) return null;
  if (!channels.every((id): id is string => typeof id === 'string')) return null;
  const view = bytesOf(data);
  if (!view || view.byteLength < PACKED_FIXED_BYTES) return null;
  const count = channels.length;
  const rows = view.getUint16(28, true);
  const codesAt = PACKED_FIXED_BYTES + count * PACKED_SCALE_BYTES;
  if (view.getUint16(30, true) !== count || rows < 1) return null;
  if (view.byteLength !== codesAt + rows * count * PACKED_BYTES_PER_SAMPLE) return null;
  const t0 = view.getFloat64(8, true);
  const dt = view.getFloat64(16, true);
  if (!Number.isFinite(t0) || !Number.isFinite(dt) || dt < 0) return null;
  const columns: Record<string, number[]> = {};
  for (let c = 0; c < count; c += 1) {
    const base = view.getFloat64(PACKED_FIXED_BYTES + c * PACKED_SCALE_BYTES, true);
    const step = view.getFloat64(PACKED_FIXED_BYTES + c * PACKED_SCALE_BYTES + 8, true);
    if (!Number.isFinite(base) || !Number.isFinite(step)) return null;
    const column = new Array<number>(rows);
    const offset = codesAt + c * rows * PACKED_BYTES_PER_SAMPLE;
    for (let i = 0; i < rows; i += 1) {
      column[i] = base + view.getUint16(offset + i * PACKED_BYTES_PER_SAMPLE, true) * step;
    }
    columns[channels[c]!] = column;
  }
  return {
    benchId,
    seq: view.getUint32(0, true),
    firstSeq: view.getUint32(4, true),
    t0,
    dt,
    decimation: view.getUint32(24, true),
    channels: columns,
  };
}

/**
 * Bytes a packed frame costs on the wire, JSON included (what the sender's rate control counts).
 * Pass the frame as encoded, before socket.io replaces `data` by a placeholder.
 */
export function packedFrameBytes(packed: PackedStreamFrame): number {
  const data = bytesOf(packed.data)?.byteLength ?? 0;
  const json = JSON.stringify(['frame', { ...packed, data: { _placeholder: true, num: 0 } }]);
  return json.length + data + PACKED_FRAMING_BYTES;
}

function bytesOf(value: unknown): DataView | null {
  if (value instanceof ArrayBuffer) return new DataView(value);
  if (ArrayBuffer.isView(value))
    return new DataView(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

function finiteRange(column: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of column) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}
