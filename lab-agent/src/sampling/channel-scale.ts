import type { AnalogInput } from '@remotelab/protocol';

/** Raw 10-bit ADC reading -> the input's value in its unit. */
export type AnalogScale = (raw: number) => number;

/**
 * The scaling of one analog input: its calibration table when it has one (piecewise linear
 * between the points, extended along the first and last segments beyond them, so a reading
 * outside the calibrated span is still monotonic rather than flattened), else `raw * gain + offset`.
 */
export function analogScale(
  input: Pick<AnalogInput, 'gain' | 'offset' | 'calibration'>,
): AnalogScale {
  const table = input.calibration;
  if (!table) return (raw) => raw * input.gain + input.offset;
  return (raw) => {
    let i = 1;
    while (i < table.length - 1 && raw > table[i]!.raw) i += 1;
    const a = table[i - 1]!;
    const b = table[i]!;
    return a.value + ((raw - a.raw) * (b.value - a.value)) / (b.raw - a.raw);
  };
}
