import { useCallback, useEffect, useState } from 'react';
import type { BenchEnrollment } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { enrollmentApi } from '../api/platform-api.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';

/**
 * The fleet page's list of benches their agents announced but may not drive: new benches waiting
 * for approval, and claims on benches enrolled to another agent (honoured by moving the bench).
 * `onChanged` lets the page reload its bench list after an approval or a move.
 */
export function EnrollmentRequests({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const date = useDateFormat();
  const [requests, setRequests] = useState<BenchEnrollment[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    enrollmentApi.list().then(setRequests, setError);
  }, []);
  useEffect(() => {
    load();
    // Agents announce on their own schedule: refresh now and then, like the bench list.
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, [load]);

  const act = (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    call()
      .then(() => {
        onChanged();
        load();
      }, setError)
      .finally(() => setBusy(false));
  };

  return (
    <section
      className="fleet-section"
      aria-labelledby="enrollment-title"
      data-testid="enrollment-requests"
    >
      <h2 id="enrollment-title">{t('fleet.enrollment.title')}</h2>
      <ErrorNotice error={error} />
      {requests.length === 0 ? (
        <p className="muted" data-testid="enrollment-empty">
          {t('fleet.enrollment.empty')}
        </p>
      ) : (
        <div className="table-scroll" tabIndex={0} aria-labelledby="enrollment-title">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('fleet.enrollment.bench')}</th>
                <th scope="col">{t('fleet.enrollment.agent')}</th>
                <th scope="col">{t('fleet.enrollment.kind')}</th>
                <th scope="col">{t('fleet.enrollment.attempts')}</th>
                <th scope="col">{t('fleet.enrollment.lastAt')}</th>
                <th scope="col">{t('fleet.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((request) => {
                const key = `${request.benchId}-${request.agentId}`;
                const claim = request.ownerAgentId !== null;
                return (
                  <tr key={key} data-testid={`enrollment-${key}`} data-status={request.status}>
                    <th scope="row">
                      <bdi>{request.name}</bdi>
                      <br />
                      <span className="muted" dir="ltr">
                        {request.benchId} · {request.pool}
                      </span>
                    </th>
                    <td dir="ltr">{request.agentId}</td>
                    <td>
                      {claim ? t('fleet.enrollment.claim') : t('fleet.enrollment.new')}
                      {claim && (
                        <div className="muted">
                          {t('fleet.enrollment.owner')} <bdi dir="ltr">{request.ownerAgentId}</bdi>
                        </div>
                      )}
                      {request.status === 'rejected' && (
                        <div className="muted">{t('fleet.enrollment.rejected')}</div>
                      )}
                    </td>
                    <td>{request.attempts}</td>
                    <td>{date(request.lastAt)}</td>
                    <td>
                      <div className="row-actions">
                        {claim ? (
                          <button
                            type="button"
                            disabled={busy}
                            data-testid={`move-${key}`}
                            onClick={() =>
                              act(() => enrollmentApi.move(request.benchId, request.agentId))
                            }
                          >
                            {t('fleet.enrollment.move', { agent: request.agentId })}
                          </button>
                        ) : (
                          <button
                            type="button"
                            disabled={busy}
                            data-testid={`approve-${key}`}
                            onClick={() =>
                              act(() => enrollmentApi.approve(request.benchId, request.agentId))
                            }
                          >
                            {t('fleet.enrollment.approve')}
                          </button>
                        )}
                        {request.status === 'pending' && (
                          <button
                            type="button"
                            disabled={busy}
                            data-testid={`reject-${key}`}
                            onClick={() =>
                              act(() => enrollmentApi.reject(request.benchId, request.agentId))
                            }
                          >
                            {claim ? t('fleet.enrollment.dismiss') : t('fleet.enrollment.reject')}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
