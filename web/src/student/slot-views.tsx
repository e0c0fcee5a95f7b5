import type { WeekSlots } from '@remotelab/protocol';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../format/use-date-format.ts';
import { useNumberFormat } from '../i18n/use-format.ts';
import { daySlots, weekDays, weekGrid } from './week-grid.ts';
import type { Slot } from './week-grid.ts';

/** What every view of the slots shares: which one is picked, and how to pick one. */
export interface SlotPicking {
  selected: number | null;
  busy: boolean;
  onPick: (slot: Slot) => void;
}

/** `Tue 25 Mar 09:00–10:00`, in the user's zone and language. */
export function useSlotWhen(): (slot: { start: number; end: number }) => string {
  const date = useDateFormat();
  return (slot) =>
    `${date(slot.start, 'weekday')} ${date(slot.start, 'time')}–${date(slot.end, 'time')}`;
}

/**
 * A free slot as a button, or a taken one as text. Its state is in its words (free, full,
 * booked), not only in its colour; picking it selects it, the confirm bar books it.
 */
function SlotButton({
  slot,
  picking,
  label,
}: {
  slot: Slot;
  picking: SlotPicking;
  label: 'time' | 'when';
}) {
  const { t } = useTranslation();
  const date = useDateFormat();
  const format = useNumberFormat();
  const when = useSlotWhen()(slot);
  const shown = label === 'when' ? when : `${date(slot.start, 'time')}–${date(slot.end, 'time')}`;
  if (slot.state !== 'free') {
    return (
      <span className="slot" data-state={slot.state} data-testid={`slot-${slot.state}`}>
        <span>{shown}</span> <span className="slot-state">{t(`booking.state.${slot.state}`)}</span>
      </span>
    );
  }
  const selected = picking.selected === slot.start;
  return (
    <button
      type="button"
      className="slot"
      data-state="free"
      data-testid="slot-free"
      data-start={slot.start}
      aria-pressed={selected}
      disabled={picking.busy}
      aria-label={t('booking.pickSlot', { when, free: format(slot.free) })}
      onClick={() => picking.onPick(slot)}
    >
      <span>{shown}</span>{' '}
      <span className="slot-state">{t('booking.free', { free: format(slot.free) })}</span>
    </button>
  );
}

/** The soonest free slots as a list: the shortest way to a booking on a phone. */
export function NextFreeList({ slots, picking }: { slots: readonly Slot[]; picking: SlotPicking }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="next-free-title" className="stack" data-testid="next-free">
      <h4 id="next-free-title">{t('booking.nextFree')}</h4>
      {slots.length === 0 ? (
        <p data-testid="next-free-empty">{t('booking.noFreeSoon')}</p>
      ) : (
        <ul className="slot-list">
          {slots.map((slot) => (
            <li key={slot.start}>
              <SlotButton slot={slot} picking={picking} label="when" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One day at a time: seven day buttons that fit a phone, the day's slots with closed runs folded. */
export function DayView(props: {
  week: WeekSlots;
  day: string;
  onDay: (day: string) => void;
  picking: SlotPicking;
}) {
  const { week, day, onDay, picking } = props;
  const { t, i18n } = useTranslation();
  const date = useDateFormat();
  const entries = daySlots(week, day);
  const label = (iso: string, weekday: 'narrow' | 'long') =>
    new Intl.DateTimeFormat(i18n.language, {
      weekday,
      day: 'numeric',
      ...(weekday === 'long' ? { month: 'long' } : {}),
      timeZone: 'UTC',
    }).format(Date.parse(`${iso}T12:00:00Z`));
  return (
    <section className="day-view stack" aria-labelledby="day-title" data-testid="day-view">
      <div className="day-picker" role="group" aria-label={t('booking.pickDay')}>
        {weekDays(week.week).map((iso) => (
          <button
            key={iso}
            type="button"
            aria-pressed={iso === day}
            aria-label={label(iso, 'long')}
            data-testid={`day-${iso}`}
            onClick={() => onDay(iso)}
          >
            {label(iso, 'narrow')}
          </button>
        ))}
      </div>
      <h4 id="day-title">{label(day, 'long')}</h4>
      {entries.length === 0 && <p>{t('booking.noSlotsDay')}</p>}
      <ul className="slot-list">
        {entries.map((entry) =>
          entry.kind === 'slot' ? (
            <li key={entry.slot.start}>
              <SlotButton slot={entry.slot} picking={picking} label="time" />
            </li>
          ) : (
            <li key={entry.start} className="closed-run" data-testid="closed-run">
              {t('booking.closedRun', {
                from: date(entry.start, 'time'),
                to: date(entry.end, 'time'),
              })}
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

/** The whole week as a compact table, for screens wide enough (CSS shows it from 60rem). */
export function WeekTable({ week, picking }: { week: WeekSlots; picking: SlotPicking }) {
  const { t, i18n } = useTranslation();
  const date = useDateFormat();
  const grid = weekGrid(week);
  if (grid.rows.length === 0) return <p className="week-view">{t('booking.noSlots')}</p>;
  const dayName = (iso: string, weekday: 'short' | 'long') =>
    new Intl.DateTimeFormat(i18n.language, { weekday, day: 'numeric', timeZone: 'UTC' }).format(
      Date.parse(`${iso}T12:00:00Z`),
    );
  return (
    <div className="week-view stack">
      <table className="week" data-testid="week-grid">
        <caption className="muted">
          {grid.closedRows > 0 ? t('booking.closedHidden') : t('booking.title')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('booking.time')}</th>
            {grid.days.map((day) => (
              <th key={day} scope="col">
                <abbr title={dayName(day, 'long')}>{dayName(day, 'short')}</abbr>
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
                <th scope="row">{first ? date(first.start, 'time') : ''}</th>
                {grid.days.map((day) => {
                  const slot = grid.cells.get(`${day}|${minutes}`);
                  return (
                    <td key={day} data-state={slot?.state ?? 'none'}>
                      {slot && slot.state === 'free' && (
                        <CompactFree slot={slot} picking={picking} />
                      )}
                      {slot && slot.state !== 'free' && (
                        <span className="slot-state" data-testid={`cell-${slot.state}`}>
                          {t(`booking.stateShort.${slot.state}`)}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CompactFree({ slot, picking }: { slot: Slot; picking: SlotPicking }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const when = useSlotWhen()(slot);
  return (
    <button
      type="button"
      className="slot compact"
      data-testid="cell-free"
      data-start={slot.start}
      aria-pressed={picking.selected === slot.start}
      disabled={picking.busy}
      aria-label={t('booking.pickSlot', { when, free: format(slot.free) })}
      onClick={() => picking.onPick(slot)}
    >
      {t('booking.free', { free: format(slot.free) })}
    </button>
  );
}
