import { useTranslation } from 'react-i18next';
import { sessionApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { useUser } from '../auth/use-auth.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { formatDuration } from './duration.ts';

/** `#/history`: my sessions, newest first, each with its recording as CSV. */
export function HistoryPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const date = useDateFormat();
  const format = useNumberFormat();
  const sessions = useLoad(() => sessionApi.list(), 'history');
  const mine = (sessions.data ?? [])
    .filter((s) => s.ownerId === user?.id)
    .sort((a, b) => b.startedAt - a.startedAt);

  return (
    <Page title={t('history.title')} testId="history-page">
      {sessions.loading && !sessions.data && <Loading />}
      <ErrorNotice error={sessions.error} onRetry={sessions.reload} />
      {sessions.data && mine.length === 0 && <p>{t('history.empty')}</p>}
      {mine.length > 0 && (
        <div className="table-scroll">
          <table className="data" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">{t('history.started')}</th>
                <th scope="col">{t('history.bench')}</th>
                <th scope="col">{t('history.duration')}</th>
                <th scope="col">{t('history.rows')}</th>
                <th scope="col">{t('history.data')}</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((session) => (
                <tr key={session.id} data-testid="history-row" data-status={session.status}>
                  <td>{date(session.startedAt)}</td>
                  <td>
                    <bdi>{session.benchId}</bdi>
                  </td>
                  <td>
                    {session.endedAt ? (
                      formatDuration(i18n.language, session.endedAt - session.startedAt)
                    ) : (
                      <a href={hrefFor({ page: 'session', sessionId: session.id })}>
                        {t('history.running')}
                      </a>
                    )}
                  </td>
                  <td>{format(session.recording.rows)}</td>
                  <td>
                    <a
                      href={sessionApi.csvUrl(session.id)}
                      download
                      data-testid="download-csv"
                      aria-label={t('history.downloadFor', { when: date(session.startedAt) })}
                    >
                      {t('history.csv')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
