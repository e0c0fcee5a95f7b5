import { useEffect, useState } from 'react';
import type { Lab, Session } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { labApi, sessionApi } from '../api/platform-api.ts';
import { schedulingApi } from '../api/scheduling-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { useServices } from '../app/services.ts';
import { useUser } from '../auth/use-auth.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { Page } from '../shared/page.tsx';
import { useLoad } from '../shared/use-load.ts';
import { usePush } from '../shared/use-push.ts';
import { sessionEndsAt } from './session-clock.ts';
import { SessionView } from './session-view.tsx';

interface Loaded {
  session: Session;
  lab: Lab | null;
  /** The end of the booking behind the session, when the scheduler has one. */
  bookingEnd: number | null;
  bookingId: string | null;
}

export async function loadSession(sessionId: string): Promise<Loaded> {
  const session = await sessionApi.get(sessionId);
  const [lab, booking] = await Promise.all([
    session.labId ? labApi.get(session.labId).catch(() => null) : null,
    schedulingApi
      .mine(session.startedAt - 1)
      .then((bookings) => bookings.find((b) => b.sessionId === sessionId) ?? null)
      // No scheduler (isUnrouted) or no booking: the countdown falls back to the slot length.
      .catch(() => null),
  ]);
  return { session, lab, bookingEnd: booking?.end ?? null, bookingId: booking?.id ?? null };
}

/** `#/sessions/<id>`: the student's session; observers see it read-only. */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const loaded = useLoad(() => loadSession(sessionId), sessionId);
  const [pushedEndsAt, setPushedEndsAt] = useState<number | null>(null);
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const [paused, setPaused] = useState(false);
  /** The time credited back when the owner returned after a drop (ms), said once back. */
  const [creditedMs, setCreditedMs] = useState<number | null>(null);
  const data = loaded.data;
  const mine = (bookingId: string) => data?.bookingId === bookingId;
  // Back after a drop too long for the server to keep the pushes it missed (or a server
  // restart): the session may have been extended (time credited), paused or ended meanwhile.
  const { lab } = useServices();
  const { reload } = loaded;
  useEffect(
    () =>
      lab.onReconnect((recovered) => {
        if (!recovered) reload();
      }),
    [lab, reload],
  );
  usePush('session:extended', (e) => {
    if (mine(e.bookingId)) {
      setPushedEndsAt(e.endsAt);
      setPaused(false);
      if (e.creditedMs > 0) setCreditedMs(e.creditedMs);
    }
  });
  usePush('session:warning', (e) => {
    if (mine(e.bookingId)) setPushedEndsAt(e.endsAt);
  });
  usePush('session:paused', (e) => {
    if (mine(e.bookingId)) {
      setPaused(true);
      setCreditedMs(null);
    }
  });
  usePush('session:ended', (e) => {
    if (mine(e.bookingId)) setEndedReason(e.reason);
  });

  const endsAt = data
    ? sessionEndsAt({
        pushedEndsAt,
        bookingEnd: data.bookingEnd,
        startedAt: data.session.startedAt,
        slotMinutes: data.lab?.slotMinutes ?? null,
      })
    : null;
  const readOnly = !!data && data.session.ownerId !== user?.id;
  return (
    <Page title={data?.lab?.title ?? t('session.title')} testId="session-page">
      <p>
        <a
          href={
            data?.lab ? hrefFor({ page: 'lab', labId: data.lab.id }) : hrefFor({ page: 'labs' })
          }
        >
          {t('labs.back')}
        </a>
      </p>
      {loaded.loading && !data && <Loading />}
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {paused && (
        <p className="notice" role="status">
          {t('session.paused')}
        </p>
      )}
      {!paused && creditedMs !== null && (
        <p className="notice" role="status" data-testid="time-credited">
          {t('session.credited', creditedParts(creditedMs))}
        </p>
      )}
      {data && (
        <SessionView
          session={data.session}
          lab={data.lab}
          endsAt={endsAt}
          readOnly={readOnly}
          endedReason={endedReason}
          onEnded={(session) => loaded.set({ ...data, session })}
        />
      )}
    </Page>
  );
}

/** Credited time as whole minutes and seconds, for the notice (never "0 min 0 s"). */
export function creditedParts(ms: number): { minutes: number; seconds: number } {
  const total = Math.max(1, Math.round(ms / 1000));
  return { minutes: Math.floor(total / 60), seconds: total % 60 };
}
