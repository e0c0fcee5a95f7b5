import type { WeekSlots } from '@remotelab/protocol';
import { splitLocal } from '../format/date-format.ts';

export type Slot = WeekSlots['slots'][number];

export interface WeekGrid {
  /** The seven dates (YYYY-MM-DD) of the week, Monday first. */
  days: string[];
  /**
   * Wall-clock start times (minutes since midnight) at which at least one day has a slot that is
   * not closed: hours closed on every day are collapsed away.
   */
  rows: number[];
  /** How many wall-clock rows were collapsed because every day was closed then. */
  closedRows: number;
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
 * extra row rather than shifting every slot by an hour. Rows closed on every day are left out.
 */
export function weekGrid(week: WeekSlots): WeekGrid {
  const days = weekDays(week.week);
  const cells = new Map<string, Slot>();
  const all = new Set<number>();
  const open = new Set<number>();
  for (const slot of week.slots) {
    const { date, minutes } = splitLocal(slot.localStart);
    if (!days.includes(date)) continue;
    cells.set(`${date}|${minutes}`, slot);
    all.add(minutes);
    if (slot.state !== 'closed') open.add(minutes);
  }
  return {
    days,
    rows: [...open].sort((a, b) => a - b),
    closedRows: all.size - open.size,
    cells,
  };
}

/** The next `count` free slots starting after `now`, soonest first, from one or more weeks. */
export function nextFreeSlots(weeks: readonly WeekSlots[], now: number, count: number): Slot[] {
  // Weeks may overlap (the same week loaded twice around a week change): one slot per start.
  const byStart = new Map<number, Slot>();
  for (const slot of weeks.flatMap((week) => week.slots)) {
    if (slot.state === 'free' && slot.start > now) byStart.set(slot.start, slot);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start).slice(0, count);
}

/** One line of a day's list: a slot, or a run of closed slots shown as one line. */
export type DayEntry =
  { kind: 'slot'; slot: Slot } | { kind: 'closed'; start: number; end: number; count: number };

/**
 * A day's slots for a list that fits a phone: free, full and booked slots one per line, every
 * run of consecutive closed slots (the night, past hours) folded into one "closed" line.
 */
export function daySlots(week: WeekSlots, date: string): DayEntry[] {
  const entries: DayEntry[] = [];
  const ofDay = week.slots
    .filter((slot) => splitLocal(slot.localStart).date === date)
    .sort((a, b) => a.start - b.start);
  for (const slot of ofDay) {
    const last = entries[entries.length - 1];
    if (slot.state !== 'closed') entries.push({ kind: 'slot', slot });
    else if (last?.kind === 'closed') {
      last.end = slot.end;
      last.count += 1;
    } else entries.push({ kind: 'closed', start: slot.start, end: slot.end, count: 1 });
  }
  return entries;
}

/** The day the day view opens on: today when it is in the week, else its first day with a free slot. */
export function firstDayToShow(week: WeekSlots, today: string): string {
  const days = weekDays(week.week);
  if (days.includes(today)) return today;
  const free = week.slots.find((slot) => slot.state === 'free');
  const date = free ? splitLocal(free.localStart).date : undefined;
  return date && days.includes(date) ? date : (days[0] ?? today);
}
