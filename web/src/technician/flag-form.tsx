import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { BenchView } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { benchApi } from '../api/platform-api.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';

export type FlagKind = 'maintenance' | 'quarantine';

/** Puts a bench in maintenance or quarantine with a reason (3 to 500 characters, as the server asks). */
export function FlagForm(props: {
  bench: { id: string; name: string };
  kind: FlagKind;
  onDone: (item: BenchView | null) => void;
}) {
  const { bench, kind, onDone } = props;
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const tooShort = reason.trim().length < 3;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tooShort) return;
    setBusy(true);
    setError(null);
    benchApi.setFlag(bench.id, kind, reason.trim()).then(onDone, (failure: unknown) => {
      setBusy(false);
      setError(failure);
    });
  };

  return (
    <form
      className="panel form"
      onSubmit={submit}
      data-testid="flag-form"
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{t(`fleet.set.${kind}`, { bench: bench.name })}</h3>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('fleet.reason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={500}
          required
          // The form opens on the technician's request: the field they came to fill takes focus.
          autoFocus
          aria-describedby={`${id}-hint`}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="flag-reason"
        />
        <small id={`${id}-hint`}>{t('fleet.reasonHint')}</small>
      </div>
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || tooShort}
          data-testid="flag-save"
        >
          {t('fleet.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('fleet.cancel')}
        </button>
      </div>
    </form>
  );
}
