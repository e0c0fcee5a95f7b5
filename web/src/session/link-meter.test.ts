import { describe, expect, it } from 'vitest';
import { LinkMeter, frameBytes } from './link-meter.ts';

describe('LinkMeter', () => {
  it('measures kbit/s over its window and forgets older bytes', () => {
    const meter = new LinkMeter(1000);
    meter.recordBytes(500, 100);
    meter.recordBytes(750, 900);
    expect(meter.kbitPerSecond(1000)).toBe(10); // 1250 B = 10 000 bit over 1 s
    expect(meter.kbitPerSecond(1500)).toBe(6); // only the 750 B left
    expect(meter.kbitPerSecond(5000)).toBe(0);
  });

  it('smooths the round-trip time and ignores nonsense', () => {
    const meter = new LinkMeter();
    expect(meter.rttMs).toBeNull();
    meter.recordRtt(400);
    meter.recordRtt(480);
    expect(meter.rttMs).toBe(410);
    meter.recordRtt(Number.NaN);
    meter.recordRtt(-1);
    expect(meter.rttMs).toBe(410);
  });

  it('counts the binary part and the names of a packed frame', () => {
    const frame = { benchId: 'rc', channels: ['v'], data: new Uint8Array(100) };
    expect(frameBytes(frame)).toBe(100 + JSON.stringify({ benchId: 'rc', channels: ['v'] }).length);
    expect(frameBytes(null)).toBe(0);
  });
});
