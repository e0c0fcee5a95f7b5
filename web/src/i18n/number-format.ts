const formats = new Map<string, Intl.NumberFormat>();

/** One cached Intl.NumberFormat per (language, fraction digits): creating one is not cheap. */
export function numberFormat(language: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${language}/${fractionDigits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    formats.set(key, format);
  }
  return format;
}

/** Formats a number for the language; a missing value (NaN, infinite) reads "—". */
export function formatNumber(language: string, value: number, fractionDigits = 0): string {
  return Number.isFinite(value) ? numberFormat(language, fractionDigits).format(value) : '—';
}

/**
 * Decimals worth showing for a channel whose values span `span` units: about four significant
 * digits of the span (0..5 V -> 3 decimals, 0..100 % -> 1 decimal), between 0 and 6.
 */
export function decimalsForSpan(span: number): number {
  if (!Number.isFinite(span) || span <= 0) return 3;
  return Math.min(6, Math.max(0, 3 - Math.floor(Math.log10(span))));
}
