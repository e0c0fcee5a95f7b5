import { useEffect, useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { Lab } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { courseApi, labApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { navigate } from '../app/use-hash-route.ts';
import { useBenchList } from '../benches/use-bench-list.ts';
import { MarkdownView } from '../markdown/markdown-view.tsx';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { ControlRanges } from './control-ranges.tsx';
import { Field } from './designer-fields.tsx';
import { poolEnvelope } from '@remotelab/protocol';
import { checkDraft, draftOf, emptyDraft, toLabInput } from './lab-design.ts';
import type { LabDraft } from './lab-design.ts';

/**
 * `#/teach/courses/<id>/new-lab` and `#/teach/labs/<id>/edit`: pick a pool, expose channels
 * and narrow their ranges (checked live against the pool's envelope from `/api/benches`), write
 * the instructions with a preview, set the slot length, booking policy and groups.
 */
export function LabDesignerPage(props: { courseId?: string; labId?: string }) {
  const { t } = useTranslation();
  const existing = useLoad(
    async (): Promise<Lab | null> => (props.labId ? labApi.get(props.labId) : null),
    props.labId ?? 'new',
  );
  const courseId = props.courseId ?? existing.data?.courseId;
  const groups = useLoad(
    async () => (courseId ? courseApi.groups(courseId) : []),
    courseId ?? 'none',
  );
  if (props.labId && !existing.data) {
    return (
      <Page title={t('designer.editTitle')} testId="lab-designer">
        {existing.loading && <Loading />}
        <ErrorNotice error={existing.error} onRetry={existing.reload} />
      </Page>
    );
  }
  return (
    <DesignerForm
      key={existing.data?.id ?? 'new'}
      lab={existing.data ?? null}
      courseId={courseId ?? ''}
      groups={groups.data ?? []}
    />
  );
}

function DesignerForm(props: {
  lab: Lab | null;
  courseId: string;
  groups: readonly { id: string; name: string }[];
}) {
  const { lab, courseId, groups } = props;
  const { t } = useTranslation();
  const id = useId();
  const { benches, loaded } = useBenchList();
  const [draft, setDraft] = useState<LabDraft>(() => (lab ? draftOf(lab) : emptyDraft()));
  const [preview, setPreview] = useState(false);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const pools = useMemo(() => [...new Set(benches.map((b) => b.pool))].sort(), [benches]);
  const envelope = useMemo(
    () =>
      draft.pool
        ? poolEnvelope(
            draft.pool,
            benches.filter((b) => b.pool === draft.pool),
          )
        : null,
    [draft.pool, benches],
  );
  // A new lab starts on the only pool there is.
  useEffect(() => {
    if (!lab && !draft.pool && pools.length === 1 && pools[0]) {
      setDraft((d) => ({ ...d, pool: pools[0] ?? '' }));
    }
  }, [lab, draft.pool, pools]);
  const problems = checkDraft(draft, envelope);
  const shown = (field: string) =>
    problems.filter(
      (p) =>
        p.field === field && (touched || field.startsWith('control.') || field === 'slotMinutes'),
    );
  const set = (change: Partial<LabDraft>) => setDraft((d) => ({ ...d, ...change }));
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problems.length > 0) return;
    setBusy(true);
    setError(null);
    const body = toLabInput(draft, envelope);
    (lab ? labApi.replace(lab.id, body) : labApi.create(courseId, body)).then(
      (saved) => navigate(hrefFor({ page: 'course', courseId: saved.courseId })),
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <Page title={lab ? t('designer.editTitle') : t('designer.newTitle')} testId="lab-designer">
      <p>
        <a href={hrefFor({ page: 'course', courseId })}>{t('courses.back')}</a>
      </p>
      {!loaded && <Loading />}
      <form className="form designer" onSubmit={save} noValidate>
        <Field id={`${id}-title`} label={t('designer.labTitle')} problems={shown('title')}>
          {(describedBy, invalid) => (
            <input
              id={`${id}-title`}
              value={draft.title}
              maxLength={200}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onChange={(e) => set({ title: e.currentTarget.value })}
              data-testid="lab-title"
            />
          )}
        </Field>
        <Field
          id={`${id}-pool`}
          label={t('designer.pool')}
          hint={t('designer.poolHint')}
          problems={shown('pool')}
        >
          {(describedBy, invalid) => (
            <select
              id={`${id}-pool`}
              value={draft.pool}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onChange={(e) => set({ pool: e.currentTarget.value, inputs: [], controls: {} })}
              data-testid="lab-pool"
            >
              <option value="">{t('designer.choosePool')}</option>
              {pools.map((pool) => (
                <option key={pool} value={pool}>
                  {pool}
                </option>
              ))}
            </select>
          )}
        </Field>
        {envelope && (
          <>
            <p className="muted">{t('designer.poolBenches', { n: envelope.benches })}</p>
            <fieldset className="fieldset" data-testid="designer-inputs">
              <legend>{t('designer.inputs')}</legend>
              {envelope.inputs.map((input) => (
                <label key={input.id} className="check">
                  <input
                    type="checkbox"
                    checked={draft.inputs.includes(input.id)}
                    onChange={(e) =>
                      set({ inputs: toggle(draft.inputs, input.id, e.currentTarget.checked) })
                    }
                    data-testid={`input-${input.id}`}
                  />
                  <bdi>{input.label}</bdi>{' '}
                  {input.unit && <span className="muted">({input.unit})</span>}
                </label>
              ))}
              {shown('inputs').length > 0 && (
                <p className="field-error">{t('designer.problem.none')}</p>
              )}
            </fieldset>
            <ControlRanges
              envelope={envelope}
              draft={draft}
              problems={problems}
              onChange={(controls) => set({ controls })}
            />
          </>
        )}
        <fieldset className="fieldset">
          <legend>{t('designer.instructions')}</legend>
          <div className="toolbar" role="group" aria-label={t('designer.instructions')}>
            <button type="button" aria-pressed={!preview} onClick={() => setPreview(false)}>
              {t('designer.write')}
            </button>
            <button
              type="button"
              aria-pressed={preview}
              onClick={() => setPreview(true)}
              data-testid="preview-toggle"
            >
              {t('designer.preview')}
            </button>
          </div>
          {preview ? (
            <div className="preview" data-testid="instructions-preview">
              <MarkdownView source={draft.instructions} headingOffset={3} />
            </div>
          ) : (
            <>
              <label htmlFor={`${id}-md`} className="visually-hidden">
                {t('designer.instructions')}
              </label>
              <textarea
                id={`${id}-md`}
                rows={10}
                dir="auto"
                aria-describedby={`${id}-md-hint`}
                value={draft.instructions}
                onChange={(e) => set({ instructions: e.currentTarget.value })}
                data-testid="lab-instructions"
              />
              <small id={`${id}-md-hint`}>{t('designer.markdownHint')}</small>
            </>
          )}
        </fieldset>
        <fieldset className="fieldset grid-fields">
          <legend>{t('designer.policy')}</legend>
          {(['slotMinutes', 'quotaPerWeek', 'horizonDays', 'cancelDeadlineMinutes'] as const).map(
            (field) => (
              <Field
                key={field}
                id={`${id}-${field}`}
                label={t(`designer.${field}`)}
                problems={shown(field)}
              >
                {(describedBy, invalid) => (
                  <input
                    id={`${id}-${field}`}
                    inputMode="numeric"
                    dir="ltr"
                    size={6}
                    value={draft[field]}
                    aria-invalid={invalid}
                    aria-describedby={describedBy}
                    onChange={(e) => set({ [field]: e.currentTarget.value })}
                    data-testid={`lab-${field}`}
                  />
                )}
              </Field>
            ),
          )}
        </fieldset>
        <fieldset className="fieldset" data-testid="designer-groups">
          <legend>{t('designer.groups')}</legend>
          {groups.length === 0 && <p>{t('designer.noGroups')}</p>}
          {groups.map((group) => (
            <label key={group.id} className="check">
              <input
                type="checkbox"
                checked={draft.groupIds.includes(group.id)}
                onChange={(e) =>
                  set({ groupIds: toggle(draft.groupIds, group.id, e.currentTarget.checked) })
                }
                data-testid={`group-${group.name}`}
              />
              <bdi>{group.name}</bdi>
            </label>
          ))}
        </fieldset>
        {touched && problems.length > 0 && (
          <p className="notice" data-tone="error" role="alert" data-testid="designer-problems">
            {t('designer.fix', { n: problems.length })}
          </p>
        )}
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="lab-save">
            {t('designer.save')}
          </button>
        </div>
      </form>
    </Page>
  );
}
