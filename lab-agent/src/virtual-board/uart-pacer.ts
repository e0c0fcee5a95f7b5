/** Bits on the wire per byte with 8N1 framing: start bit, 8 data bits, stop bit. */
const UART_BITS_PER_BYTE = 10;
/** `SERIAL_TX_BUFFER_SIZE` of ArduinoCore-avr's HardwareSerial on a 2 KB-RAM part (Uno). */
export const UNO_TX_BUFFER_BYTES = 64;

export interface UartPacerOptions {
  /** Line speed in bit/s (57600 for StandardFirmata, 115200 for ConfigurableFirmata). */
  baud: number;
  /** Bytes the firmware can queue before `Serial.write` blocks. */
  txBufferBytes?: number;
}

interface PendingChunk {
  bytes: Uint8Array;
  /** Bytes of this chunk already drained. */
  offset: number;
  /** Virtual time the chunk's first byte finishes transmitting; the others follow back to back. */
  firstDoneAt: number;
}

/**
 * The Uno's UART transmitter in virtual time (ms), without timers: what a real board's serial
 * line does to the firmware and to the host.
 * - Each byte takes 10 bits / baud on the line and bytes go out back to back, so the output
 *   never exceeds baud / 10 bytes/s.
 * - The TX buffer holds `txBufferBytes`; `Serial.write` blocks while it is full, so `write`
 *   returns the time at which the firmware gets control back, later than `t` when the line is
 *   saturated. That is what stretches the sampling loop on a busy line.
 * - `drain(t)` hands out the bytes whose transmission has completed by `t`, and only those.
 * Invariant: calls come with non-decreasing `t`.
 */
export class UartPacer {
  readonly byteTimeMs: number;
  readonly txBufferBytes: number;
  private lineFreeAt = Number.NEGATIVE_INFINITY;
  private readonly pending: PendingChunk[] = [];

  constructor(options: UartPacerOptions) {
    if (!(options.baud > 0)) throw new RangeError(`baud must be positive, got ${options.baud}`);
    this.byteTimeMs = (UART_BITS_PER_BYTE * 1000) / options.baud;
    this.txBufferBytes = options.txBufferBytes ?? UNO_TX_BUFFER_BYTES;
  }

  /**
   * `Serial.write(bytes)` called at firmware time `t`. Returns the time the call returns: `t`
   * if the bytes fit in the TX buffer, else when enough bytes have left for the last one to fit.
   */
  write(bytes: Uint8Array, t: number): number {
    if (bytes.length === 0) return t;
    const firstDoneAt = Math.max(t, this.lineFreeAt) + this.byteTimeMs;
    this.pending.push({ bytes, offset: 0, firstDoneAt });
    this.lineFreeAt = firstDoneAt + (bytes.length - 1) * this.byteTimeMs;
    // The last byte enters the buffer once no more than `txBufferBytes - 1` bytes are ahead of
    // it, i.e. `txBufferBytes` byte times before the line goes idle.
    return Math.max(t, this.lineFreeAt - this.txBufferBytes * this.byteTimeMs);
  }

  /** When the last byte written so far finishes transmitting (-Infinity before any write). */
  get lastByteDoneAt(): number {
    return this.lineFreeAt;
  }

  /** Bytes written but not yet fully transmitted at `t`. */
  backlogAt(t: number): number {
    let count = 0;
    for (const chunk of this.pending)
      count += chunk.bytes.length - chunk.offset - this.doneIn(chunk, t);
    return count;
  }

  /** Removes and returns the bytes whose transmission has completed by `t`, in order. */
  drain(t: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (this.pending.length > 0) {
      const chunk = this.pending[0];
      if (!chunk) break;
      const done = this.doneIn(chunk, t);
      if (done === 0) break;
      parts.push(chunk.bytes.subarray(chunk.offset, chunk.offset + done));
      total += done;
      chunk.offset += done;
      if (chunk.offset < chunk.bytes.length) break;
      this.pending.shift();
    }
    if (parts.length === 1 && parts[0]) return parts[0];
    const out = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /**
   * Shifts everything still on the line `ms` later. Used after the host process stalled: the
   * board is treated as frozen for that time instead of bursting out what it "would" have sent.
   */
  delay(ms: number): void {
    this.lineFreeAt += ms;
    for (const chunk of this.pending) chunk.firstDoneAt += ms;
  }

  /** Undrained bytes of `chunk` completed by `t`. */
  private doneIn(chunk: PendingChunk, t: number): number {
    const firstIndex = chunk.offset;
    const firstDoneAt = chunk.firstDoneAt + firstIndex * this.byteTimeMs;
    if (t < firstDoneAt - EPSILON_MS) return 0;
    const done = Math.floor((t - firstDoneAt) / this.byteTimeMs + EPSILON_BYTES) + 1;
    return Math.min(done, chunk.bytes.length - firstIndex);
  }
}

/** Float slack so a byte due exactly at `t` counts as done despite rounding. */
const EPSILON_MS = 1e-9;
const EPSILON_BYTES = 1e-6;
