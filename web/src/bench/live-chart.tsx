import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { InputDescriptor } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { chartHeight, chartOptions } from './chart-options.ts';
import { ChartColumns } from './stream/chart-columns.ts';
import type { BenchStream } from './stream/use-bench-stream.ts';

interface LiveChartProps {
  /** Analog inputs only: one series each. */
  inputs: readonly InputDescriptor[];
  stream: BenchStream;
}

/**
 * uPlot fed from the bench's ring buffer. Drawn only from the redraw scheduler (at most once per
 * animation frame, and only after new data), never from a frame handler.
 */
export function LiveChart({ inputs, stream }: LiveChartProps) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const timeLabel = t('bench.time');
  const language = i18n.language;
  // Rebuild the plot only when what it shows changes, not on every bench:state push.
  const seriesKey = inputs
    .map((i) => [i.id, i.label, i.unit, i.range.min, i.range.max].join('\t'))
    .join('\n');
  const inputsRef = useRef(inputs);
  inputsRef.current = inputs;

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const style = getComputedStyle(element);
    const width = Math.max(200, element.clientWidth);
    const seriesInputs = inputsRef.current;
    const plot = new uPlot(
      chartOptions({
        inputs: seriesInputs,
        language,
        timeLabel,
        width,
        height: chartHeight(width),
        ink: style.color,
        grid: style.getPropertyValue('--chart-grid').trim() || 'rgba(128, 128, 128, 0.3)',
      }),
      [[], ...seriesInputs.map(() => [])],
      element,
    );
    const columns = new ChartColumns(
      stream.buffer,
      seriesInputs.map((input) => input.id),
    );
    // Counted on the element, outside React (no re-render): how often the chart really changed
    // and the time of its newest sample (epoch ms), for support and for the slow-link tests.
    let draws = 0;
    const draw = () => {
      plot.setData(columns.snapshot());
      draws += 1;
      element.dataset.draws = String(draws);
      const latest = stream.buffer.time.latest();
      if (Number.isFinite(latest)) element.dataset.latest = String(latest);
    };
    draw();
    const offDraw = stream.scheduler.onDraw(draw);
    const resize = new ResizeObserver(() => {
      const next = Math.max(200, element.clientWidth);
      if (next !== plot.width) plot.setSize({ width: next, height: chartHeight(next) });
    });
    resize.observe(element);
    return () => {
      offDraw();
      resize.disconnect();
      plot.destroy();
    };
  }, [stream, seriesKey, language, timeLabel]);

  return (
    <figure className="chart" aria-label={t('bench.chartLabel')}>
      {/* Time runs left to right in every language. */}
      <div ref={container} className="chart-canvas" dir="ltr" data-testid="live-chart" />
    </figure>
  );
}
