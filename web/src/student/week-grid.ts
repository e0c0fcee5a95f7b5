import type { WeekSlots } from '@remotelab/protocol';
import { splitLocal } from '../format/date-format.ts';

export type Slot = WeekSlots['slots'][number];

export interface WeekGrid {
  /** The seven dates (YYYY-MM-DD) of the week, Monday first. */
  days: string[];
  /** Wall-clock start times (minutes since midnight) that at least one day has a slot at. */
  rows: number[];
  /** `${date}|${minutes}` -> the slot starting then. */
  cells: Map<string, Slot>;
}

/** Dates of the seven days from a Monday (pure calendar arithmetic, no time zone involved). */
export function weekDays(monday: string): string[] {
  const [y, m, d] = monday.split('-').map(Number);
  return Array.from({ length: 7 }, (_, i) =>
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + i)).toISOString().slice(0, 10),
  );
}

/**
 * Lays a week of slots out as a table: a column per day, a row per wall-clock start time, in the
 * zone the server computed them in (its `localStart`), so a DST change shows as a missing or
 * extra row rather than shifting every slot by an hour.
 */
export function weekGrid(week: WeekSlots): WeekGrid {
  const days = weekDays(week.week);
  const cells = new Map<string, Slot>();
  const rows = new Set<number>();
  for (const slot of week.slots) {
    const { date, minutes } = splitLocal(slot.localStart);
    if (!days.includes(date)) continue;
    cells.set(`${date}|${minutes}`, slot);
    rows.add(minutes);
  }
  return { days, rows: [...rows].sort((a, b) => a - b), cells };
}

/** `HH:MM` of minutes since midnight, for the row headers (then localised by the caller). */
export function wallClock(minutes: number): { hour: number; minute: number } {
  return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
}
