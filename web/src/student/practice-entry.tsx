import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { schedulingApi } from '../api/scheduling-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { navigate } from '../app/use-hash-route.ts';
import { useBenchList } from '../benches/use-bench-list.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';
import { practiceFor } from './twin.ts';

/** "Try on the twin, then book the real bench": a practice session on the pool's virtual board. */
export function PracticeEntry({ labId, pool }: { labId: string; pool: string }) {
  const { t } = useTranslation();
  const { benches } = useBenchList();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const practice = practiceFor(benches, pool);

  const start = () => {
    setBusy(true);
    setError(null);
    // The scheduler picks the twin and starts the session (with the lab's controls) at once.
    schedulingApi.practice(labId).then(
      (booking) =>
        booking.sessionId
          ? navigate(hrefFor({ page: 'session', sessionId: booking.sessionId }))
          : setBusy(false),
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  return (
    <section className="panel stack" aria-labelledby="practice-title" data-testid="practice">
      <h3 id="practice-title">{t('practice.title')}</h3>
      {practice.kind === 'ready' ? (
        <>
          <p>{t('practice.intro')}</p>
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              data-testid="practice-start"
              disabled={busy}
              onClick={start}
            >
              {t('practice.start')}
            </button>
          </div>
        </>
      ) : (
        <p data-testid="practice-unavailable" data-reason={practice.kind}>
          {t(practice.kind === 'twin-offline' ? 'practice.twinOffline' : 'practice.noTwin')}
        </p>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}
