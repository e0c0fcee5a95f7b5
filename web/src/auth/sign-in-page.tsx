import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import { useServices } from '../app/services.ts';
import { navigate } from '../app/use-hash-route.ts';
import { homeOf } from '../nav/role-links.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useAuth } from './use-auth.ts';

/**
 * Email and password. Shown at `#/sign-in` and in place of any private page while signed out;
 * after signing in, the private page shows itself (or the role's home from `#/sign-in`).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { auth: store } = useServices();
  const auth = useAuth();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    store.signIn(email.trim(), password).then(
      (user) => {
        if (window.location.hash.startsWith('#/sign-in')) navigate(hrefFor(homeOf(user.role)));
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  if (auth.status === 'signed-in') {
    return (
      <Page title={t('auth.signIn')} testId="sign-in">
        <p>{t('auth.alreadySignedIn', { name: auth.user.displayName })}</p>
      </Page>
    );
  }
  return (
    <Page title={t('auth.signIn')} testId="sign-in">
      {auth.status === 'signed-out' && auth.expired && (
        <p className="notice" role="status">
          {t('auth.expired')}
        </p>
      )}
      <form className="form narrow" onSubmit={submit} data-testid="sign-in-form">
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('auth.email')}</label>
          <input
            id={`${id}-email`}
            type="email"
            name="email"
            autoComplete="username"
            dir="ltr"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('auth.password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            name="password"
            autoComplete="current-password"
            dir="ltr"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="sign-in-submit">
            {t('auth.signIn')}
          </button>
          <a href={hrefFor({ page: 'reset-request' })}>{t('auth.forgot')}</a>
        </div>
      </form>
    </Page>
  );
}
