/** A duration as "1 h 05 min" / "12 min" / "40 s" in the language, with Intl units. */
export function formatDuration(language: string, ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  return `${unit(Math.floor(minutes / 60), 'hour')} ${unit(minutes % 60, 'minute')}`;
}
