/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl. Instants are ms since the epoch
 * (UTC); a wall time is what a clock on the wall of that zone shows. We avoid a time-zone library
 * (and the Temporal polyfill, ~200 kB for three functions): the runtime's ICU already carries the
 * tz database (Node 20 ships it), and only offsets, local fields and local midnights are needed.
 */

export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone: callers validate zones with isValidTimeZone first.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time `instant` shows in `timeZone`. */
export function wallTimeOf(timeZone: string, instant: number): WallTime {
  const fields: Record<string, string> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    fields[part.type] = part.value;
  }
  return {
    year: Number(fields.year),
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    weekday: WEEKDAYS[fields.weekday ?? ''] ?? 0,
  };
}

/** The wall time read as if it were UTC: lets wall times be compared and subtracted. */
function wallAsUtc(wall: Pick<WallTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>) {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The zone's offset from UTC at `instant`, in ms (Paris in summer: +7 200 000). */
export function offsetAt(timeZone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallAsUtc(wallTimeOf(timeZone, whole)) - whole;
}

/**
 * The first instant whose wall time in `timeZone` is at or after the given wall time. An
 * ambiguous time (clocks going back) gives its earlier instant; a time that does not exist (clocks
 * going forward) moves forward by the gap, as Temporal's `compatible` does: 02:30 on the Paris
 * spring night is 03:30, and a midnight that does not exist is the instant the clocks jumped.
 */
export function instantOfWall(
  timeZone: string,
  wall: Pick<WallTime, 'year' | 'month' | 'day'> & Partial<Pick<WallTime, 'hour' | 'minute'>>,
): number {
  const target = wallAsUtc({ hour: 0, minute: 0, second: 0, ...wall });
  // No zone changes its offset twice within two days, so the offsets a day either side cover it.
  const offsets = new Set([
    offsetAt(timeZone, target - DAY_MS),
    offsetAt(timeZone, target + DAY_MS),
  ]);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = target - offset;
    if (wallAsUtc(wallTimeOf(timeZone, candidate)) >= target && candidate < best) best = candidate;
  }
  return best;
}

/** Adds days to a calendar date (no zone involved: the proleptic Gregorian calendar). */
function addDays(
  date: Pick<WallTime, 'year' | 'month' | 'day'>,
  days: number,
): Pick<WallTime, 'year' | 'month' | 'day'> {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

export interface LocalWeek {
  /** First instant of Monday 00:00 local. */
  start: number;
  /** First instant of the next Monday: 167, 168 or 169 hours later around a DST change. */
  end: number;
  /** The Monday, as `YYYY-MM-DD`. */
  monday: string;
}

/**
 * The ISO week (Monday to Monday, local midnights) containing `instant` in `timeZone`. Quotas
 * count per such week, so a student's week ends at their own midnight, not at UTC's.
 */
export function localWeekOf(timeZone: string, instant: number): LocalWeek {
  const wall = wallTimeOf(timeZone, instant);
  const monday = addDays(wall, 1 - wall.weekday);
  return {
    start: instantOfWall(timeZone, monday),
    end: instantOfWall(timeZone, addDays(monday, 7)),
    monday: isoDate(monday),
  };
}

/** The week that starts on the given Monday (`YYYY-MM-DD`), local midnights. */
export function localWeekStarting(timeZone: string, monday: string): LocalWeek {
  const [year, month, day] = monday.split('-').map(Number) as [number, number, number];
  return localWeekOf(timeZone, instantOfWall(timeZone, { year, month, day }));
}

function isoDate(date: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** `2025-03-30T03:00+02:00`: the wall time with its offset, as people read it and ISO parses it. */
export function formatLocal(timeZone: string, instant: number): string {
  const wall = wallTimeOf(timeZone, instant);
  const offsetMin = Math.round(offsetAt(timeZone, instant) / 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${isoDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
