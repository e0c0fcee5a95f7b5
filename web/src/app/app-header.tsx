import { useTranslation } from 'react-i18next';
import { hrefFor } from './hash-route.ts';
import { LanguageSwitch } from '../i18n/language-switch.tsx';
import { ConnectionBadge } from '../realtime/connection-badge.tsx';

export function AppHeader() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="app-title">
        <a href={hrefFor({ page: 'benches' })}>{t('app.name')}</a>
        <span className="app-tagline">{t('app.tagline')}</span>
      </h1>
      <div className="app-header-tools">
        <ConnectionBadge />
        <LanguageSwitch />
      </div>
    </header>
  );
}
