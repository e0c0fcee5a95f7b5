import { chartedInputs, type BenchView } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { OutputControls } from '../bench/controls/output-controls.tsx';
import { LazyLiveChart } from '../bench/lazy-live-chart.tsx';
import { Readouts } from '../bench/readouts.tsx';
import { StreamStatus } from '../bench/stream-status.tsx';
import { useBenchStream } from '../bench/stream/use-bench-stream.ts';
import { useConnectionState } from '../realtime/use-realtime.ts';

/**
 * The bench as the lab shows it (already narrowed): chart, readouts, and the controls unless
 * the viewer only watches. Controls are disabled while the bench or the link is down.
 */
export function SessionBench(props: { bench: BenchView; readOnly: boolean; ended: boolean }) {
  const { bench, readOnly, ended } = props;
  const { t } = useTranslation();
  const connection = useConnectionState();
  const stream = useBenchStream(bench.id, bench.inputs, bench.samplingIntervalMs);
  const analog = chartedInputs(bench.inputs);
  const benchOffline = bench.status !== 'online';
  const linkDown = connection !== 'connected';
  return (
    <div
      className="bench-grid"
      data-testid="bench-view"
      data-bench-id={bench.id}
      data-status={bench.status}
    >
      <section aria-labelledby="measurements-title" className="panel">
        <h3 id="measurements-title">{t('bench.measurements')}</h3>
        {benchOffline && (
          <p
            className="notice"
            data-tone="warning"
            role="status"
            data-testid="bench-offline-notice"
          >
            {t('bench.offlineNotice')}
          </p>
        )}
        {analog.length > 0 && <LazyLiveChart inputs={analog} stream={stream} />}
        <Readouts inputs={bench.inputs} stream={stream} />
        <StreamStatus buffer={stream.buffer} />
      </section>
      <section aria-labelledby="controls-title" className="panel">
        <h3 id="controls-title">{t('bench.controls')}</h3>
        {readOnly ? (
          <p data-testid="observer-notice">{t('session.observerNotice')}</p>
        ) : (
          <>
            {!benchOffline && linkDown && (
              <p
                className="notice"
                data-tone="warning"
                role="status"
                data-testid="link-down-notice"
              >
                {t('bench.linkDownNotice')}
              </p>
            )}
            <OutputControls bench={bench} disabled={benchOffline || linkDown || ended} />
          </>
        )}
      </section>
    </div>
  );
}
