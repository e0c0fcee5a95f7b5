import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { courseApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';

/** `#/teach`: the courses I teach, and a new one. */
export function CoursesPage() {
  const { t } = useTranslation();
  const id = useId();
  const courses = useLoad(() => courseApi.list(), 'courses');
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    courseApi.create(code.trim(), title.trim()).then(
      () => {
        setBusy(false);
        setCode('');
        setTitle('');
        courses.reload();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <Page title={t('courses.title')} testId="courses-page">
      {courses.loading && !courses.data && <Loading />}
      <ErrorNotice error={courses.error} onRetry={courses.reload} />
      {courses.data?.length === 0 && <p>{t('courses.empty')}</p>}
      <ul className="card-list">
        {courses.data?.map((course) => (
          <li key={course.id} data-testid="course-item">
            <a className="card-link" href={hrefFor({ page: 'course', courseId: course.id })}>
              <span className="card-title">
                <bdi>{course.title}</bdi>
              </span>
              <span className="muted">{course.code}</span>
            </a>
          </li>
        ))}
      </ul>
      <form className="panel form" onSubmit={create} aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t('courses.new')}</h3>
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('courses.code')}</label>
          <input
            id={`${id}-code`}
            required
            dir="ltr"
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,31}"
            aria-describedby={`${id}-code-hint`}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            data-testid="course-code"
          />
          <small id={`${id}-code-hint`}>{t('courses.codeHint')}</small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('courses.name')}</label>
          <input
            id={`${id}-name`}
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            data-testid="course-title"
          />
        </div>
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="course-create">
            {t('courses.create')}
          </button>
        </div>
      </form>
    </Page>
  );
}
