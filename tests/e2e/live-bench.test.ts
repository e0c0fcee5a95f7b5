import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchDemo, type RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { freePort } from '../support/free-port.ts';
import { launchChromium } from '../support/chromium.ts';

/**
 * The whole stack as `npm start` runs it (server, virtual board, lab-agent as processes), driven
 * from Debian's Chromium like a student would.
 */
describe('a student opens the RC bench in a browser', () => {
  let demo: RunningDemo;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  const logs: string[] = [];

  beforeAll(async () => {
    demo = await launchDemo({
      port: await freePort(),
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      benches: ['rc-filter'],
      privateRedisPort: await freePort(),
      log: (line) => logs.push(line),
    });
    chromium = await launchChromium();
    context = chromium.context;
  });

  afterAll(async () => {
    await chromium?.close();
    await demo?.stop();
  });

  it('moves the duty slider and sees the capacitor voltage follow', async () => {
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.getByTestId('bench-item-rc-filter').click();
    const readout = page.getByTestId('readout-vout');
    // An empty readout (no data yet: the list may show the bench before its agent is back) is
    // NaN, not 0, so the waits below only pass on measured values.
    const value = async () => Number((await readout.getAttribute('data-value')) || NaN);
    // The bench comes up in its safe state: duty 0, capacitor discharged.
    await expect.poll(value, { timeout: 20_000 }).toBeLessThan(0.2);
    await expect
      .poll(() => page.getByTestId('connection-state').getAttribute('data-state'))
      .toBe('connected');

    const slider = page.getByTestId('slider-duty');
    await slider.focus();
    await slider.press('End');
    await expect.poll(value, { timeout: 5_000 }).toBeGreaterThan(4.5);

    await slider.press('Home');
    await expect.poll(value, { timeout: 5_000 }).toBeLessThan(0.5);
    await page.close();
  });
});
