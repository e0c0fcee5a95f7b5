import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { navigate } from '../app/use-hash-route.ts';
import { useBenchList } from '../benches/use-bench-list.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';
import { availableBenches } from './twin.ts';

/**
 * Without the scheduler (a server started without it), a free bench of the pool is taken at
 * once with `POST /sessions`; the server refuses with CONFLICT when it is in use.
 */
export function StartNow({ labId, pool }: { labId: string; pool: string }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const { benches } = useBenchList();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const free = availableBenches(benches, pool);

  const start = () => {
    const bench = free[0];
    if (!bench) return;
    setBusy(true);
    setError(null);
    sessionApi.start(bench.id, labId).then(
      (session) => navigate(hrefFor({ page: 'session', sessionId: session.id })),
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  return (
    <section className="panel stack" aria-labelledby="start-title" data-testid="start-now">
      <h3 id="start-title">{t('startNow.title')}</h3>
      <p className="notice" role="status" data-testid="booking-unavailable">
        {t('startNow.noScheduler')}
      </p>
      <p>{t('startNow.available', { n: format(free.length) })}</p>
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          data-testid="start-now-button"
          disabled={busy || free.length === 0}
          onClick={start}
        >
          {t('startNow.start')}
        </button>
      </div>
    </section>
  );
}
