import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { LANGUAGES, SCREENSHOT_DIR, useLanguage } from './web-screens.ts';

/** The two sizes the README shows: a common phone and a small laptop. */
export const SCREEN_SIZES = {
  phone: { width: 360, height: 740 },
  laptop: { width: 1280, height: 800 },
} as const;

/**
 * Saves `docs/screenshots/<screen>.<size>.<lang>.png` for both sizes and the three languages
 * (the viewport, as a visitor sees it first). `settle` waits for the page to redraw its data
 * after a resize or a language change. Leaves the page at phone size, in its first language.
 */
export async function screenshotBothSizes(
  page: Page,
  screen: string,
  settle: () => Promise<unknown>,
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = (await page.evaluate(() => document.documentElement.lang)) as
    (typeof LANGUAGES)[number] | string;
  for (const [size, viewport] of Object.entries(SCREEN_SIZES)) {
    await page.setViewportSize(viewport);
    for (const language of LANGUAGES) {
      await useLanguage(page, language);
      await settle();
      // Let charts and lazy text settle for a frame or two.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `${screen}.${size}.${language}.png`),
      });
    }
  }
  await page.setViewportSize(SCREEN_SIZES.phone);
  if ((LANGUAGES as readonly string[]).includes(before)) {
    await useLanguage(page, before as (typeof LANGUAGES)[number]);
  }
}
