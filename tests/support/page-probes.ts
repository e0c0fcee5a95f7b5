import type { Locator, Page } from 'playwright-core';

/**
 * Probes that run inside the page and time what a student sees, on the page's own clock, from
 * DOM events (no polling of the DOM from Node, no sleeps). Shared by the e2e tests and
 * `npm run bench:slow-link`.
 */

interface ProbeWindow {
  __commandProbe?: Promise<number>;
  __resumeProbe?: { seenDown?: number; fresh?: number; draws: number };
}

/**
 * Time from the slider's `input` event to the moment the readout's `data-value` crosses
 * `threshold` (upwards when `above`), in ms of the page's clock. The key press is a real,
 * trusted input event from Playwright; the crossing is seen by a MutationObserver, i.e. when
 * React committed the new value to the DOM.
 */
export async function commandToVisibleChange(
  page: Page,
  slider: Locator,
  key: 'End' | 'Home',
  readoutTestId: string,
  crossing: { above: boolean; threshold: number },
  timeoutMs = 20_000,
): Promise<number> {
  await page.evaluate(
    ({ sliderId, readoutId, above, threshold, timeout }) => {
      const win = window as unknown as ProbeWindow;
      const input = document.querySelector(`[data-testid="${sliderId}"]`);
      const readout = document.querySelector(`[data-testid="${readoutId}"]`);
      if (!input || !readout) throw new Error('slider or readout missing');
      win.__commandProbe = new Promise<number>((resolve, reject) => {
        let inputAt: number | undefined;
        input.addEventListener('input', (event) => (inputAt ??= event.timeStamp), {
          capture: true,
          once: true,
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`readout did not cross ${threshold} within ${timeout} ms`));
        }, timeout);
        const observer = new MutationObserver(() => {
          const value = Number(readout.getAttribute('data-value') || NaN);
          if (inputAt === undefined || !(above ? value > threshold : value < threshold)) return;
          const at = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          resolve(at - inputAt);
        });
        observer.observe(readout, { attributes: true, attributeFilter: ['data-value'] });
      });
    },
    {
      sliderId: (await slider.getAttribute('data-testid')) ?? '',
      readoutId: readoutTestId,
      above: crossing.above,
      threshold: crossing.threshold,
      timeout: timeoutMs,
    },
  );
  await slider.press(key);
  return page.evaluate(() => (window as unknown as ProbeWindow).__commandProbe!);
}

/**
 * Watches a drop and the way back: the first time the connection badge leaves `connected`
 * (page clock, Date.now()) and the first chart draw that shows a sample measured at or after
 * `freshAfter` (epoch ms, set with `markLinkBack`). Install before the cut.
 */
export async function installResumeProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const win = window as unknown as ProbeWindow & { __resumeFreshAfter?: number };
    const probe: NonNullable<ProbeWindow['__resumeProbe']> = { draws: 0 };
    win.__resumeProbe = probe;
    win.__resumeFreshAfter = Infinity;
    const badge = document.querySelector('[data-testid="connection-state"]');
    const chart = document.querySelector('[data-testid="live-chart"]');
    if (!badge || !chart) throw new Error('badge or chart missing');
    const down = new MutationObserver(() => {
      if (badge.getAttribute('data-state') === 'connected') return;
      probe.seenDown = Date.now();
      down.disconnect();
    });
    down.observe(badge, { attributes: true, attributeFilter: ['data-state'] });
    const fresh = new MutationObserver(() => {
      probe.draws += 1;
      const latest = Number(chart.getAttribute('data-latest') || NaN);
      if (!(latest >= win.__resumeFreshAfter!)) return;
      probe.fresh = Date.now();
      fresh.disconnect();
    });
    fresh.observe(chart, { attributes: true, attributeFilter: ['data-latest'] });
  });
}

/** The link is back at `at` (epoch ms): samples measured from then on count as fresh. */
export async function markLinkBack(page: Page, at: number): Promise<void> {
  await page.evaluate((back) => {
    (window as unknown as { __resumeFreshAfter: number }).__resumeFreshAfter = back;
  }, at);
}

/** Waits for the probe's fresh draw; returns epoch ms of the drop seen and of the fresh draw. */
export async function resumeProbeResult(
  page: Page,
  timeoutMs: number,
): Promise<{ seenDown: number | undefined; fresh: number }> {
  await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__resumeProbe?.fresh !== undefined,
    undefined,
    { timeout: timeoutMs },
  );
  return page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__resumeProbe!;
    return { seenDown: probe.seenDown, fresh: probe.fresh! };
  });
}

/** Whether the probe has seen the drop yet (the badge left `connected`). */
export async function dropSeenAt(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as ProbeWindow).__resumeProbe?.seenDown);
}
