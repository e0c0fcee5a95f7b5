import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../i18n/resources.ts';
import { ValueStore } from '../shared/value-store.ts';
import { UpdateBanner } from './update-banner.tsx';

function render(language: string, outdated: boolean): string {
  const i18n = i18next.createInstance();
  void i18n.use(initReactI18next).init({ resources: RESOURCES, lng: language, initAsync: false });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <UpdateBanner outdated={new ValueStore(outdated)} />
    </I18nextProvider>,
  );
}

describe('UpdateBanner', () => {
  it('says nothing while the page speaks the server protocol', () => {
    expect(render('en', false)).toBe('');
  });

  it.each([
    ['en', 'A new version of remotelab is available.', 'Reload'],
    ['fr', 'Une nouvelle version de remotelab est disponible.', 'Recharger'],
    ['ar', 'يتوفر إصدار جديد من remotelab.', 'إعادة التحميل'],
  ])('asks to reload once the page is outdated (%s)', (language, sentence, button) => {
    const html = render(language, true);
    expect(html).toContain('data-testid="update-banner"');
    expect(html).toContain(sentence);
    expect(html).toContain(`>${button}</button>`);
  });
});
