/** The languages the client speaks, in the order the switch lists them. */
export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name (shown as is whatever the current language) and writing direction. */
export const LANGUAGE_INFO: Record<Language, { nativeName: string; dir: 'ltr' | 'rtl' }> = {
  en: { nativeName: 'English', dir: 'ltr' },
  fr: { nativeName: 'Français', dir: 'ltr' },
  ar: { nativeName: 'العربية', dir: 'rtl' },
};

export const STORAGE_KEY = 'remotelab.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The stored choice if any, else the first browser language we speak ("fr-DZ" -> fr), else English.
 */
export function pickLanguage(stored: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
