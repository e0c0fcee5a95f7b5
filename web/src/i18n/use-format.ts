import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from './number-format.ts';

/** `format(value, fractionDigits)` in the current language. */
export function useNumberFormat(): (value: number, fractionDigits?: number) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useCallback(
    (value: number, fractionDigits = 0) => formatNumber(language, value, fractionDigits),
    [language],
  );
}
