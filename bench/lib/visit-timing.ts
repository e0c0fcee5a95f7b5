/**
 * First and repeat visits of the RC bench page (issue 19, part 3), in Chromium through the
 * userspace link emulator, against the built client as `npm start` serves it (Brotli assets,
 * the service worker): for each link, a fresh browser profile visits once (empty caches), then
 * comes back three times (the worker answers the shell and the scripts; the socket and the stream
 * still cross the link). Times are the page's own clock from navigation start: "shown" is the
 * bench page drawn, "first value" a readout showing a reading. Needs `npm run build:web`.
 * Figures, not a pass/fail test; the Slow 3G targets (shown <= 1 s, first value <= 2 s on a
 * repeat visit) are printed as ratios.
 */
import { launchChromium } from '../../tests/support/chromium.ts';
import type { LinkProfile } from '../../tests/support/throttling-proxy.ts';
import { timeVisit, type VisitTiming } from '../../tests/support/visit-probe.ts';
import { startVisitStack } from '../../tests/support/visit-stack.ts';
import { percentile } from './stats.ts';

const LINKS: Array<LinkProfile & { name: string }> = [
  { name: 'loopback (proxy, unthrottled)', bitsPerSecond: 10_000_000_000, rttMs: 0 },
  { name: 'Slow 3G', bitsPerSecond: 400_000, rttMs: 400 },
  { name: 'very slow', bitsPerSecond: 32_000, rttMs: 800 },
];
const REPEATS = Number(process.env.BENCH_VISIT_REPEATS ?? 3);
const TARGET = { shownMs: 1_000, firstValueMs: 2_000 };

interface LinkVisits {
  name: string;
  link: LinkProfile;
  first: VisitTiming;
  repeats: VisitTiming[];
}

const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** Measures every link and returns the table's lines (Markdown), heading included. */
export async function measureVisitTiming(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string[]> {
  const stack = await startVisitStack(LINKS[0]!, () => undefined);
  const results: LinkVisits[] = [];
  try {
    const url = `${stack.proxy.url}/#/bench/rc-filter`;
    for (const link of LINKS) {
      log(`visits: ${link.name} ...`);
      stack.proxy.profile = link;
      const chromium = await launchChromium();
      try {
        const first = await timeVisit(chromium.context, url, 300_000);
        const repeats: VisitTiming[] = [];
        for (let i = 0; i < REPEATS; i += 1) repeats.push(await timeVisit(chromium.context, url));
        results.push({ name: link.name, link, first, repeats });
      } finally {
        await chromium.close();
      }
    }
  } finally {
    await stack.close();
  }
  return [
    `Bench page visits (median of ${REPEATS} repeat visits; "worker" = scripts answered by the service worker):`,
    '',
    '| link | kbit/s, RTT | first visit: shown / first value | repeat visit: shown / first value | repeat: worker | repeat vs target (1 s / 2 s) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const shown = median(r.repeats.map((v) => v.shownMs));
      const value = median(r.repeats.map((v) => v.firstValueMs));
      const worker = r.repeats.every((v) => v.documentFromServiceWorker && v.controlled)
        ? `${Math.min(...r.repeats.map((v) => v.assetsFromServiceWorker))}/${Math.max(...r.repeats.map((v) => v.assets))} scripts`
        : 'no';
      const cells = [
        r.name,
        `${r.link.bitsPerSecond >= 1e9 ? '-' : r.link.bitsPerSecond / 1000}, ${r.link.rttMs} ms`,
        `${ms(r.first.shownMs)} / ${ms(r.first.firstValueMs)}`,
        `${ms(shown)} / ${ms(value)}`,
        worker,
        `${(shown / TARGET.shownMs).toFixed(2)} / ${(value / TARGET.firstValueMs).toFixed(2)}`,
      ];
      return `| ${cells.join(' | ')} |`;
    }),
  ];
}
