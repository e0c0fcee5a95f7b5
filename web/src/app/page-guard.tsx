import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/use-auth.ts';
import { SignInPage } from '../auth/sign-in-page.tsx';
import { pageAccess } from '../nav/role-links.ts';
import { Loading } from '../shared/error-notice.tsx';
import type { Route } from './hash-route.ts';

/** Shows the page if the user may see it; the sign-in form or a refusal otherwise. */
export function PageGuard({ route, children }: { route: Route; children: ReactNode }) {
  const { t } = useTranslation();
  const auth = useAuth();
  const role = auth.status === 'signed-in' ? auth.user.role : null;
  const access = pageAccess(route.page, role);
  if (access === 'open') return <>{children}</>;
  if (auth.status === 'loading') return <Loading />;
  if (access === 'sign-in') return <SignInPage />;
  return (
    <p className="notice" data-tone="error" role="alert" data-testid="forbidden">
      {t('nav.forbidden')}
    </p>
  );
}
