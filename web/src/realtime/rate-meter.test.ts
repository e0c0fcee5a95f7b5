import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.ts';

describe('RateMeter', () => {
  it('measures a steady 20 frames/s', () => {
    const meter = new RateMeter(2000, 250);
    for (let t = 0; t < 5000; t += 50) meter.record(t);
    expect(meter.rate(5000)).toBeCloseTo(20, 5);
  });

  it('reads zero before anything and after the stream stops for a whole window', () => {
    const meter = new RateMeter(2000, 250);
    expect(meter.rate(0)).toBe(0);
    for (let t = 0; t < 3000; t += 100) meter.record(t);
    expect(meter.rate(3000)).toBeCloseTo(10, 5);
    expect(meter.rate(5300)).toBe(0);
  });

  it('follows a change of rate within one window', () => {
    const meter = new RateMeter(1000, 100);
    for (let t = 0; t < 2000; t += 10) meter.record(t);
    expect(meter.rate(2000)).toBeCloseTo(100, 5);
    for (let t = 2000; t < 3000; t += 50) meter.record(t);
    expect(meter.rate(3000)).toBeCloseTo(20, 5);
  });

  it('ignores time going backwards instead of corrupting its buckets', () => {
    const meter = new RateMeter(1000, 100);
    meter.record(500);
    meter.record(400);
    expect(meter.rate(700)).toBeCloseTo(2, 5);
  });

  it('refuses a window that holds fewer than two buckets', () => {
    expect(() => new RateMeter(100, 100)).toThrow(RangeError);
  });
});
