import { useState } from 'react';
import type { Booking, WeekSlots } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { schedulingApi } from '../api/scheduling-api.ts';
import { useTimeZone } from '../auth/use-auth.ts';
import { isoDateIn, mondayOf } from '../format/date-format.ts';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { ErrorNotice, Loading } from '../shared/error-notice.tsx';
import { useLoad } from '../shared/use-load.ts';
import { usePush } from '../shared/use-push.ts';
import { DayView, NextFreeList, WeekTable, useSlotWhen } from './slot-views.tsx';
import type { SlotPicking } from './slot-views.tsx';
import { firstDayToShow, nextFreeSlots } from './week-grid.ts';
import type { Slot } from './week-grid.ts';

/** How many of the soonest free slots the list offers. */
const NEXT_FREE_COUNT = 4;

/**
 * Booking, phone first: the quota and my next booking on top, then the soonest free slots (tap
 * one, tap "Book"), then one day at a time; the whole week as a table only where it fits. The
 * server may still say SLOT_FULL or QUOTA_EXCEEDED (someone was faster): the answer is shown
 * in the user's words and the slots are reloaded.
 */
export function BookingCalendar(props: {
  labId: string;
  bookings: readonly Booking[];
  onBooked: (booking: Booking) => void;
}) {
  const { labId, bookings, onBooked } = props;
  const { t } = useTranslation();
  const zone = useTimeZone();
  const date = useDateFormat();
  const format = useNumberFormat();
  const when = useSlotWhen();
  const thisMonday = mondayOf(isoDateIn(zone, Date.now()));
  const [monday, setMonday] = useState(thisMonday);
  const [day, setDay] = useState<string | null>(null);
  const [selected, setSelected] = useState<Slot | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const week = useLoad(() => schedulingApi.week(labId, monday, zone), `${labId}|${monday}|${zone}`);
  // The list looks two weeks ahead, whatever week the day view shows.
  const soon = useLoad(
    () =>
      Promise.all([
        schedulingApi.week(labId, thisMonday, zone),
        schedulingApi.week(labId, mondayOf(thisMonday, 1), zone),
      ]),
    `${labId}|${thisMonday}|${zone}`,
  );
  const reload = () => {
    week.reload();
    soon.reload();
  };
  usePush('booking:changed', (booking) => {
    if (booking.labId === labId) reload();
  });

  const book = (slot: Slot) => {
    setPending(true);
    setError(null);
    schedulingApi.book(labId, slot.start).then(
      (booking) => {
        setPending(false);
        setSelected(null);
        reload();
        onBooked(booking);
      },
      (failure: unknown) => {
        setPending(false);
        setSelected(null);
        setError(failure);
        reload();
      },
    );
  };
  const picking: SlotPicking = {
    selected: selected?.start ?? null,
    busy: pending,
    onPick: (slot) => setSelected((current) => (current?.start === slot.start ? null : slot)),
  };

  const data: WeekSlots | undefined = week.data;
  const quota = data?.quota ?? soon.data?.[0]?.quota;
  const next = bookings
    .filter((b) => b.labId === labId && (b.status === 'booked' || b.status === 'active'))
    .sort((a, b) => a.start - b.start)[0];
  const shownDay = data ? (day ?? firstDayToShow(data, isoDateIn(zone, Date.now()))) : null;
  const changeWeek = (weeks: number) => {
    setMonday((m) => mondayOf(m, weeks));
    setDay(null);
  };

  return (
    <section
      className="panel stack booking"
      aria-labelledby="calendar-title"
      data-testid="booking-calendar"
    >
      <h3 id="calendar-title">{t('booking.title')}</h3>
      <div className="booking-status" data-testid="booking-status">
        {quota && (
          <p data-testid="quota-left" data-left={quota.left}>
            {t('booking.quotaLeft', { left: format(quota.left), total: format(quota.perWeek) })}
          </p>
        )}
        <p data-testid="next-booking">
          {next ? t('booking.nextBooking', { when: when(next) }) : t('booking.noNextBooking')}
        </p>
      </div>
      <ErrorNotice error={error} />
      {soon.loading && !soon.data && <Loading />}
      <ErrorNotice error={soon.error} onRetry={soon.reload} />
      {soon.data && (
        <NextFreeList
          slots={nextFreeSlots(soon.data, Date.now(), NEXT_FREE_COUNT)}
          picking={picking}
        />
      )}
      {selected && (
        <div className="confirm-bar" role="group" aria-label={t('booking.confirmLabel')}>
          <span>{when(selected)}</span>
          <button
            type="button"
            className="primary"
            data-testid="book-confirm"
            disabled={pending}
            onClick={() => book(selected)}
          >
            {t('booking.book')}
          </button>
          <button type="button" onClick={() => setSelected(null)} disabled={pending}>
            {t('booking.cancelPick')}
          </button>
        </div>
      )}
      <h4>{t('booking.browse')}</h4>
      <div className="toolbar week-toolbar">
        <button type="button" onClick={() => changeWeek(-1)} aria-label={t('booking.previousWeek')}>
          <span aria-hidden="true">‹</span>
        </button>
        <span className="week-label" aria-live="polite">
          {t('booking.weekOf', { date: date(Date.parse(`${monday}T12:00:00Z`), 'dayMonth') })}
        </span>
        <button type="button" onClick={() => changeWeek(1)} aria-label={t('booking.nextWeek')}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
      {data && <p className="muted">{t('booking.timeZone', { zone: data.timeZone })}</p>}
      {week.loading && !data && <Loading />}
      <ErrorNotice error={week.error} onRetry={week.reload} />
      {data && shownDay && (
        <>
          <DayView week={data} day={shownDay} onDay={setDay} picking={picking} />
          <WeekTable week={data} picking={picking} />
        </>
      )}
    </section>
  );
}
