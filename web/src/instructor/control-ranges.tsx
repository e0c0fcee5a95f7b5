import { useTranslation } from 'react-i18next';
import { useNumberFormat } from '../i18n/use-format.ts';
import { useProblemText } from './designer-fields.tsx';
import type { PoolEnvelope } from '@remotelab/protocol';
import type { DraftProblem, LabDraft } from './lab-design.ts';

/** The pool's outputs: expose each or not, and narrow a numeric one inside the envelope. */
export function ControlRanges(props: {
  envelope: PoolEnvelope;
  draft: LabDraft;
  problems: readonly DraftProblem[];
  onChange: (controls: LabDraft['controls']) => void;
}) {
  const { envelope, draft, problems, onChange } = props;
  const { t } = useTranslation();
  const format = useNumberFormat();
  const text = useProblemText();
  return (
    <fieldset className="fieldset" data-testid="designer-controls">
      <legend>{t('designer.controls')}</legend>
      {envelope.outputs.length === 0 && <p>{t('designer.noOutputs')}</p>}
      {envelope.outputs.map((output) => {
        const control = draft.controls[output.id] ?? { enabled: false, min: '', max: '' };
        const set = (change: Partial<typeof control>) =>
          onChange({ ...draft.controls, [output.id]: { ...control, ...change } });
        const mine = problems.filter((p) => p.field === `control.${output.id}`);
        const base = `control-${output.id}`;
        return (
          <div key={output.id} className="control-design" data-testid={`design-${output.id}`}>
            <label className="check">
              <input
                type="checkbox"
                checked={control.enabled}
                onChange={(e) => set({ enabled: e.currentTarget.checked })}
                data-testid={`expose-${output.id}`}
              />
              <bdi>{output.label}</bdi>
            </label>
            {output.kind !== 'digital-out' && control.enabled && (
              <div className="range-inputs">
                <span className="muted" id={`${base}-envelope`}>
                  {t('designer.envelope', {
                    min: format(output.min),
                    max: format(output.max),
                    unit: output.unit,
                  })}
                </span>
                {(['min', 'max'] as const).map((end) => (
                  <span key={end} className="inline-field">
                    <label htmlFor={`${base}-${end}`}>{t(`designer.${end}`)}</label>
                    <input
                      id={`${base}-${end}`}
                      inputMode="decimal"
                      dir="ltr"
                      size={8}
                      placeholder={format(end === 'min' ? output.min : output.max)}
                      value={control[end]}
                      aria-invalid={mine.length > 0}
                      aria-describedby={`${base}-envelope${mine.length ? ` ${base}-problem` : ''}`}
                      onChange={(e) => set({ [end]: e.currentTarget.value })}
                      data-testid={`range-${output.id}-${end}`}
                    />
                  </span>
                ))}
                {mine.length > 0 && (
                  <p
                    id={`${base}-problem`}
                    className="field-error"
                    role="alert"
                    data-testid={`problem-${output.id}`}
                  >
                    {mine.map(text).join(' ')}
                  </p>
                )}
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
