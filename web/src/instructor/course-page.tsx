import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { courseApi, labApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { GroupPanel } from './group-panel.tsx';

/** `#/teach/courses/<id>`: the course's groups (with CSV import) and its labs. */
export function CoursePage({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const data = useLoad(async () => {
    const [courses, groups, labs] = await Promise.all([
      courseApi.list(),
      courseApi.groups(courseId),
      labApi.ofCourse(courseId),
    ]);
    return { course: courses.find((c) => c.id === courseId), groups, labs };
  }, courseId);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);

  const createGroup = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    courseApi.createGroup(courseId, name.trim()).then(() => {
      setName('');
      data.reload();
    }, setError);
  };

  return (
    <Page title={data.data?.course?.title ?? t('courses.course')} testId="course-page">
      <p>
        <a href={hrefFor({ page: 'courses' })}>{t('courses.back')}</a>
      </p>
      {data.loading && !data.data && <Loading />}
      <ErrorNotice error={data.error} onRetry={data.reload} />
      {data.data && (
        <div className="two-columns">
          <section className="stack" aria-labelledby={`${id}-labs`}>
            <h3 id={`${id}-labs`}>{t('courses.labs')}</h3>
            {data.data.labs.length === 0 && <p>{t('courses.noLabs')}</p>}
            <ul className="card-list">
              {data.data.labs.map((lab) => (
                <li key={lab.id} data-testid="course-lab" data-lab-id={lab.id}>
                  <span className="card-link">
                    <span className="card-title">
                      <bdi>{lab.title}</bdi>
                    </span>
                    <a href={hrefFor({ page: 'lab-edit', labId: lab.id })}>
                      {t('courses.editLab')}
                    </a>
                    <a href={hrefFor({ page: 'results', labId: lab.id })}>{t('courses.results')}</a>
                  </span>
                </li>
              ))}
            </ul>
            <p>
              <a
                className="button-link primary"
                href={hrefFor({ page: 'lab-new', courseId })}
                data-testid="new-lab"
              >
                {t('courses.newLab')}
              </a>
            </p>
          </section>
          <section className="stack" aria-labelledby={`${id}-groups`}>
            <h3 id={`${id}-groups`}>{t('groups.title')}</h3>
            {data.data.groups.map((group) => (
              <GroupPanel key={group.id} group={group} onChanged={data.reload} />
            ))}
            <form className="inline-form" onSubmit={createGroup}>
              <label htmlFor={`${id}-group`}>{t('groups.new')}</label>
              <input
                id={`${id}-group`}
                required
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-testid="group-name"
              />
              <button type="submit" data-testid="group-create">
                {t('groups.create')}
              </button>
            </form>
            <ErrorNotice error={error} />
          </section>
        </div>
      )}
    </Page>
  );
}
