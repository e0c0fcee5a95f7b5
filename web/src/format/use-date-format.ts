import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useTimeZone } from '../auth/use-auth.ts';
import { formatDate } from './date-format.ts';
import type { DateStyle } from './date-format.ts';

/** `formatDate(ms, style)` in the current language and the user's time zone. */
export function useDateFormat(): (epochMs: number, style?: DateStyle) => string {
  const { i18n } = useTranslation();
  const timeZone = useTimeZone();
  const language = i18n.language;
  return useCallback(
    (epochMs: number, style: DateStyle = 'dateTime') =>
      formatDate(language, timeZone, epochMs, style),
    [language, timeZone],
  );
}
