/**
 * Dates and times for people: in their language and in *their* time zone (the one of their
 * profile, not the browser's: a student in Algiers on a laptop set to Paris time books in
 * Algiers time). Formatters are cached: building one is not cheap.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

export type DateStyle = 'date' | 'time' | 'dateTime' | 'weekday' | 'dayMonth';

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  time: { hour: '2-digit', minute: '2-digit' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  weekday: { weekday: 'short', day: 'numeric', month: 'short' },
  dayMonth: { day: 'numeric', month: 'long', year: 'numeric' },
};

function dateFormat(language: string, timeZone: string, style: DateStyle) {
  const key = `${language}|${timeZone}|${style}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { ...OPTIONS[style], timeZone });
    cache.set(key, format);
  }
  return format;
}

export function formatDate(
  language: string,
  timeZone: string,
  epochMs: number,
  style: DateStyle = 'dateTime',
): string {
  return Number.isFinite(epochMs) ? dateFormat(language, timeZone, style).format(epochMs) : '—';
}

/** The browser's own zone, for people not signed in. */
function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** A zone name the runtime knows, else UTC (a profile may carry a zone this browser lacks). */
export function safeTimeZone(zone: string | undefined): string {
  if (!zone) return browserTimeZone();
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/** The wall-clock date (YYYY-MM-DD) of an instant in a zone. */
export function isoDateIn(timeZone: string, epochMs: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The Monday (YYYY-MM-DD) of the week holding `isoDate`, moved by `weeks`. Pure calendar math. */
export function mondayOf(isoDate: string, weeks = 0): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0
  day.setUTCDate(day.getUTCDate() - weekday + weeks * 7);
  return day.toISOString().slice(0, 10);
}

/** `2025-03-30T03:00+02:00` -> its date part and its wall-clock minutes since midnight. */
export function splitLocal(local: string): { date: string; minutes: number } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!match) return { date: '', minutes: 0 };
  return { date: match[1] ?? '', minutes: Number(match[2]) * 60 + Number(match[3]) };
}

/** `mm:ss` or `h:mm:ss` of a duration, with the language's digits. */
export function formatCountdown(language: string, ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = new Intl.NumberFormat(language, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(language, { useGrouping: false });
  return h > 0
    ? `${one.format(h)}:${two.format(m)}:${two.format(s)}`
    : `${two.format(m)}:${two.format(s)}`;
}
