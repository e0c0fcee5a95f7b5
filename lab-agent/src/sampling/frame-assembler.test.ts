import { describe, expect, it } from 'vitest';
import { FrameAssembler } from './frame-assembler.ts';

const VOLTS_PER_LSB = 5 / 1023;

function assembler() {
  return new FrameAssembler({
    benchId: 'rc-filter',
    nominalDtMs: 1,
    analog: [
      { id: 'vout', channel: 0, scale: (raw) => raw * VOLTS_PER_LSB },
      { id: 'ref', channel: 1, scale: (raw) => raw - 10 },
    ],
    digital: [{ id: 'button', pin: 2 }],
    held: ['current'],
  });
}

describe('FrameAssembler', () => {
  it('builds one row per firmware cycle and scales each channel', () => {
    const a = assembler();
    a.addAnalog({ channel: 0, raw: 1023, receivedAt: 1000 });
    a.addAnalog({ channel: 1, raw: 15, receivedAt: 1000 });
    a.addAnalog({ channel: 0, raw: 0, receivedAt: 1001 });
    a.addAnalog({ channel: 1, raw: 20, receivedAt: 1001 });
    const frame = a.takeFrame(7)!;
    expect(frame.seq).toBe(7);
    expect(frame.channels.vout).toEqual([5, 0]);
    expect(frame.channels.ref).toEqual([5, 10]);
    expect(frame.channels.button).toEqual([0, 0]);
  });

  it('repeats the previous value when a report was lost instead of shifting columns', () => {
    const a = assembler();
    a.addAnalog({ channel: 0, raw: 100, receivedAt: 1 });
    a.addAnalog({ channel: 1, raw: 11, receivedAt: 1 });
    a.addAnalog({ channel: 0, raw: 200, receivedAt: 2 });
    // the A1 report of cycle 2 was lost on the line
    a.addAnalog({ channel: 0, raw: 300, receivedAt: 3 });
    a.addAnalog({ channel: 1, raw: 13, receivedAt: 3 });
    const frame = a.takeFrame(0)!;
    expect(frame.channels.vout!.map((v) => Math.round(v / VOLTS_PER_LSB))).toEqual([100, 200, 300]);
    expect(frame.channels.ref).toEqual([1, 1, 3]);
  });

  it('ignores channels it was not asked for and returns nothing when no row is complete', () => {
    const a = assembler();
    a.addAnalog({ channel: 5, raw: 1, receivedAt: 1 });
    expect(a.takeFrame(0)).toBeUndefined();
  });

  it('carries the latest digital level in its column', () => {
    const a = assembler();
    a.setDigital({ pin: 2, level: true, receivedAt: 1 });
    a.addAnalog({ channel: 0, raw: 1, receivedAt: 1 });
    a.addAnalog({ channel: 1, raw: 1, receivedAt: 1 });
    expect(a.takeFrame(0)!.channels.button).toEqual([1]);
  });

  it('holds the latest I2C reading in every row, 0 before the first one', () => {
    const a = assembler();
    a.addAnalog({ channel: 0, raw: 1, receivedAt: 1 });
    a.addAnalog({ channel: 1, raw: 1, receivedAt: 1 });
    a.setHeld('current', 12.5);
    a.setHeld('unknown', 1);
    a.addAnalog({ channel: 0, raw: 1, receivedAt: 2 });
    a.addAnalog({ channel: 1, raw: 1, receivedAt: 2 });
    const frame = a.takeFrame(0)!;
    expect(frame.channels.current).toEqual([0, 12.5]);
    expect(frame.channels.unknown).toBeUndefined();
    expect(assembler().takeFrame(0)).toBeUndefined();
  });
});
