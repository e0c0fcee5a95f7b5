import { Suspense, lazy, type ComponentProps } from 'react';

const LiveChart = lazy(async () => ({ default: (await import('./live-chart.tsx')).LiveChart }));

/**
 * The live chart, loaded after the rest of the bench: uPlot is ~24 KB (Brotli) of the bench
 * route, half a second on a Slow 3G link, and the readouts and controls need none of it. The
 * chart reads the stream's ring buffer, so it shows what arrived before it loaded. The
 * placeholder keeps the chart's room, so nothing jumps when it appears.
 */
export function LazyLiveChart(props: ComponentProps<typeof LiveChart>) {
  return (
    <Suspense fallback={<div className="chart chart-placeholder" aria-hidden="true" />}>
      <LiveChart {...props} />
    </Suspense>
  );
}
