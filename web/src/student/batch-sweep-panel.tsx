import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { BatchSweepSchema, type BatchSweep, type Lab } from '@remotelab/protocol';
import { useServices } from '../app/services.ts';
import { useErrorMessage } from '../i18n/error-message.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import type { ClientErrorCode } from '../realtime/client-ack.ts';
import type { OutboxEntry } from '../offline/sweep-outbox.ts';

interface Draft {
  output: string;
  from: string;
  to: string;
  step: string;
  dwellMs: string;
  record: string[];
}

/**
 * The draft as a sweep, or null when a field does not parse. Ranges are the server's to check
 * (it knows the bench's own limits, which may have changed since the lab was kept offline).
 */
function toSweep(draft: Draft): BatchSweep | null {
  const number = (text: string) => (text.trim() === '' ? NaN : Number(text.replace(',', '.')));
  const parsed = BatchSweepSchema.safeParse({
    output: draft.output,
    from: number(draft.from),
    to: number(draft.to),
    step: number(draft.step),
    dwellMs: number(draft.dwellMs),
    record: draft.record,
  });
  return parsed.success ? parsed.data : null;
}

/**
 * A batch sweep for this lab: prepared here even with no connection, kept in the outbox (on this
 * browser) with a clear "waiting to send" until the server has it, then "sent" or "refused" with
 * the server's reason.
 */
export function BatchSweepPanel({ lab }: { lab: Lab }) {
  const { t } = useTranslation();
  const { outbox } = useServices();
  const entries = useSyncExternalStore(outbox.entries.subscribe, outbox.entries.get);
  const mine = entries.filter((entry) => entry.labId === lab.id);
  const first = lab.controls[0];
  const [draft, setDraft] = useState<Draft>({
    output: first?.output ?? '',
    from: first?.min === undefined ? '' : String(first.min),
    to: first?.max === undefined ? '' : String(first.max),
    step: '',
    dwellMs: '500',
    record: [...lab.inputs],
  });
  const [invalid, setInvalid] = useState(false);
  const set = (change: Partial<Draft>) => {
    setInvalid(false);
    setDraft((d) => ({ ...d, ...change }));
  };

  const prepare = (event: React.FormEvent) => {
    event.preventDefault();
    const sweep = toSweep(draft);
    if (!sweep) {
      setInvalid(true);
      return;
    }
    outbox.prepare(lab.id, sweep);
  };

  if (lab.controls.length === 0 || lab.inputs.length === 0) return null;
  const field = (name: 'from' | 'to' | 'step' | 'dwellMs') => (
    <span className="inline-field">
      <label htmlFor={`sweep-${name}`}>{t(`sweep.${name}`)}</label>
      <input
        id={`sweep-${name}`}
        inputMode="decimal"
        dir="ltr"
        size={7}
        value={draft[name]}
        onChange={(e) => set({ [name]: e.currentTarget.value })}
        data-testid={`sweep-${name}`}
      />
    </span>
  );
  return (
    <section className="panel stack" aria-labelledby="sweep-title" data-testid="batch-sweep">
      <h3 id="sweep-title">{t('sweep.title')}</h3>
      <p className="muted">{t('sweep.intro')}</p>
      <form className="stack" onSubmit={prepare} noValidate>
        <span className="inline-field">
          <label htmlFor="sweep-output">{t('sweep.output')}</label>
          <select
            id="sweep-output"
            value={draft.output}
            onChange={(e) => set({ output: e.currentTarget.value })}
            data-testid="sweep-output"
          >
            {lab.controls.map((control) => (
              <option key={control.output} value={control.output}>
                {control.output}
              </option>
            ))}
          </select>
        </span>
        <div className="range-inputs">
          {field('from')}
          {field('to')}
          {field('step')}
          {field('dwellMs')}
        </div>
        <fieldset className="fieldset">
          <legend>{t('sweep.record')}</legend>
          {lab.inputs.map((input) => (
            <label key={input} className="check">
              <input
                type="checkbox"
                checked={draft.record.includes(input)}
                onChange={(e) =>
                  set({
                    record: e.currentTarget.checked
                      ? [...draft.record, input]
                      : draft.record.filter((id) => id !== input),
                  })
                }
                data-testid={`sweep-record-${input}`}
              />
              <bdi>{input}</bdi>
            </label>
          ))}
        </fieldset>
        {invalid && (
          <p className="field-error" role="alert" data-testid="sweep-invalid">
            {t('sweep.invalid')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="sweep-prepare">
            {t('sweep.prepare')}
          </button>
        </div>
      </form>
      {mine.length > 0 && (
        <ul className="stack" aria-label={t('sweep.outbox')} data-testid="sweep-outbox">
          {mine.map((entry) => (
            <OutboxItem key={entry.id} entry={entry} onDismiss={() => outbox.dismiss(entry.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OutboxItem({ entry, onDismiss }: { entry: OutboxEntry; onDismiss: () => void }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const errorMessage = useErrorMessage();
  const { sweep } = entry;
  return (
    <li
      className="notice"
      data-testid="sweep-entry"
      data-state={entry.state}
      data-run={entry.runId ?? ''}
      data-tone={entry.state === 'refused' ? 'error' : undefined}
      aria-live="polite"
    >
      <bdi>
        {t('sweep.summary', {
          output: sweep.output,
          from: format(sweep.from),
          to: format(sweep.to),
          step: format(sweep.step),
          dwell: format(sweep.dwellMs),
        })}
      </bdi>{' '}
      <strong data-testid="sweep-state">{t(`sweep.state.${entry.state}`)}</strong>
      {entry.refusal && (
        <span data-testid="sweep-refusal" data-code={entry.refusal.code}>
          {' '}
          {errorMessage({
            code: entry.refusal.code as ClientErrorCode,
            message: entry.refusal.message,
          })}{' '}
          <bdi className="muted">{entry.refusal.message}</bdi>
        </span>
      )}
      {(entry.state === 'sent' || entry.state === 'refused') && (
        <>
          {' '}
          <button type="button" onClick={onDismiss} data-testid="sweep-dismiss">
            {t('sweep.dismiss')}
          </button>
        </>
      )}
    </li>
  );
}
