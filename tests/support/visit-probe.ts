import type { BrowserContext } from 'playwright-core';

/** One page load of the bench page, timed by the page's own clock (from navigation start). */
export interface VisitTiming {
  /** The bench page drawn (its heading in the DOM): the route's code has run. */
  shownMs: number;
  /** The first reading on screen (a readout got a value): the socket, the stream, React. */
  firstValueMs: number;
  /** Playwright's word on the document's response: answered by the service worker. */
  documentFromServiceWorker: boolean;
  /** The page was controlled by a service worker when its scripts ran. */
  controlled: boolean;
  /** Scripts and styles answered by the service worker, of those loaded. */
  assetsFromServiceWorker: number;
  assets: number;
  /** socket.io answers that came from the worker: must stay 0 (it never intercepts them). */
  socketFromServiceWorker: number;
}

/** Marks, on the page's clock, when the bench page shows and when a first value arrives. */
function installMarks(): void {
  const marks = window as unknown as {
    __visit?: { shown?: number; value?: number; controlled?: boolean };
  };
  marks.__visit = {};
  const observer = new MutationObserver(() => {
    const visit = marks.__visit!;
    visit.controlled ??= navigator.serviceWorker?.controller != null;
    if (visit.shown === undefined && document.getElementById('bench-title')) {
      visit.shown = performance.now();
    }
    if (
      visit.value === undefined &&
      document.querySelector('[data-testid^="readout-"]:not([data-value=""])')
    ) {
      visit.value = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-value'],
  });
}

const prepared = new WeakSet<BrowserContext>();

/**
 * Opens `url` (a bench page) in a new page of `context`, waits for its first value, and returns
 * the timings. Leaves the service worker installed and active (the next visit can use it).
 */
export async function timeVisit(
  context: BrowserContext,
  url: string,
  timeoutMs = 120_000,
): Promise<VisitTiming> {
  if (!prepared.has(context)) {
    await context.addInitScript(installMarks);
    prepared.add(context);
  }
  const page = await context.newPage();
  const assets = { all: 0, fromWorker: 0, socket: 0 };
  page.on('response', (response) => {
    if (response.url().includes('/socket.io/') && response.fromServiceWorker()) assets.socket += 1;
    if (!/\/assets\/.+\.(js|css)$/.test(response.url())) return;
    assets.all += 1;
    if (response.fromServiceWorker()) assets.fromWorker += 1;
  });
  try {
    const response = await page.goto(url, { timeout: timeoutMs });
    await page.waitForFunction(
      () => (window as unknown as { __visit?: { value?: number } }).__visit?.value !== undefined,
      undefined,
      { timeout: timeoutMs, polling: 'raf' },
    );
    const marks = await page.evaluate(
      () =>
        (window as unknown as { __visit: { shown: number; value: number; controlled: boolean } })
          .__visit,
    );
    // The worker registers at the load event and precaches: wait for it, for the next visit.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state;
    });
    return {
      shownMs: marks.shown,
      firstValueMs: marks.value,
      documentFromServiceWorker: response?.fromServiceWorker() ?? false,
      controlled: marks.controlled,
      assetsFromServiceWorker: assets.fromWorker,
      assets: assets.all,
      socketFromServiceWorker: assets.socket,
    };
  } finally {
    await page.close();
  }
}
