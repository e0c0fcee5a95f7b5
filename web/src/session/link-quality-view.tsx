import { useTranslation } from 'react-i18next';
import { useNumberFormat } from '../i18n/use-format.ts';
import { useConnectionState, useFramesPerSecond } from '../realtime/use-realtime.ts';
import { useLinkQuality } from './use-link-quality.ts';

/** Slow above this round trip: the student should expect controls to lag. */
const SLOW_RTT_MS = 300;

/** Connection quality for the student: state, round trip, data rate, frames per second. */
export function LinkQualityView() {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const state = useConnectionState();
  const fps = useFramesPerSecond();
  const { kbitPerSecond, rttMs } = useLinkQuality();
  const tone =
    state !== 'connected' ? 'error' : rttMs !== null && rttMs > SLOW_RTT_MS ? 'warning' : 'ok';
  return (
    <dl
      className="link-quality"
      data-testid="link-quality"
      data-state={state}
      data-tone={tone}
      data-rtt={rttMs ?? ''}
      data-kbps={kbitPerSecond}
      aria-label={t('quality.label')}
    >
      <div>
        <dt>{t('quality.state')}</dt>
        <dd>{t(`connection.${state}`)}</dd>
      </div>
      <div>
        <dt>{t('quality.rtt')}</dt>
        <dd>{rttMs === null ? '—' : t('quality.ms', { value: format(rttMs) })}</dd>
      </div>
      <div>
        <dt>{t('quality.rate')}</dt>
        <dd>{t('quality.kbps', { value: format(kbitPerSecond, kbitPerSecond < 10 ? 1 : 0) })}</dd>
      </div>
      <div>
        <dt>{t('quality.fps')}</dt>
        <dd>{format(fps, 1)}</dd>
      </div>
    </dl>
  );
}
