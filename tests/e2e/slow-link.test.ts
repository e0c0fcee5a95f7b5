import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchDemo, type RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { freePort } from '../support/free-port.ts';
import { launchChromium } from '../support/chromium.ts';
import { SLOW_3G, ThrottlingProxy } from '../support/throttling-proxy.ts';
import {
  dropSeenAt,
  installResumeProbe,
  markLinkBack,
  resumeProbeResult,
} from '../support/page-probes.ts';

/** Chart redraws so far (the chart counts them on its element) and the page's clock. */
async function chartDraws(page: Page): Promise<{ at: number; draws: number }> {
  return page.evaluate(() => ({
    at: performance.now(),
    draws: Number(document.querySelector('[data-testid="live-chart"]')?.getAttribute('data-draws')),
  }));
}

/** Chart redraws per second over `ms` of the page's own clock. */
async function drawRate(page: Page, ms: number): Promise<number> {
  const start = await chartDraws(page);
  // A measuring window, not a wait for a race: the rate needs time to be a rate.
  await page.waitForFunction(
    ({ from, span }) => performance.now() - from >= span,
    { from: start.at, span: ms },
    { polling: 100 },
  );
  const end = await chartDraws(page);
  return ((end.draws - start.draws) * 1000) / (end.at - start.at);
}

/**
 * The whole stack as `npm start` runs it, seen by Chromium through a userspace link emulator at
 * Chrome's "Slow 3G" (400 kbit/s each way, 400 ms RTT): the session route loads, the chart keeps
 * updating at >= 10 Hz, a command reaches the bench, and after the link drops for a few seconds
 * the same page reconnects, re-subscribes and goes on.
 */
describe('a student on a Slow 3G link', () => {
  let demo: RunningDemo;
  let proxy: ThrottlingProxy;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  const logs: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    proxy = await ThrottlingProxy.start({ targetPort: port, ...SLOW_3G });
    // The page is opened through the proxy: the server must accept its origin's socket.
    const allowedBefore = process.env.LAB_ALLOWED_ORIGINS;
    process.env.LAB_ALLOWED_ORIGINS = proxy.url;
    demo = await launchDemo({
      port,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      benches: ['rc-filter'],
      privateRedisPort: await freePort(),
      log: (line) => logs.push(line),
    }).finally(() => {
      if (allowedBefore === undefined) delete process.env.LAB_ALLOWED_ORIGINS;
      else process.env.LAB_ALLOWED_ORIGINS = allowedBefore;
    });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await proxy?.close();
    await demo?.stop();
  });

  it('keeps the chart live at >= 10 Hz, follows the slider, and resumes after a drop', async () => {
    const page = await chromium.context.newPage();
    const loadStart = performance.now();
    await page.goto(`${proxy.url}/#/bench/rc-filter`);
    const readout = page.getByTestId('readout-vout');
    const value = async () => Number((await readout.getAttribute('data-value')) || NaN);
    await expect.poll(value, { timeout: 30_000 }).toBeLessThan(0.2);
    const loadedMs = performance.now() - loadStart;
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await page.evaluate(() => {
      (window as unknown as { sessionMarker: string }).sessionMarker = 'same page';
    });

    const downBefore = proxy.transmitted.down;
    const measuredFrom = performance.now();
    const rate = await drawRate(page, 5_000);
    const kbits = ((proxy.transmitted.down - downBefore) * 8) / (performance.now() - measuredFrom);
    const fps = Number(await page.getByTestId('stream-status').getAttribute('data-fps'));
    console.log(
      `slow link: session route live after ${Math.round(loadedMs)} ms; chart ${rate.toFixed(1)} ` +
        `updates/s, ${fps} frames/s, ${kbits.toFixed(0)} of 400 kbit/s down`,
    );
    expect(rate).toBeGreaterThanOrEqual(10);
    expect(fps).toBeGreaterThanOrEqual(10);
    expect(kbits).toBeLessThan(400 * 0.75);

    const slider = page.getByTestId('slider-duty');
    await slider.focus();
    await slider.press('End');
    await expect.poll(value, { timeout: 10_000 }).toBeGreaterThan(4.5);

    // The link drops: every connection is reset and new ones are refused for 3 s.
    proxy.cut();
    const state = () => page.getByTestId('connection-state').getAttribute('data-state');
    await expect.poll(state, { timeout: 10_000 }).not.toBe('connected');
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the outage itself
    const drawsAtRestore = (await chartDraws(page)).draws;
    proxy.restore();
    await expect.poll(state, { timeout: 20_000 }).toBe('connected');
    // Frames flow again only if the page subscribed again on the new socket.
    await expect
      .poll(async () => (await chartDraws(page)).draws, { timeout: 15_000 })
      .toBeGreaterThan(drawsAtRestore + 20);
    expect(await drawRate(page, 3_000)).toBeGreaterThanOrEqual(10);
    await slider.press('Home');
    await expect.poll(value, { timeout: 10_000 }).toBeLessThan(0.5);

    expect(navigations).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { sessionMarker?: string }).sessionMarker),
    ).toBe('same page');
    await page.close();
  }, 120_000);

  it('after a 10 s hang-style cut, is live again within 2 s of the link returning, without a reload', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${proxy.url}/#/bench/rc-filter`);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    // Live: connected, and the chart shows a sample of the last second.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state') ===
          'connected' &&
        Number(document.querySelector('[data-testid="live-chart"]')?.getAttribute('data-latest')) >
          Date.now() - 1000,
      undefined,
      { timeout: 60_000 },
    );
    await page.evaluate(() => {
      (window as unknown as { sessionMarker: string }).sessionMarker = 'same page';
    });
    await installResumeProbe(page);

    // Nothing moves and nothing closes: only the page's silence check and the heartbeat can tell.
    const cutAt = Date.now();
    proxy.cut('freeze');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state') !==
        'connected',
      undefined,
      { timeout: 5_000 },
    );
    const seenAfter = (await dropSeenAt(page))! - cutAt;
    await new Promise((resolve) => setTimeout(resolve, cutAt + 10_000 - Date.now())); // the outage
    const backAt = Date.now();
    proxy.restore();
    await markLinkBack(page, backAt);
    const { fresh } = await resumeProbeResult(page, 30_000);
    console.log(
      `slow link: 10 s hang shown after ${seenAfter} ms; fresh data ${fresh - backAt} ms after the link returned`,
    );
    expect(seenAfter).toBeLessThan(2_000);
    expect(fresh - backAt).toBeLessThan(2_000);
    expect(navigations).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { sessionMarker?: string }).sessionMarker),
    ).toBe('same page');
    await page.close();
  }, 120_000);
});
