import { useSyncExternalStore } from 'react';
import type { AuditEntry } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../api/platform-api.ts';
import { useUser } from '../auth/use-auth.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { fleetEvents } from './fleet-events.ts';

/** Detail of an audit entry as short text (its keys are the server's, shown as they are). */
function detailText(entry: AuditEntry): string {
  return Object.entries(entry.detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

function AuditLog() {
  const { t } = useTranslation();
  const date = useDateFormat();
  const log = useLoad(() => auditApi.list({ limit: 200 }), 'audit');
  return (
    <section className="stack" aria-labelledby="audit-title">
      <h3 id="audit-title">{t('fleetLog.audit')}</h3>
      {log.loading && !log.data && <Loading />}
      <ErrorNotice error={log.error} onRetry={log.reload} />
      <ul className="plain-list log" data-testid="audit-log">
        {log.data?.map((entry) => (
          <li key={entry.id}>
            <span className="muted">{date(entry.at)}</span> <strong>{entry.action}</strong>{' '}
            {entry.target && <bdi>{entry.target}</bdi>}{' '}
            <span className="muted">{detailText(entry)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * `#/fleet/log`: the audit log for admins (the API keeps it for them); for technicians, the
 * bench state changes this page has seen since it was opened.
 */
export function FleetLogPage() {
  const { t } = useTranslation();
  const date = useDateFormat();
  const user = useUser();
  const events = useSyncExternalStore(fleetEvents.events.subscribe, fleetEvents.events.get);
  return (
    <Page title={t('fleetLog.title')} testId="fleet-log-page">
      {user?.role === 'admin' && <AuditLog />}
      <section className="stack" aria-labelledby="changes-title">
        <h3 id="changes-title">{t('fleetLog.changes')}</h3>
        <p className="muted">{t('fleetLog.changesHint')}</p>
        {events.length === 0 && <p data-testid="fleet-log-empty">{t('fleetLog.empty')}</p>}
        <ul className="plain-list log" data-testid="fleet-log">
          {events.map((event) => (
            <li key={event.id} data-kind={event.kind}>
              <span className="muted">{date(event.at)}</span>{' '}
              {t(`fleet.alert.${event.kind}`, { bench: event.name })}{' '}
              {event.reason && <bdi className="muted">{event.reason}</bdi>}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
