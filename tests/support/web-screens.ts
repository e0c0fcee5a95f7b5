import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots');
export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Switches the page's language with its own switch and waits for <html lang dir> to follow. */
export async function useLanguage(page: Page, language: Language): Promise<void> {
  await page.getByTestId('language-switch').selectOption(language);
  await page.waitForFunction(
    (lang) =>
      document.documentElement.lang === lang &&
      document.documentElement.dir === (lang === 'ar' ? 'rtl' : 'ltr'),
    language,
  );
}

/**
 * Saves `docs/screenshots/<screen>.<lang>.png` of the page in every language (the viewport, not
 * the full page: the images go in the README), then comes back to the language it was in.
 */
export async function screenshotAllLanguages(page: Page, screen: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = (await page.evaluate(() => document.documentElement.lang)) as Language;
  for (const language of LANGUAGES) {
    await useLanguage(page, language);
    // Let charts and lazy text settle for a frame or two.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${screen}.${language}.png`) });
  }
  await useLanguage(page, before);
}

/** Signs out through the user menu and waits until the page has taken it in. */
export async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('user-menu').waitFor({ state: 'detached' });
}

/** Signs in through the form (the page shows it at #/sign-in), whoever was signed in before. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/#/sign-in`);
  await page.getByTestId('sign-in-form').waitFor();
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('user-menu').waitFor();
}
