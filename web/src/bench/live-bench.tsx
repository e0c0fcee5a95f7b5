import { chartedInputs, type BenchView } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { StatusPill } from '../benches/status-pill.tsx';
import { useConnectionState } from '../realtime/use-realtime.ts';
import { OutputControls } from './controls/output-controls.tsx';
import { LazyLiveChart } from './lazy-live-chart.tsx';
import { Readouts } from './readouts.tsx';
import { StreamStatus } from './stream-status.tsx';
import { useBenchStream } from './stream/use-bench-stream.ts';

/** A known bench: status, notices, chart, readouts and controls. */
export function LiveBench({ bench }: { bench: BenchView }) {
  const { t } = useTranslation();
  const connection = useConnectionState();
  const stream = useBenchStream(bench.id, bench.inputs, bench.samplingIntervalMs);
  const analog = chartedInputs(bench.inputs);
  const benchOffline = bench.status !== 'online';
  const linkDown = connection !== 'connected';

  return (
    <div
      className="bench"
      data-testid="bench-view"
      data-bench-id={bench.id}
      data-status={bench.status}
    >
      <p className="bench-meta">
        <StatusPill bench={bench} detailed />
        {bench.description && <span>{bench.description}</span>}
      </p>
      {benchOffline && (
        <p className="notice" data-tone="warning" role="status" data-testid="bench-offline-notice">
          {t('bench.offlineNotice')}
        </p>
      )}
      {!benchOffline && linkDown && (
        <p className="notice" data-tone="warning" role="status" data-testid="link-down-notice">
          {t('bench.linkDownNotice')}
        </p>
      )}
      <div className="bench-grid">
        <section aria-labelledby="measurements-title" className="panel">
          <h3 id="measurements-title">{t('bench.measurements')}</h3>
          {analog.length > 0 && <LazyLiveChart inputs={analog} stream={stream} />}
          <Readouts inputs={bench.inputs} stream={stream} />
          <StreamStatus buffer={stream.buffer} />
        </section>
        <section aria-labelledby="controls-title" className="panel">
          <h3 id="controls-title">{t('bench.controls')}</h3>
          <OutputControls bench={bench} disabled={benchOffline || linkDown} />
        </section>
      </div>
    </div>
  );
}
