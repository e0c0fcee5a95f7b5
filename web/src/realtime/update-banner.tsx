import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValueStore } from '../shared/value-store.ts';

/**
 * Shown once the server refused this page's protocol version (`LabSocket.outdated`): the page
 * was built for another server (a deployment happened while it was open). Reloading fetches the
 * page that matches; retrying the socket never would.
 */
export function UpdateBanner({ outdated }: { outdated: ValueStore<boolean> }) {
  const { t } = useTranslation();
  const shown = useSyncExternalStore(outdated.subscribe, outdated.get, outdated.get);
  if (!shown) return null;
  return (
    <div className="alerts">
      <p className="notice" role="alert" data-testid="update-banner">
        <span>{t('update.available')}</span>{' '}
        <button type="button" onClick={() => window.location.reload()}>
          {t('update.reload')}
        </button>
      </p>
    </div>
  );
}
