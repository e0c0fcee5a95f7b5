import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCountdown } from '../format/date-format.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { clockPhase } from './session-clock.ts';
import type { ClockPhase } from './session-clock.ts';

/**
 * Time left in the session. The clock itself is not a live region (it would talk every second);
 * the warnings at 5 and 1 minute and the end are announced once each.
 */
export function Countdown({ endsAt }: { endsAt: number }) {
  const { t, i18n } = useTranslation();
  const date = useDateFormat();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const remaining = endsAt - now;
  const phase = clockPhase(remaining);
  const [announced, setAnnounced] = useState<ClockPhase>(phase);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (phase !== 'running') setAnnounced(phase);
  }, [phase]);

  return (
    <div className="countdown" data-testid="countdown" data-phase={phase}>
      <span className="countdown-label">{t('session.timeLeft')}</span>{' '}
      <span className="countdown-value" dir="ltr">
        {formatCountdown(i18n.language, remaining)}
      </span>{' '}
      <span className="muted">{t('session.endsAt', { time: date(endsAt, 'time') })}</span>
      <p className="visually-hidden" role="status">
        {announced !== 'running' && t(`session.phase.${announced}`)}
      </p>
      {phase !== 'running' && (
        <p className="notice" data-tone={phase === 'warning' ? 'warning' : 'error'}>
          {t(`session.phase.${phase}`)}
        </p>
      )}
    </div>
  );
}
