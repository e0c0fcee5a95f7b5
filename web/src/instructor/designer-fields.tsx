import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNumberFormat } from '../i18n/use-format.ts';
import type { DraftProblem } from './lab-design.ts';

/** The message of a problem, in the user's words, with its numbers localised. */
export function useProblemText(): (problem: DraftProblem) => string {
  const { t } = useTranslation();
  const format = useNumberFormat();
  return (problem) => {
    const values: { min?: string; max?: string; limit?: string } = {};
    for (const key of ['min', 'max', 'limit'] as const) {
      const value = (problem as Partial<Record<typeof key, number>>)[key];
      if (value !== undefined) values[key] = format(value, Number.isInteger(value) ? 0 : 2);
    }
    return t(`designer.problem.${problem.code}`, values);
  };
}

/** A labelled field whose problems are read out with it (aria-describedby) and shown below. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  problems: readonly DraftProblem[];
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const text = useProblemText();
  const { id, problems } = props;
  const ids = [props.hint ? `${id}-hint` : '', problems.length > 0 ? `${id}-problem` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children(ids || undefined, problems.length > 0)}
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {problems.length > 0 && (
        <p id={`${id}-problem`} className="field-error" data-testid={`problem-${id}`}>
          {problems.map(text).join(' ')}
        </p>
      )}
    </div>
  );
}
