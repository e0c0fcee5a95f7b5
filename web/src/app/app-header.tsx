import { useTranslation } from 'react-i18next';
import { hrefFor } from './hash-route.ts';
import type { Route } from './hash-route.ts';
import { UserMenu } from '../auth/user-menu.tsx';
import { LanguageSwitch } from '../i18n/language-switch.tsx';
import { MainNav } from '../nav/main-nav.tsx';
import { ConnectionBadge } from '../realtime/connection-badge.tsx';

export function AppHeader({ route }: { route: Route }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash is the router's: focus the content instead of navigating.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('nav.skip')}
      </a>
      <h1 className="app-title">
        <a href={hrefFor({ page: 'home' })}>{t('app.name')}</a>
        <span className="app-tagline">{t('app.tagline')}</span>
      </h1>
      <MainNav route={route} />
      <div className="app-header-tools">
        <ConnectionBadge />
        <LanguageSwitch />
        <UserMenu />
      </div>
    </header>
  );
}
