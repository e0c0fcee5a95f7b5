import { useState } from 'react';
import type { Booking } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { schedulingApi } from '../api/scheduling-api.ts';
import { useTimeZone } from '../auth/use-auth.ts';
import { isoDateIn, mondayOf } from '../format/date-format.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { useLoad } from '../shared/use-load.ts';
import { usePush } from '../shared/use-push.ts';
import { weekGrid } from './week-grid.ts';
import type { Slot } from './week-grid.ts';

/**
 * A week of the lab's slots in my time zone: free (with how many benches), full, mine, closed.
 * A free slot is a button; booking it asks the server, which may still say SLOT_FULL or
 * QUOTA_EXCEEDED (someone was faster): the answer is shown next to the calendar.
 */
export function BookingCalendar(props: { labId: string; onBooked: (booking: Booking) => void }) {
  const { labId, onBooked } = props;
  const { t, i18n } = useTranslation();
  const zone = useTimeZone();
  const date = useDateFormat();
  const format = useNumberFormat();
  const [monday, setMonday] = useState(() => mondayOf(isoDateIn(zone, Date.now())));
  const [pending, setPending] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const week = useLoad(() => schedulingApi.week(labId, monday, zone), `${labId}|${monday}|${zone}`);
  usePush('booking:changed', (booking) => {
    if (booking.labId === labId) week.reload();
  });

  const book = (slot: Slot) => {
    setPending(slot.start);
    setError(null);
    schedulingApi.book(labId, slot.start).then(
      (booking) => {
        setPending(null);
        week.reload();
        onBooked(booking);
      },
      (failure: unknown) => {
        setPending(null);
        setError(failure);
        week.reload();
      },
    );
  };

  const data = week.data;
  const grid = data ? weekGrid(data) : null;
  const time = (slot: Slot) => date(slot.start, 'time');
  return (
    <section
      className="panel stack"
      aria-labelledby="calendar-title"
      data-testid="booking-calendar"
    >
      <h3 id="calendar-title">{t('booking.title')}</h3>
      <div className="toolbar">
        <button type="button" onClick={() => setMonday((m) => mondayOf(m, -1))}>
          {t('booking.previousWeek')}
        </button>
        <span className="week-label" aria-live="polite">
          {t('booking.weekOf', { date: date(Date.parse(`${monday}T12:00:00Z`), 'dayMonth') })}
        </span>
        <button type="button" onClick={() => setMonday((m) => mondayOf(m, 1))}>
          {t('booking.nextWeek')}
        </button>
      </div>
      {data && (
        <p data-testid="quota-left" data-left={data.quota.left}>
          {t('booking.quotaLeft', {
            left: format(data.quota.left),
            total: format(data.quota.perWeek),
          })}{' '}
          <span className="muted">{t('booking.timeZone', { zone: data.timeZone })}</span>
        </p>
      )}
      <ErrorNotice error={error} />
      {week.loading && !data && <Loading />}
      <ErrorNotice error={week.error} onRetry={week.reload} />
      {grid && grid.rows.length === 0 && <p>{t('booking.noSlots')}</p>}
      {grid && grid.rows.length > 0 && (
        <div className="table-scroll" tabIndex={0} aria-label={t('booking.title')}>
          <table className="week" data-testid="week-grid">
            <thead>
              <tr>
                <th scope="col">{t('booking.time')}</th>
                {grid.days.map((day) => (
                  <th key={day} scope="col">
                    {new Intl.DateTimeFormat(i18n.language, {
                      weekday: 'short',
                      day: 'numeric',
                      timeZone: 'UTC',
                    }).format(Date.parse(`${day}T12:00:00Z`))}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((minutes) => {
                const first = grid.days
                  .map((day) => grid.cells.get(`${day}|${minutes}`))
                  .find((slot) => slot !== undefined);
                return (
                  <tr key={minutes}>
                    <th scope="row">{first ? time(first) : ''}</th>
                    {grid.days.map((day) => {
                      const slot = grid.cells.get(`${day}|${minutes}`);
                      return (
                        <td key={day} data-state={slot?.state ?? 'none'}>
                          {slot && <SlotCell slot={slot} busy={pending !== null} onBook={book} />}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SlotCell({
  slot,
  busy,
  onBook,
}: {
  slot: Slot;
  busy: boolean;
  onBook: (s: Slot) => void;
}) {
  const { t } = useTranslation();
  const date = useDateFormat();
  const format = useNumberFormat();
  const when = `${date(slot.start, 'weekday')} ${date(slot.start, 'time')}–${date(slot.end, 'time')}`;
  if (slot.state === 'free') {
    return (
      <button
        type="button"
        className="slot"
        data-testid="slot-free"
        data-start={slot.start}
        disabled={busy}
        aria-label={t('booking.bookSlot', { when, free: format(slot.free) })}
        onClick={() => onBook(slot)}
      >
        {t('booking.free', { free: format(slot.free) })}
      </button>
    );
  }
  return (
    <span className="slot" data-testid={`slot-${slot.state}`} data-start={slot.start} title={when}>
      {t(`booking.state.${slot.state}`)}
    </span>
  );
}
