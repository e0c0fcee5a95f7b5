import type { Booking, QueueStatus } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { labApi } from '../api/platform-api.ts';
import { useAuth } from '../auth/use-auth.ts';
import { MarkdownView } from '../markdown/markdown-view.tsx';
import { useServices } from '../app/services.ts';
import { isUnrouted, schedulingApi } from '../api/scheduling-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { navigate } from '../app/use-hash-route.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { usePush } from '../shared/use-push.ts';
import { BookingCalendar } from './booking-calendar.tsx';
import { MyBookings } from './my-bookings.tsx';
import { PoolBenches } from './pool-benches.tsx';
import { PracticeEntry } from './practice-entry.tsx';
import { BatchSweepPanel } from './batch-sweep-panel.tsx';
import { WalkInQueue } from './walk-in-queue.tsx';

interface Scheduling {
  queue: QueueStatus;
  bookings: Booking[];
}

/** The scheduler's view of this lab for me, or null when this server runs without one. */
async function loadScheduling(labId: string): Promise<Scheduling | null> {
  try {
    const [queue, bookings] = await Promise.all([schedulingApi.queue(labId), schedulingApi.mine()]);
    return { queue, bookings };
  } catch (error) {
    if (isUnrouted(error)) return null;
    throw error;
  }
}

/** `#/labs/<id>`: book a slot, join the queue, practise on the twin, open a running session. */
export function LabPage({ labId }: { labId: string }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const lab = useLoad(() => labApi.get(labId), labId);
  const scheduling = useLoad(() => loadScheduling(labId), labId);
  const reload = scheduling.reload;
  usePush('session:started', (event) => {
    if (event.role === 'owner') navigate(hrefFor({ page: 'session', sessionId: event.sessionId }));
  });
  usePush('booking:changed', (booking) => {
    if (booking.labId === labId) reload();
  });
  // After accepting an offer the session starts; its booking carries the session id.
  const afterAccept = async () => {
    const bookings = await schedulingApi.mine().catch(() => []);
    const active = bookings.find((b) => b.labId === labId && b.status === 'active' && b.sessionId);
    if (active?.sessionId) navigate(hrefFor({ page: 'session', sessionId: active.sessionId }));
    else reload();
  };

  const data = lab.data;
  const { auth } = useServices();
  // Re-read when the store changes: `offline` is set together with the remembered user.
  useAuth();
  return (
    <Page title={data?.title ?? t('labs.lab')} testId="lab-page">
      <p>
        <a href={hrefFor({ page: 'labs' })}>{t('labs.back')}</a>
      </p>
      {lab.loading && !data && <Loading />}
      <ErrorNotice error={lab.error} onRetry={lab.reload} />
      {data && (
        <>
          <p className="muted">
            {t('labs.slotLength', { minutes: format(data.slotMinutes) })} ·{' '}
            {t('labs.quota', { n: format(data.policy.quotaPerWeek) })} ·{' '}
            {t('labs.pool', { pool: data.pool })}
          </p>
          {auth.offline && (
            <p className="notice" role="status" data-testid="lab-offline">
              {t('labs.offline')}
            </p>
          )}
          {!auth.offline && <ErrorNotice error={scheduling.error} onRetry={reload} />}
          {scheduling.data && (
            <div className="two-columns lab-columns">
              <BookingCalendar
                labId={labId}
                bookings={scheduling.data.bookings}
                onBooked={reload}
              />
              <div className="stack">
                <MyBookings bookings={scheduling.data.bookings} labId={labId} onChanged={reload} />
                <WalkInQueue
                  labId={labId}
                  initial={scheduling.data.queue}
                  onAccepted={() => void afterAccept()}
                />
                <PracticeEntry labId={labId} pool={data.pool} />
                <PoolBenches pool={data.pool} />
              </div>
            </div>
          )}
          {scheduling.data === null && <PracticeEntry labId={labId} pool={data.pool} />}
          {/* After booking: on a phone the first screen is for the next free slots. */}
          {(data.instructions || data.steps.length > 0) && (
            <details className="panel" open data-testid="lab-instructions">
              <summary>{t('labs.instructions')}</summary>
              <MarkdownView source={data.instructions} headingOffset={3} />
              {data.steps.map((step, index) => (
                <section key={index}>
                  <h4>{step.title}</h4>
                  <MarkdownView source={step.body} headingOffset={4} />
                </section>
              ))}
            </details>
          )}
          {scheduling.data !== null && <BatchSweepPanel lab={data} />}
        </>
      )}
    </Page>
  );
}
