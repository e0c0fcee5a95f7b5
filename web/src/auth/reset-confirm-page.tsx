import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/platform-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { navigate } from '../app/use-hash-route.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';

/** The server's rule (PasswordSchema): 10 to 200 characters. */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;

export function passwordProblem(
  password: string,
  again: string,
): 'short' | 'long' | 'differ' | null {
  if (password.length < PASSWORD_MIN) return 'short';
  if (password.length > PASSWORD_MAX) return 'long';
  if (password !== again) return 'differ';
  return null;
}

/** Chooses a new password with the single-use token of a reset or invitation link. */
export function ResetConfirmPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<unknown>(null);
  const problem = passwordProblem(password, again);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    setState('busy');
    authApi.confirmReset(token, password).then(
      () => setState('done'),
      (failure: unknown) => {
        setError(failure);
        setState('idle');
      },
    );
  };

  return (
    <Page title={t('auth.newPasswordTitle')} testId="reset-confirm">
      {state === 'done' ? (
        <p className="notice" data-tone="ok" role="status">
          {t('auth.passwordChanged')}{' '}
          <button type="button" onClick={() => navigate(hrefFor({ page: 'sign-in' }))}>
            {t('auth.signIn')}
          </button>
        </p>
      ) : (
        <form className="form narrow" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-new`}>{t('auth.newPassword')}</label>
            <input
              id={`${id}-new`}
              type="password"
              autoComplete="new-password"
              dir="ltr"
              aria-describedby={`${id}-hint`}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <small id={`${id}-hint`}>{t('auth.passwordRule', { min: PASSWORD_MIN })}</small>
          </div>
          <div className="field">
            <label htmlFor={`${id}-again`}>{t('auth.passwordAgain')}</label>
            <input
              id={`${id}-again`}
              type="password"
              autoComplete="new-password"
              dir="ltr"
              aria-invalid={touched && problem !== null}
              aria-describedby={touched && problem ? `${id}-problem` : undefined}
              value={again}
              onChange={(e) => setAgain(e.currentTarget.value)}
            />
          </div>
          {touched && problem && (
            <p id={`${id}-problem`} className="field-error" role="alert">
              {t(`auth.passwordProblem.${problem}`, { min: PASSWORD_MIN, max: PASSWORD_MAX })}
            </p>
          )}
          <ErrorNotice error={error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={state === 'busy'}>
              {t('auth.savePassword')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
