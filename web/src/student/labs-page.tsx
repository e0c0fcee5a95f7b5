import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { loadMyLabs } from './my-labs.ts';

/** `#/labs`: the labs of my courses. */
export function LabsPage() {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const { data, error, loading, reload } = useLoad(() => loadMyLabs(), 'labs');
  const none = data && data.every((entry) => entry.labs.length === 0);
  return (
    <Page title={t('labs.title')} testId="labs-page">
      {loading && !data && <Loading />}
      <ErrorNotice error={error} onRetry={reload} />
      {none && <p data-testid="labs-empty">{t('labs.empty')}</p>}
      {data
        ?.filter((entry) => entry.labs.length > 0)
        .map(({ course, labs }) => (
          <section key={course.id} className="panel stack" aria-labelledby={`course-${course.id}`}>
            <h3 id={`course-${course.id}`}>
              <bdi>{course.title}</bdi> <span className="muted">({course.code})</span>
            </h3>
            <ul className="card-list">
              {labs.map((lab) => (
                <li key={lab.id} data-testid="lab-item" data-lab-id={lab.id}>
                  <a className="card-link" href={hrefFor({ page: 'lab', labId: lab.id })}>
                    <span className="card-title">
                      <bdi>{lab.title}</bdi>
                    </span>
                    <span className="muted">
                      {t('labs.slotLength', { minutes: format(lab.slotMinutes) })} ·{' '}
                      {t('labs.quota', { n: format(lab.policy.quotaPerWeek) })}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </Page>
  );
}
