/**
 * The student's view of their link: kbit/s received on the stream (bytes of the frames, over a
 * sliding window) and the round-trip time (smoothed like TCP's SRTT, RFC 6298 gain 1/8).
 */
export class LinkMeter {
  private samples: Array<{ at: number; bytes: number }> = [];
  private srtt: number | null = null;

  constructor(private readonly windowMs = 3000) {}

  recordBytes(bytes: number, now: number): void {
    this.samples.push({ at: now, bytes });
    this.trim(now);
  }

  recordRtt(rttMs: number): void {
    if (!Number.isFinite(rttMs) || rttMs < 0) return;
    this.srtt = this.srtt === null ? rttMs : this.srtt + (rttMs - this.srtt) / 8;
  }

  /** kbit/s over the window (1 kbit = 1000 bit). */
  kbitPerSecond(now: number): number {
    this.trim(now);
    const bytes = this.samples.reduce((sum, s) => sum + s.bytes, 0);
    return (bytes * 8) / this.windowMs;
  }

  get rttMs(): number | null {
    return this.srtt;
  }

  private trim(now: number): void {
    const from = now - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop]?.at ?? 0) <= from) drop += 1;
    if (drop > 0) this.samples = this.samples.slice(drop);
  }
}

/** Bytes of a packed frame on the wire: its binary part plus its JSON (benchId and channel ids). */
export function frameBytes(frame: unknown): number {
  if (typeof frame !== 'object' || frame === null) return 0;
  const { data, benchId, channels } = frame as {
    data?: { byteLength?: number };
    benchId?: unknown;
    channels?: unknown;
  };
  const binary = typeof data?.byteLength === 'number' ? data.byteLength : 0;
  const json = JSON.stringify({ benchId, channels }).length;
  return binary + json;
}
