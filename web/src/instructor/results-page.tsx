import type { Session } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { labApi, sessionApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { formatDuration } from '../student/duration.ts';
import { loadTeaching } from './people.ts';

/** Sessions of one lab, per student (most recent first within each). */
function byStudent(sessions: readonly Session[]): Array<[string, Session[]]> {
  const groups = new Map<string, Session[]>();
  for (const s of [...sessions].sort((a, b) => b.startedAt - a.startedAt)) {
    groups.set(s.ownerId, [...(groups.get(s.ownerId) ?? []), s]);
  }
  return [...groups.entries()];
}

/** `#/teach/labs/<id>/results`: each student's sessions with their recordings. */
export function ResultsPage({ labId }: { labId: string }) {
  const { t, i18n } = useTranslation();
  const date = useDateFormat();
  const format = useNumberFormat();
  const data = useLoad(async () => {
    const [lab, sessions, teaching] = await Promise.all([
      labApi.get(labId),
      sessionApi.list({ labId }),
      loadTeaching(),
    ]);
    return { lab, sessions, people: teaching.people };
  }, labId);
  const d = data.data;
  return (
    <Page
      title={d ? t('results.titleOf', { lab: d.lab.title }) : t('results.title')}
      testId="results-page"
    >
      {d && (
        <p>
          <a href={hrefFor({ page: 'course', courseId: d.lab.courseId })}>{t('courses.back')}</a>
        </p>
      )}
      {data.loading && !d && <Loading />}
      <ErrorNotice error={data.error} onRetry={data.reload} />
      {d && d.sessions.length === 0 && <p>{t('results.empty')}</p>}
      {d &&
        byStudent(d.sessions).map(([ownerId, sessions]) => {
          const person = d.people.get(ownerId);
          return (
            <section key={ownerId} className="panel stack" data-testid="results-student">
              <h3>
                <bdi>{person?.displayName ?? t('live.unknown')}</bdi>{' '}
                {person && (
                  <span className="muted" dir="ltr">
                    {person.email}
                  </span>
                )}
              </h3>
              <p className="muted">{t('results.summary', { n: format(sessions.length) })}</p>
              <ul className="plain-list">
                {sessions.map((s) => (
                  <li key={s.id}>
                    {date(s.startedAt)} · <bdi>{s.benchId}</bdi> ·{' '}
                    {s.endedAt
                      ? formatDuration(i18n.language, s.endedAt - s.startedAt)
                      : t('history.running')}{' '}
                    · {t('results.rows', { n: format(s.recording.rows) })}{' '}
                    <a href={sessionApi.csvUrl(s.id)} download>
                      {t('history.csv')}
                    </a>{' '}
                    <a href={sessionApi.jsonUrl(s.id)} download>
                      {t('results.json')}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
    </Page>
  );
}
