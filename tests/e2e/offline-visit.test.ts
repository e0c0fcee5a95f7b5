import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { launchChromium } from '../support/chromium.ts';
import { SLOW_3G } from '../support/throttling-proxy.ts';
import { timeVisit } from '../support/visit-probe.ts';
import {
  VISIT_LAB_MAX_DUTY,
  VISIT_PASSWORD,
  VISIT_STUDENT,
  startVisitStack,
  type VisitStack,
} from '../support/visit-stack.ts';
import { signIn } from '../support/web-screens.ts';

/**
 * Issue 19, parts 3 and 4, in Chromium against the built client as `npm start` serves it,
 * through the userspace link emulator: a second visit of the bench page on Slow 3G is answered
 * by the service worker (document and scripts; socket.io never), and a batch sweep prepared with
 * the browser offline waits, is sent when the browser is back, and a sweep the lab no longer
 * allows is refused with the server's reason. Timings are printed, not asserted (see
 * `npm run bench:slow-link` for figures).
 */
describe('a student coming back on a slow link, and preparing offline', () => {
  let stack: VisitStack;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  const logs: string[] = [];

  beforeAll(async () => {
    stack = await startVisitStack(SLOW_3G, (line) => logs.push(line));
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  it('serves a repeat visit of the bench page from the service worker', async () => {
    const url = `${stack.proxy.url}/#/bench/rc-filter`;
    const first = await timeVisit(chromium.context, url);
    expect(first.controlled).toBe(false);
    expect(first.documentFromServiceWorker).toBe(false);
    const repeat = await timeVisit(chromium.context, url);
    console.log(
      `Slow 3G bench page: first visit shown ${Math.round(first.shownMs)} ms, first value ` +
        `${Math.round(first.firstValueMs)} ms; repeat ${Math.round(repeat.shownMs)} / ` +
        `${Math.round(repeat.firstValueMs)} ms`,
    );
    expect(repeat.controlled).toBe(true);
    expect(repeat.documentFromServiceWorker).toBe(true);
    expect(repeat.assets).toBeGreaterThan(0);
    expect(repeat.assetsFromServiceWorker).toBe(repeat.assets);
    expect(first.socketFromServiceWorker + repeat.socketFromServiceWorker).toBe(0);
  }, 240_000);

  it('sends a batch sweep prepared offline when the connection returns', async () => {
    stack.proxy.profile = { bitsPerSecond: 20_000_000, rttMs: 10 };
    const { context } = chromium;
    const page = await context.newPage();
    await signIn(page, stack.proxy.url, VISIT_STUDENT, VISIT_PASSWORD);
    // The worker controls the page (registered by the first test, or now): the lab goes
    // through it and is kept.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto(`${stack.proxy.url}/#/labs/${stack.labId}`);
    await page.getByTestId('lab-instructions').waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('lab-offline').waitFor();
    expect(await page.getByTestId('lab-instructions').textContent()).toContain(
      'Step response of an RC low-pass',
    );
    const prepare = async (to: number) => {
      await page.getByTestId('sweep-from').fill('0');
      await page.getByTestId('sweep-to').fill(String(to));
      await page.getByTestId('sweep-step').fill('20');
      await page.getByTestId('sweep-dwellMs').fill('50');
      await page.getByTestId('sweep-prepare').click();
    };
    await prepare(VISIT_LAB_MAX_DUTY);
    await prepare(100); // beyond the lab's range: the server will refuse it
    const entries = page.getByTestId('sweep-entry');
    await expect.poll(() => entries.count()).toBe(2);
    for (const entry of await entries.all()) {
      expect(await entry.getAttribute('data-state')).toBe('waiting');
      expect(await entry.getByTestId('sweep-state').textContent()).toBe('Waiting to send');
    }
    const student = new ApiClient(stack.demo.url);
    await student.signIn(VISIT_STUDENT, VISIT_PASSWORD);
    expect((await student.call<unknown[]>('GET', '/api/batch-runs')).body).toEqual([]);

    await context.setOffline(false);
    const first = entries.nth(0);
    const second = entries.nth(1);
    await expect.poll(() => first.getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    await expect.poll(() => second.getAttribute('data-state'), { timeout: 30_000 }).toBe('refused');
    expect(await second.getByTestId('sweep-refusal').getAttribute('data-code')).toBe(
      'OUT_OF_RANGE',
    );
    const runs = (
      await student.call<Array<{ id: string; sweep: { to: number } }>>('GET', '/api/batch-runs')
    ).body;
    expect(runs.map((run) => run.sweep.to)).toEqual([VISIT_LAB_MAX_DUTY]);
    expect(await first.getAttribute('data-run')).toBe(runs[0]!.id);
    await page.close();
  }, 120_000);
});
