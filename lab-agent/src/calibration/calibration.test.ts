import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeCalibration } from './bench-yaml-writer.ts';
import { CalibrationError, meanAfter, twoPointCalibration } from './two-point-calibration.ts';

const FILE = `# The RC bench. Keep this comment.
id: rc
inputs:
  # the capacitor
  - kind: analog-in
    id: vout
    pin: A0 # on the shield
    gain: 0.0048876
  - kind: analog-in
    id: ref
    pin: A1
    calibration:
      - { raw: 0, value: 0 }
      - { raw: 1023, value: 5 }
outputs: []
`;

describe('two-point calibration', () => {
  it('solves gain and offset through both references', () => {
    const { gain, offset } = twoPointCalibration(
      { volts: 1, meanRaw: 210, samples: 100 },
      { volts: 4, meanRaw: 825, samples: 100 },
    );
    expect(gain).toBeCloseTo(3 / 615, 9);
    expect(210 * gain + offset).toBeCloseTo(1, 9);
    expect(825 * gain + offset).toBeCloseTo(4, 9);
  });

  it('refuses references too close together or at the end stops', () => {
    const ref = (volts: number, meanRaw: number) => ({ volts, meanRaw, samples: 10 });
    expect(() => twoPointCalibration(ref(1, 400), ref(4, 420))).toThrow(CalibrationError);
    expect(() => twoPointCalibration(ref(0, 0), ref(4, 820))).toThrow(/end of the ADC/);
    expect(() => meanAfter([1, 2], 2)).toThrow(/No readings/);
    expect(meanAfter([100, 1, 3], 1)).toBe(2);
  });
});

describe('writeCalibration', () => {
  it('changes gain and offset of one input and keeps the comments and the rest', () => {
    const { text, removedTable } = writeCalibration(FILE, 'vout', {
      gain: 0.004881234567,
      offset: -0.0123456789,
      note: 'calibrated 1 V / 4 V',
    });
    expect(removedTable).toBe(false);
    expect(text).toContain('# The RC bench. Keep this comment.');
    expect(text).toContain('# the capacitor');
    expect(text).toContain('pin: A0 # on the shield');
    expect(text).toContain('gain: 0.00488123 # calibrated 1 V / 4 V');
    const data = parse(text);
    expect(data.inputs[0]).toMatchObject({ id: 'vout', gain: 0.00488123, offset: -0.0123457 });
    expect(data.inputs[1]).toEqual(parse(FILE).inputs[1]);
  });

  it('removes a calibration table that would override the new gain', () => {
    const { text, removedTable } = writeCalibration(FILE, 'ref', {
      gain: 0.005,
      offset: 0,
      note: 'x',
    });
    expect(removedTable).toBe(true);
    expect(parse(text).inputs[1].calibration).toBeUndefined();
    expect(() => writeCalibration(FILE, 'nope', { gain: 1, offset: 0, note: '' })).toThrow(
      /no input "nope"/,
    );
  });
});
