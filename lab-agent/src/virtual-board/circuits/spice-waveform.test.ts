import { describe, expect, it } from 'vitest';
import { DriveTimeline } from './drive-timeline.ts';
import type { SpiceSolution } from './spice-solver.ts';
import { SpiceWaveform } from './spice-waveform.ts';

/** A fake chunk: ngspice-like rows (first one just after the start), v(out) = f(seconds). */
function chunk(durationMs: number, f: (s: number) => number): SpiceSolution {
  const times = [1e-6, ...Array.from({ length: durationMs }, (_, i) => (i + 1) / 1000)];
  return {
    names: ['time', 'v(out)'],
    columns: [Float64Array.from(times), Float64Array.from(times.map(f))],
    warnings: [],
    solveMs: 0,
  };
}

describe('SpiceWaveform', () => {
  it('interpolates between rows and refuses times past its end', () => {
    const waveform = new SpiceWaveform(100);
    waveform.append(
      100,
      chunk(10, (s) => s * 1000),
      Infinity,
    ); // v = ms since the chunk began
    expect(waveform.endMs).toBe(110);
    expect(waveform.valueAt('v(out)', 103.5)).toBeCloseTo(3.5, 9);
    expect(waveform.valueAt('v(out)', 110)).toBeCloseTo(10, 9);
    expect(waveform.valueAt('v(out)', 110.5)).toBeUndefined();
    expect(waveform.valueAt('v(nothing)', 105)).toBeUndefined();
  });

  it('gives a boundary instant to the earlier chunk, so a step shows just after it', () => {
    const waveform = new SpiceWaveform(0);
    waveform.append(
      0,
      chunk(10, () => 1),
      Infinity,
    );
    waveform.append(
      10,
      chunk(10, () => 2),
      Infinity,
    );
    expect(waveform.valueAt('v(out)', 10)).toBe(1);
    expect(waveform.valueAt('v(out)', 10.0001)).toBe(2);
    expect(waveform.stateAt(10)?.get('v(out)')).toBe(1);
  });

  it('cuts a chunk at a drive change and continues from the value interpolated there', () => {
    const waveform = new SpiceWaveform(0);
    waveform.append(
      0,
      chunk(20, (s) => s * 1000),
      12.5,
    );
    expect(waveform.endMs).toBe(12.5);
    expect(waveform.valueAt('v(out)', 12.5)).toBeCloseTo(12.5, 9);
    waveform.append(
      12.5,
      chunk(10, () => -1),
      Infinity,
    );
    waveform.truncate(15.25);
    expect(waveform.endMs).toBe(15.25);
    expect(waveform.valueAt('v(out)', 15.25)).toBe(-1);
    expect(() =>
      waveform.append(
        20,
        chunk(1, () => 0),
        Infinity,
      ),
    ).toThrow(/ends at 15.25/);
  });

  it('forgets pieces that end before the oldest time still needed', () => {
    const waveform = new SpiceWaveform(0);
    for (let start = 0; start < 50; start += 10)
      waveform.append(
        start,
        chunk(10, () => start),
        1e9,
      );
    waveform.forgetBefore(35);
    expect(waveform.valueAt('v(out)', 25)).toBeUndefined();
    expect(waveform.valueAt('v(out)', 35)).toBe(30);
  });
});

describe('DriveTimeline', () => {
  const source = (volts: number) => ({ kind: 'source' as const, volts });

  it('records a segment per change and none for a repeat', () => {
    const timeline = new DriveTimeline();
    expect(timeline.set(0, [source(0)])).toBe(0);
    expect(timeline.set(5, [source(0)])).toBeUndefined();
    expect(timeline.set(7, [source(5)])).toBe(7);
    expect(timeline.at(6.9)?.drives).toEqual([source(0)]);
    expect(timeline.at(7)?.drives).toEqual([source(5)]);
    expect(timeline.nextChangeAfter(0)).toBe(7);
    expect(timeline.nextChangeAfter(7)).toBe(Infinity);
  });

  it('lets the last of two changes at one instant win', () => {
    const timeline = new DriveTimeline();
    timeline.set(0, [source(0)]);
    timeline.set(3, [source(5)]);
    expect(timeline.set(3, [source(0)])).toBe(3);
    expect(timeline.nextChangeAfter(0)).toBe(Infinity);
    expect(timeline.at(10)?.drives).toEqual([source(0)]);
  });
});
