import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_INFO, LANGUAGES, isLanguage } from './languages.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <span className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        data-testid="language-switch"
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(event) => {
          const language = event.currentTarget.value;
          if (isLanguage(language)) void i18n.changeLanguage(language);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_INFO[language].nativeName}
          </option>
        ))}
      </select>
    </span>
  );
}
