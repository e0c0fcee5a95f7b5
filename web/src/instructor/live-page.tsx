import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { loadTeaching } from './people.ts';

/** `#/teach/live`: the sessions running now in my labs, each to watch read-only. */
export function LivePage() {
  const { t } = useTranslation();
  const date = useDateFormat();
  const data = useLoad(async () => {
    const [sessions, teaching] = await Promise.all([
      sessionApi.list({ status: 'active' }),
      loadTeaching(),
    ]);
    return { sessions, teaching };
  }, 'live');
  const reload = data.reload;
  useEffect(() => {
    const timer = setInterval(reload, 15_000);
    return () => clearInterval(timer);
  }, [reload]);

  const sessions = data.data?.sessions ?? [];
  return (
    <Page title={t('live.title')} testId="live-page">
      {data.loading && !data.data && <Loading />}
      <ErrorNotice error={data.error} onRetry={reload} />
      {data.data && sessions.length === 0 && <p>{t('live.empty')}</p>}
      {sessions.length > 0 && (
        <div className="table-scroll">
          <table className="data" data-testid="live-table">
            <thead>
              <tr>
                <th scope="col">{t('live.student')}</th>
                <th scope="col">{t('live.lab')}</th>
                <th scope="col">{t('history.bench')}</th>
                <th scope="col">{t('history.started')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('live.watch')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => {
                const person = data.data?.teaching.people.get(s.ownerId);
                const lab = s.labId ? data.data?.teaching.labs.get(s.labId) : undefined;
                return (
                  <tr key={s.id} data-testid="live-row">
                    <td>
                      <bdi>{person?.displayName ?? t('live.unknown')}</bdi>
                    </td>
                    <td>
                      <bdi>{lab?.title ?? '—'}</bdi>
                    </td>
                    <td>
                      <bdi>{s.benchId}</bdi>
                    </td>
                    <td>{date(s.startedAt, 'time')}</td>
                    <td>
                      <a
                        href={hrefFor({ page: 'observe', sessionId: s.id })}
                        data-testid="observe-link"
                      >
                        {t('live.watch')}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
