import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';

/** Asks for a reset link. The answer never says whether the address has an account. */
export function ResetRequestPage() {
  const { t } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<unknown>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setState('busy');
    setError(null);
    authApi.requestReset(email.trim()).then(
      () => setState('sent'),
      (failure: unknown) => {
        setError(failure);
        setState('idle');
      },
    );
  };

  return (
    <Page title={t('auth.resetTitle')} testId="reset-request">
      {state === 'sent' ? (
        <p className="notice" data-tone="ok" role="status" data-testid="reset-sent">
          {t('auth.resetSent')}
        </p>
      ) : (
        <form className="form narrow" onSubmit={submit}>
          <p>{t('auth.resetIntro')}</p>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('auth.email')}</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="email"
              dir="ltr"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
          </div>
          <ErrorNotice error={error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={state === 'busy'}>
              {t('auth.resetSend')}
            </button>
          </div>
        </form>
      )}
      <p>
        <a href={hrefFor({ page: 'sign-in' })}>{t('auth.backToSignIn')}</a>
      </p>
    </Page>
  );
}
