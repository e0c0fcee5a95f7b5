/** One reference measured: the voltage applied and the mean raw ADC reading. */
export interface ReferenceReading {
  volts: number;
  meanRaw: number;
  samples: number;
}

/** Two references closer than this (in ADC counts) cannot give a trustworthy gain. */
const MIN_SPAN_RAW = 50;

export class CalibrationError extends Error {
  override readonly name = 'CalibrationError';
}

/**
 * Gain and offset of `value = raw * gain + offset` through two references. Throws a
 * CalibrationError when the references are too close together in raw counts (wrong wiring, the
 * same reference twice) or when either sits at the ADC's end stops (0 or 1023), where the reading
 * no longer follows the voltage.
 */
export function twoPointCalibration(low: ReferenceReading, high: ReferenceReading) {
  for (const ref of [low, high]) {
    if (ref.meanRaw < 1 || ref.meanRaw > 1022) {
      throw new CalibrationError(
        `The ${ref.volts} V reference reads ${ref.meanRaw.toFixed(1)}, at the end of the ADC's range: ` +
          'use references inside the input range (after any divider).',
      );
    }
  }
  const span = high.meanRaw - low.meanRaw;
  if (Math.abs(span) < MIN_SPAN_RAW) {
    throw new CalibrationError(
      `The two references read ${low.meanRaw.toFixed(1)} and ${high.meanRaw.toFixed(1)}: ` +
        `less than ${MIN_SPAN_RAW} counts apart. Check that each reference is connected when asked.`,
    );
  }
  const gain = (high.volts - low.volts) / span;
  return { gain, offset: low.volts - gain * low.meanRaw };
}

/** Mean of the readings after dropping the first `settle` ones. */
export function meanAfter(values: readonly number[], settle: number): number {
  const kept = values.slice(settle);
  if (kept.length === 0) throw new CalibrationError('No readings arrived from the board.');
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}
