import { useEffect, useState } from 'react';
import type { QueueStatus } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { schedulingApi } from '../api/scheduling-api.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';
import { usePush } from '../shared/use-push.ts';

/** Whole minutes of a wait, rounded up (never "0 min" while someone is still ahead). */
export function waitMinutes(etaMs: number | null): number | null {
  return etaMs === null ? null : Math.max(1, Math.ceil(etaMs / 60_000));
}

/**
 * The walk-in queue: join, my live position and estimated wait (from `queue:status` pushes), and
 * the bench offered when my turn comes, to accept before it goes to the next student.
 */
export function WalkInQueue(props: {
  labId: string;
  initial: QueueStatus;
  onAccepted: () => void;
}) {
  const { labId, onAccepted } = props;
  const { t } = useTranslation();
  const format = useNumberFormat();
  const date = useDateFormat();
  const [status, setStatus] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  usePush('queue:status', (next) => {
    if (next.labId === labId) setStatus(next);
  });
  const offer = status.offer;
  useEffect(() => {
    if (!offer) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [offer]);

  const act = (call: () => Promise<QueueStatus>, after?: () => void) => {
    setBusy(true);
    setError(null);
    call().then(
      (next) => {
        setStatus(next);
        setBusy(false);
        after?.();
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };
  const minutes = waitMinutes(status.etaMs);
  const waiting = status.position !== null;

  return (
    <section className="panel stack" aria-labelledby="queue-title" data-testid="walk-in-queue">
      <h3 id="queue-title">{t('queue.title')}</h3>
      <p aria-live="polite" data-testid="queue-position" data-position={status.position ?? ''}>
        {waiting
          ? t('queue.position', {
              position: format(status.position ?? 0),
              waiting: format(status.waiting),
            })
          : t('queue.notWaiting', { waiting: format(status.waiting) })}{' '}
        {waiting && minutes !== null && (
          <span data-testid="queue-eta">{t('queue.eta', { minutes: format(minutes) })}</span>
        )}
      </p>
      {offer && (
        <div className="notice" data-tone="ok" role="alert" data-testid="queue-offer">
          {t('queue.offer', {
            until: date(offer.end, 'time'),
            seconds: format(Math.max(0, Math.ceil((offer.expiresAt - now) / 1000))),
          })}{' '}
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => act(() => schedulingApi.acceptOffer(labId), onAccepted)}
          >
            {t('queue.accept')}
          </button>
        </div>
      )}
      <ErrorNotice error={error} />
      <div className="form-actions">
        {waiting ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => act(() => schedulingApi.leaveQueue(labId))}
          >
            {t('queue.leave')}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="queue-join"
            disabled={busy}
            onClick={() => act(() => schedulingApi.joinQueue(labId))}
          >
            {t('queue.join')}
          </button>
        )}
      </div>
    </section>
  );
}
