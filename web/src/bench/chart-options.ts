import type uPlot from 'uplot';
import type { InputDescriptor } from '@remotelab/protocol';
import { decimalsForSpan, formatNumber } from '../i18n/number-format.ts';
import { HISTORY_MS } from './stream/stream-buffer.ts';

/** Okabe-Ito: told apart with the common colour-vision deficiencies. */
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

const WHOLE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * 1000);

export interface ChartSetup {
  /** The analog inputs, one series each, in this order. */
  inputs: readonly InputDescriptor[];
  language: string;
  timeLabel: string;
  width: number;
  height: number;
  /** Colours read from CSS so the canvas follows light and dark themes. */
  ink: string;
  grid: string;
}

export function chartHeight(width: number): number {
  return Math.round(Math.min(360, Math.max(200, width * 0.55)));
}

/** The inputs' declared ranges, merged per unit: one y scale per unit, e.g. V and mA. */
function unitRanges(inputs: readonly InputDescriptor[]): Map<string, { min: number; max: number }> {
  const ranges = new Map<string, { min: number; max: number }>();
  for (const { unit, range } of inputs) {
    const known = ranges.get(unit);
    ranges.set(
      unit,
      known
        ? { min: Math.min(known.min, range.min), max: Math.max(known.max, range.max) }
        : { ...range },
    );
  }
  return ranges;
}

const scaleKey = (unit: string) => `y:${unit}`;

export function chartOptions(setup: ChartSetup): uPlot.Options {
  const { inputs, language, ink, grid } = setup;
  const clock = new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const preciseClock = new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  });
  const ranges = unitRanges(inputs);
  const units = [...ranges.keys()];

  const scales: uPlot.Scales = {
    x: {
      time: true,
      // Scroll: show the last HISTORY_MS, not everything the buffer happens to hold.
      range: (_u, min, max) => {
        if (min == null || max == null) {
          const now = Date.now();
          return [now - HISTORY_MS, now];
        }
        return [Math.max(min, max - HISTORY_MS), max > min ? max : min + 1];
      },
    },
  };
  for (const [unit, declared] of ranges) {
    // The declared range keeps the chart still; data outside it widens the scale, never clips.
    scales[scaleKey(unit)] = {
      range: (_u, min, max) => {
        const lo = min == null ? declared.min : Math.min(declared.min, min);
        const hi = max == null ? declared.max : Math.max(declared.max, max);
        return lo < hi ? [lo, hi] : [lo - 1, hi + 1];
      },
    };
  }

  const axisStyle = {
    stroke: ink,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  };
  // Units on the ticks: a rotated axis label "V" reads as ">".
  const tickValues = (unit: string) => (_u: uPlot, splits: number[]) => {
    const step = splits.length > 1 ? Math.abs((splits[1] ?? 0) - (splits[0] ?? 0)) : 1;
    const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step || 1))));
    return splits.map((v) => `${formatNumber(language, v, digits)} ${unit}`.trim());
  };
  const axes: uPlot.Axis[] = [
    {
      ...axisStyle,
      space: 70,
      incrs: WHOLE_SECONDS, // ticks labelled to the second must not fall between seconds
      values: (_u, splits) => splits.map((v) => clock.format(v)),
    },
    ...units.slice(0, 2).map((unit, i): uPlot.Axis => ({
      ...axisStyle,
      scale: scaleKey(unit),
      side: i === 0 ? 3 : 1,
      size: 64,
      values: tickValues(unit),
      grid: i === 0 ? axisStyle.grid : { show: false },
    })),
  ];

  const series: uPlot.Series[] = [
    { label: setup.timeLabel, value: (_u, v) => (v == null ? '—' : preciseClock.format(v)) },
    ...inputs.map((input, i): uPlot.Series => ({
      label: input.unit ? `${input.label} (${input.unit})` : input.label,
      scale: scaleKey(input.unit),
      stroke: COLORS[i % COLORS.length] ?? ink,
      width: 1.5,
      points: { show: false },
      value: (_u, v) => {
        const digits = decimalsForSpan(input.range.max - input.range.min);
        return v == null ? '—' : `${formatNumber(language, v, digits)} ${input.unit}`.trim();
      },
    })),
  ];

  return {
    width: setup.width,
    height: setup.height,
    ms: 1, // times are ms since the epoch
    scales,
    axes,
    series,
    // No drag-to-zoom: the next frame would reset the scales anyway.
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
  };
}
