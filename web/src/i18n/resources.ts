import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';
import type { Language } from './languages.ts';

/** English is the reference: the other files must have exactly its keys (see the key test). */
export type Messages = typeof en;

export const RESOURCES: Record<Language, { translation: Messages }> = {
  en: { translation: en },
  fr: { translation: fr },
  ar: { translation: ar },
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
