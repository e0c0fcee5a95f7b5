import { useTranslation } from 'react-i18next';
import { useServices } from '../app/services.ts';
import { useConnectionState } from './use-realtime.ts';

/** The link to the lab server, in a word (announced politely when it changes), and a way back. */
export function ConnectionBadge() {
  const { t } = useTranslation();
  const { lab } = useServices();
  const state = useConnectionState();
  return (
    <span className="connection">
      <span className="badge" role="status" data-testid="connection-state" data-state={state}>
        <span className="visually-hidden">{t('connection.label')}: </span>
        <span className="badge-text">{t(`connection.${state}`)}</span>
      </span>
      {state === 'offline' && (
        <button type="button" data-testid="reconnect" onClick={() => lab.reconnect()}>
          {t('connection.reconnect')}
        </button>
      )}
    </span>
  );
}
