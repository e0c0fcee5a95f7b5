import { describe, expect, it } from 'vitest';
import { LANGUAGE_INFO, pickLanguage } from './languages.ts';

describe('pickLanguage', () => {
  it('prefers the stored choice', () => {
    expect(pickLanguage('ar', ['fr-FR'])).toBe('ar');
  });

  it('ignores a stored value it does not know', () => {
    expect(pickLanguage('de', ['fr-FR'])).toBe('fr');
  });

  it('takes the first browser language it speaks, by its base tag', () => {
    expect(pickLanguage(null, ['de-DE', 'ar-MA', 'fr'])).toBe('ar');
    expect(pickLanguage(null, ['FR-dz'])).toBe('fr');
  });

  it('falls back to English', () => {
    expect(pickLanguage(null, [])).toBe('en');
    expect(pickLanguage(null, ['es'])).toBe('en');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(LANGUAGE_INFO.ar.dir).toBe('rtl');
    expect(LANGUAGE_INFO.en.dir).toBe('ltr');
    expect(LANGUAGE_INFO.fr.dir).toBe('ltr');
  });
});
