import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import { useServices } from '../app/services.ts';
import { navigate } from '../app/use-hash-route.ts';
import { useAuth } from './use-auth.ts';

/** Who is signed in, and the way out; or the way in. */
export function UserMenu() {
  const { t } = useTranslation();
  const { auth: store } = useServices();
  const auth = useAuth();
  const [busy, setBusy] = useState(false);
  if (auth.status === 'loading') return null;
  if (auth.status === 'signed-out') {
    return (
      <a className="button-link" href={hrefFor({ page: 'sign-in' })} data-testid="sign-in-link">
        {t('auth.signIn')}
      </a>
    );
  }
  const { user } = auth;
  return (
    <span className="user-menu" data-testid="user-menu" data-role={user.role}>
      <span className="user-name">
        <bdi>{user.displayName}</bdi> <span className="muted">({t(`roles.${user.role}`)})</span>
      </span>
      <button
        type="button"
        data-testid="sign-out"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void store.signOut().finally(() => {
            setBusy(false);
            navigate(hrefFor({ page: 'home' }));
          });
        }}
      >
        {t('auth.signOut')}
      </button>
    </span>
  );
}
