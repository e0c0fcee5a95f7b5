import { useState } from 'react';
import type { Booking } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { schedulingApi } from '../api/scheduling-api.ts';
import { hrefFor } from '../app/hash-route.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { ErrorNotice } from '../shared/error-notice.tsx';

/** My upcoming and running bookings of this lab: open the session, or cancel in time. */
export function MyBookings(props: {
  bookings: readonly Booking[];
  labId: string;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const date = useDateFormat();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const mine = props.bookings.filter(
    (b) => b.labId === props.labId && (b.status === 'booked' || b.status === 'active'),
  );

  const cancel = (booking: Booking) => {
    setBusy(booking.id);
    setError(null);
    schedulingApi.cancel(booking.id).then(
      () => {
        setBusy(null);
        props.onChanged();
      },
      (failure: unknown) => {
        setBusy(null);
        setError(failure);
      },
    );
  };

  return (
    <section className="panel stack" aria-labelledby="bookings-title" data-testid="my-bookings">
      <h3 id="bookings-title">{t('booking.mine')}</h3>
      {mine.length === 0 ? (
        <p>{t('booking.none')}</p>
      ) : (
        <ul className="plain-list">
          {mine.map((booking) => (
            <li key={booking.id} data-testid="booking-item" data-status={booking.status}>
              <span>
                {date(booking.start, 'weekday')} {date(booking.start, 'time')}–
                {date(booking.end, 'time')} · {t(`booking.kind.${booking.kind}`)} ·{' '}
                <bdi>{booking.benchId}</bdi>
              </span>{' '}
              {booking.status === 'active' && booking.sessionId ? (
                <a
                  className="button-link primary"
                  data-testid="open-session"
                  href={hrefFor({ page: 'session', sessionId: booking.sessionId })}
                >
                  {t('booking.openSession')}
                </a>
              ) : (
                <button
                  type="button"
                  disabled={busy === booking.id}
                  onClick={() => cancel(booking)}
                >
                  {t('booking.cancel')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}
