import { describe, expect, it } from 'vitest';
import { analogScale } from './channel-scale.ts';

describe('analogScale', () => {
  it('uses gain and offset without a calibration table', () => {
    const scale = analogScale({ gain: 0.01, offset: -1 });
    expect(scale(0)).toBe(-1);
    expect(scale(500)).toBeCloseTo(4);
  });

  it('interpolates a calibration table piecewise and extends its end segments', () => {
    const scale = analogScale({
      gain: 1,
      offset: 0,
      calibration: [
        { raw: 100, value: 0 },
        { raw: 300, value: 1 },
        { raw: 700, value: 5 },
      ],
    });
    expect(scale(100)).toBe(0);
    expect(scale(200)).toBeCloseTo(0.5);
    expect(scale(300)).toBe(1);
    expect(scale(500)).toBeCloseTo(3);
    expect(scale(700)).toBe(5);
    expect(scale(0)).toBeCloseTo(-0.5);
    expect(scale(800)).toBeCloseTo(6);
  });
});
