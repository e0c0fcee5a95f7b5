import i18next from 'i18next';
import type { i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_INFO, LANGUAGES, STORAGE_KEY, isLanguage, pickLanguage } from './languages.ts';
import { RESOURCES } from './resources.ts';

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policy): the choice just will not persist
  }
}

function store(language: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // see readStored
  }
}

/** `<html lang dir>` follows the language, so the browser, CSS and screen readers do too. */
function applyToDocument(language: string): void {
  if (!isLanguage(language)) return;
  document.documentElement.lang = language;
  document.documentElement.dir = LANGUAGE_INFO[language].dir;
}

/** Initialises i18next synchronously (all three languages are bundled: ~6 kB gzipped in total). */
export function setupI18n(): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: RESOURCES,
    lng: pickLanguage(readStored(), navigator.languages ?? [navigator.language]),
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
  });
  applyToDocument(instance.language);
  instance.on('languageChanged', (language) => {
    applyToDocument(language);
    store(language);
  });
  return instance;
}
