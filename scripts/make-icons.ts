/**
 * npx tsx scripts/make-icons.ts: renders web/public/icon.svg to the PNG icons the web app
 * manifest lists (192 and 512 px, what Chromium asks of an installable app), with Debian's
 * Chromium. Run again after editing the SVG; the PNGs are committed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../tests/support/chromium.ts';

const dir = path.resolve(import.meta.dirname, '../web/public');
const svg = readFileSync(path.join(dir, 'icon.svg'), 'utf8');
const chromium = await launchChromium();
try {
  for (const size of [192, 512]) {
    const page = await chromium.context.newPage();
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" ` +
        `width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({ path: path.join(dir, `icon-${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await chromium.close();
}
