import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/hash-route.ts';
import { useServices } from '../app/services.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { fleetEvents } from './fleet-events.ts';

/**
 * For technicians, on every page: a bench that went offline or was quarantined (a failed
 * self-test) is announced at once and stays visible until dismissed or resolved.
 */
export function FleetAlerts() {
  const { t } = useTranslation();
  const date = useDateFormat();
  const { lab, benches } = useServices();
  useEffect(() => {
    fleetEvents.know(benches.state.get().benches);
    const offList = benches.state.subscribe(() => fleetEvents.know(benches.state.get().benches));
    const offPush = lab.onBenchState((bench) => fleetEvents.observe(bench));
    return () => {
      offList();
      offPush();
    };
  }, [lab, benches]);
  useSyncExternalStore(fleetEvents.events.subscribe, fleetEvents.events.get);
  useSyncExternalStore(fleetEvents.dismissed.subscribe, fleetEvents.dismissed.get);
  const alerts = fleetEvents.alerts();
  return (
    <div className="alerts" role="alert" aria-live="assertive" data-testid="fleet-alerts">
      {alerts.map((alert) => (
        <p
          key={alert.id}
          className="notice"
          data-tone="error"
          data-testid="fleet-alert"
          data-kind={alert.kind}
          data-bench={alert.benchId}
        >
          <strong>{t(`fleet.alert.${alert.kind}`, { bench: alert.name })}</strong>{' '}
          {alert.reason && <bdi>{alert.reason}</bdi>}{' '}
          <span className="muted">{date(alert.at, 'time')}</span>{' '}
          <a href={hrefFor({ page: 'fleet' })}>{t('fleet.open')}</a>{' '}
          <button type="button" onClick={() => fleetEvents.dismiss(alert.id)}>
            {t('fleet.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
