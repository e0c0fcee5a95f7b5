/**
 * npm run bench:slow-link
 *
 * What a student on a slow link sees of the RC bench, in sections (BENCH_SECTIONS, comma-separated,
 * default all of them; each section is one function printing its own table):
 *
 * - `stream`: a real server, agent and board on loopback (2 channels, ~960 rows/s from a virtual
 *   board at 57600 baud) and a socket.io client behind the userspace link emulator
 *   (tests/support/throttling-proxy.ts) at a few link speeds. For each link: updates/s, samples/s
 *   delivered, decimation, kbit/s used on the link (everything socket.io sent, framing and
 *   heartbeats included), wire bytes per sample (and, once, what JSON of the agent's frames costs),
 *   and latency from a frame's last sample to its arrival (p50 / p95 / p99; it includes the
 *   agent's framing and the link's one-way delay).
 * - `command` and `resume`: the whole stack as `npm start` runs it (processes), seen by Chromium
 *   through the same emulator at loopback, Slow 3G and 32 kbit/s / 800 ms. `command`: from the
 *   duty slider's input event to the readout's DOM change crossing the new level (RC needs ~22 ms
 *   to cross 1 V / 4 V), p50 / p99. `resume`: the link is cut (`reset`: connections reset and new
 *   ones refused; `hang`: nothing moves, nothing closes) for 3 / 10 / 30 s; figures are the time
 *   until the page shows the drop and the time from the link's return until the chart draws a
 *   sample measured after the return.
 * - `visits`: first and repeat visit of the bench page per link, time to the page and to its first
 *   value (bench/lib/visit-timing.ts; the repeat visit is served by the service worker).
 *
 * Figures, not a pass/fail test. The Chromium sections need the web app built (`npm run build:web`).
 */
import { decodeStreamFrame } from '@remotelab/protocol';
import type { Page } from 'playwright-core';
import {
  ThrottlingProxy,
  type CutMode,
  type LinkProfile,
} from '../tests/support/throttling-proxy.ts';
import {
  connectBrowser,
  loadRcFilter,
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../tests/support/test-stack.ts';
import { delay, percentile } from './lib/stats.ts';
import { openBrowserSocket } from '../tests/support/browser-socket.ts';
import { measureVisitTiming } from './lib/visit-timing.ts';
import { launchDemo, type RunningDemo } from '../scripts/lib/launch-demo.ts';
import { freePort } from '../tests/support/free-port.ts';
import { launchChromium } from '../tests/support/chromium.ts';
import {
  commandToVisibleChange,
  installResumeProbe,
  markLinkBack,
  resumeProbeResult,
} from '../tests/support/page-probes.ts';

const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'stream,command,resume,visits').split(','));
const WARM_UP_MS = Number(process.env.BENCH_WARM_UP_MS ?? 10_000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);
/** Slider steps per link in the `command` section (half up, half down). */
const COMMAND_STEPS = Number(process.env.BENCH_COMMAND_STEPS ?? 40);
/** Cut lengths of the `resume` section, seconds. */
const CUT_SECONDS = (process.env.BENCH_CUTS ?? '3,10,30').split(',').map(Number);
const CUT_MODES: CutMode[] = ['reset', 'freeze'];

type NamedLink = LinkProfile & { name: string };

const LINKS: NamedLink[] = [
  { name: 'loopback', bitsPerSecond: 10_000_000_000, rttMs: 0 },
  { name: 'Fast 3G (down)', bitsPerSecond: 1_440_000, rttMs: 150 },
  { name: 'Slow 3G', bitsPerSecond: 400_000, rttMs: 400 },
  { name: 'GPRS-like', bitsPerSecond: 64_000, rttMs: 600 },
  { name: 'very slow', bitsPerSecond: 32_000, rttMs: 800 },
];

/** The links Chromium is measured on; "loopback" still crosses the proxy (so it can be cut). */
const BROWSER_LINKS: NamedLink[] = [
  { name: 'loopback', bitsPerSecond: 10_000_000_000, rttMs: 0 },
  { name: 'Slow 3G', bitsPerSecond: 400_000, rttMs: 400 },
  { name: '32 kbit/s, 800 ms', bitsPerSecond: 32_000, rttMs: 800 },
];

/** Each section returns its table's lines; a new section is one more function and one line here. */
async function main(): Promise<void> {
  const report: string[] = [];
  if (SECTIONS.has('stream')) report.push(...(await streamSection()), '');
  if (SECTIONS.has('command') || SECTIONS.has('resume')) {
    const stack = await BrowserStack.start();
    try {
      if (SECTIONS.has('command')) report.push(...(await commandSection(stack)), '');
      if (SECTIONS.has('resume')) report.push(...(await resumeSection(stack)), '');
    } finally {
      await stack.close();
    }
  }
  if (SECTIONS.has('visits')) report.push(...(await measureVisitTiming()), '');
  console.log(report.join('\n'));
  // After the stream section something (not yet found) keeps the event loop alive once every
  // part is closed; a benchmark that has printed its figures is done.
  process.exit(0);
}

// --- stream: a socket.io client in Node behind the link emulator -----------------------------

interface StreamResult {
  name: string;
  link: LinkProfile;
  updates: number;
  samples: number;
  meanDecimation: number;
  maxDecimation: number;
  kbitsUsed: number;
  wireBytesPerSample: number;
  p50: number;
  p95: number;
  p99: number;
}

async function streamSection(): Promise<string[]> {
  const ws = testWorkspace();
  const bench = await loadRcFilter();
  const platform = await startTestServer(ws);
  const link = `${ws.dir}/rc-filter.tty`;
  const board = await startTestBoard(bench, link);
  const online = waitForBench(platform, bench.id, (status) => status === 'online');
  const agent = startTestAgent(platform, ws, [{ definition: bench, port: link }]);
  await online;

  // What the server sent per sample before frames were packed: each agent frame as JSON.
  const json = { bytes: 0, samples: 0 };
  platform.registry.on('frame', (frame) => {
    const rows = Object.values(frame.channels)[0]?.length ?? 0;
    const stream = { ...frame, firstSeq: frame.seq, decimation: 1 };
    // socket.io's `42<ack id>` prefix and a WebSocket frame header around the JSON
    json.bytes += JSON.stringify(['frame', stream]).length + 12;
    json.samples += rows * Object.keys(frame.channels).length;
  });
  // Half duty: the capacitor voltage ripples around 2.5 V instead of sitting at 0.
  {
    const client = await connectBrowser(platform);
    await client.emitWithAck('command', { benchId: bench.id, output: 'duty', value: 50 });
    client.disconnect();
  }

  const results: StreamResult[] = [];
  for (const profile of LINKS) {
    process.stderr.write(`stream: measuring ${profile.name} ...\n`);
    results.push(await measureStream(platform, bench.id, profile));
  }

  await agent.stop();
  await board.close();
  await platform.close();
  ws.cleanup();

  return [
    `Before packing, the same stream as JSON cost ${(json.bytes / json.samples).toFixed(1)} B per sample.`,
    '',
    '| link | kbit/s, RTT | updates/s | samples/s | decimation mean / max | kbit/s used | wire B/sample | latency p50 / p95 / p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results
      .map((r) =>
        [
          r.name,
          r.link.rttMs === 0 ? '-' : `${r.link.bitsPerSecond / 1000}, ${r.link.rttMs} ms`,
          r.updates.toFixed(1),
          Math.round(r.samples),
          `${r.meanDecimation.toFixed(1)} / ${r.maxDecimation}`,
          r.kbitsUsed.toFixed(0),
          r.wireBytesPerSample.toFixed(1),
          `${Math.round(r.p50)} / ${Math.round(r.p95)} / ${Math.round(r.p99)}`,
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ];
}

async function measureStream(
  platform: { port: number },
  benchId: string,
  profile: NamedLink,
): Promise<StreamResult> {
  const proxy = await ThrottlingProxy.start({ targetPort: platform.port, ...profile });
  const client = openBrowserSocket(`http://127.0.0.1:${proxy.port}`);
  let measuring = false;
  const stats = { updates: 0, samples: 0, rows: 0, decimation: 0, maxDecimation: 0 };
  const latencies: number[] = [];
  client.on('frame', (packed, ack) => {
    ack();
    const frame = decodeStreamFrame(packed);
    if (!frame || !measuring) return;
    const rows = frame.channels[packed.channels[0] ?? '']?.length ?? 0;
    stats.updates += 1;
    stats.rows += rows;
    stats.samples += rows * packed.channels.length;
    stats.decimation += frame.decimation;
    stats.maxDecimation = Math.max(stats.maxDecimation, frame.decimation);
    latencies.push(Date.now() - (frame.t0 + rows * frame.dt));
  });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.emitWithAck('bench:subscribe', { benchId });
  await delay(WARM_UP_MS);
  const downBefore = proxy.transmitted.down;
  measuring = true;
  const startedAt = performance.now();
  await delay(MEASURE_MS);
  measuring = false;
  const seconds = (performance.now() - startedAt) / 1000;
  const down = proxy.transmitted.down - downBefore;
  client.disconnect();
  await proxy.close();
  return {
    name: profile.name,
    link: profile,
    updates: stats.updates / seconds,
    samples: stats.samples / seconds,
    meanDecimation: stats.decimation / Math.max(1, stats.updates),
    maxDecimation: stats.maxDecimation,
    kbitsUsed: (down * 8) / seconds / 1000,
    wireBytesPerSample: down / Math.max(1, stats.samples),
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
  };
}

// --- the browser sections: the demo stack, Chromium, one proxy per link -----------------------

/**
 * `npm start`'s processes (server, virtual RC board, lab-agent) and Chromium, with one link
 * emulator per browser link in front of the server. A section opens pages with `open(link)`.
 */
class BrowserStack {
  private constructor(
    readonly demo: RunningDemo,
    readonly chromium: Awaited<ReturnType<typeof launchChromium>>,
    readonly proxies: ReadonlyMap<string, ThrottlingProxy>,
  ) {}

  static async start(): Promise<BrowserStack> {
    const port = await freePort();
    const proxies = new Map<string, ThrottlingProxy>();
    for (const link of BROWSER_LINKS) {
      proxies.set(link.name, await ThrottlingProxy.start({ targetPort: port, ...link }));
    }
    // Pages are opened through the proxies: the server must accept their origins' sockets.
    const allowedBefore = process.env.LAB_ALLOWED_ORIGINS;
    process.env.LAB_ALLOWED_ORIGINS = [...proxies.values()].map((proxy) => proxy.url).join(',');
    const logs: string[] = [];
    const demo = await launchDemo({
      port,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      benches: ['rc-filter'],
      privateRedisPort: await freePort(),
      log: (line) => logs.push(line),
    }).finally(() => {
      if (allowedBefore === undefined) delete process.env.LAB_ALLOWED_ORIGINS;
      else process.env.LAB_ALLOWED_ORIGINS = allowedBefore;
    });
    return new BrowserStack(demo, await launchChromium(), proxies);
  }

  proxy(link: NamedLink): ThrottlingProxy {
    return this.proxies.get(link.name)!;
  }

  /** The RC bench page through `link`, once its readout shows measured values. */
  async open(link: NamedLink): Promise<Page> {
    const page = await this.chromium.context.newPage();
    await page.goto(`${this.proxy(link).url}/#/bench/rc-filter`, { timeout: 120_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="readout-vout"]')?.getAttribute('data-value'),
      undefined,
      { timeout: 120_000 },
    );
    return page;
  }

  async close(): Promise<void> {
    await this.chromium.close();
    for (const proxy of this.proxies.values()) await proxy.close();
    await this.demo.stop();
  }
}

/** Resolves once the RC readout is below `below` (or above `above`), seen by the page. */
async function readoutSettles(page: Page, level: { below?: number; above?: number }) {
  await page.waitForFunction(
    ({ below, above }) => {
      const raw = document
        .querySelector('[data-testid="readout-vout"]')
        ?.getAttribute('data-value');
      const value = Number(raw || NaN);
      return below !== undefined ? value < below : value > above!;
    },
    level,
    { timeout: 60_000 },
  );
}

function ms(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : '-';
}

// --- command: slider input event -> readout DOM change ---------------------------------------

async function commandSection(stack: BrowserStack): Promise<string[]> {
  const rows: string[] = [];
  for (const link of BROWSER_LINKS) {
    process.stderr.write(`command: measuring ${link.name} ...\n`);
    const page = await stack.open(link);
    const slider = page.getByTestId('slider-duty');
    await slider.focus();
    await slider.press('Home');
    await readoutSettles(page, { below: 0.1 });
    const times: number[] = [];
    let failed = 0;
    for (let step = 0; step < COMMAND_STEPS; step += 1) {
      const up = step % 2 === 0;
      // 0 -> 100 % duty: the capacitor crosses 1 V after 22 ms; 100 -> 0 %: 4 V after 22 ms.
      try {
        times.push(
          await commandToVisibleChange(page, slider, up ? 'End' : 'Home', 'readout-vout', {
            above: up,
            threshold: up ? 1 : 4,
          }),
        );
      } catch (error) {
        // Counted and said, not fatal: the other links still get measured.
        failed += 1;
        process.stderr.write(`  step ${step} failed: ${String(error)}\n`);
      }
      await readoutSettles(page, up ? { above: 4.9 } : { below: 0.1 });
    }
    await page.close();
    process.stderr.write(
      `  p50 ${ms(percentile(times, 0.5))}, p99 ${ms(percentile(times, 0.99))} ms\n`,
    );
    rows.push(
      `| ${link.name} | ${times.length}${failed ? ` (${failed} failed)` : ''} | ${ms(percentile(times, 0.5))} | ${ms(percentile(times, 0.99))} | ${ms(Math.max(...times))} |`,
    );
  }
  return [
    'Command to visible change (Chromium: duty slider input event -> RC readout crossing the new level, ms):',
    '',
    '| link | steps | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ];
}

// --- resume: the link drops and returns -------------------------------------------------------

async function resumeSection(stack: BrowserStack): Promise<string[]> {
  const rows: string[] = [];
  for (const link of BROWSER_LINKS) {
    const proxy = stack.proxy(link);
    const page = await stack.open(link);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    for (const mode of CUT_MODES) {
      for (const seconds of CUT_SECONDS) {
        process.stderr.write(`resume: ${link.name}, ${mode} cut of ${seconds} s ...\n`);
        // Start from a live page: connected, with a sample of the last second on the chart.
        await page.waitForFunction(
          () =>
            document
              .querySelector('[data-testid="connection-state"]')
              ?.getAttribute('data-state') === 'connected' &&
            Number(
              document.querySelector('[data-testid="live-chart"]')?.getAttribute('data-latest'),
            ) >
              Date.now() - 1000,
          undefined,
          { timeout: 120_000 },
        );
        await installResumeProbe(page);
        const cutAt = Date.now();
        proxy.cut(mode);
        await delay(seconds * 1000); // the outage itself: the scenario, not a wait for a race
        const backAt = Date.now();
        proxy.restore();
        await markLinkBack(page, backAt);
        const result = await resumeProbeResult(page, 120_000).catch(() => undefined);
        const seen = result?.seenDown !== undefined ? result.seenDown - cutAt : NaN;
        const resumed = result ? result.fresh - backAt : NaN;
        process.stderr.write(`  shown after ${ms(seen)} ms, fresh ${ms(resumed)} ms after\n`);
        rows.push(
          `| ${link.name} | ${mode === 'freeze' ? 'hang' : mode} | ${seconds} | ${seen <= seconds * 1000 ? ms(seen) : 'not seen'} | ${result ? ms(resumed) : '> 120000'} |`,
        );
      }
    }
    rows.push(`| ${link.name} | page reloads during the cuts: ${navigations.length} | | | |`);
    await page.close();
  }
  return [
    "Back after a drop (Chromium; ms from the cut until the page shows it, and from the link's return until the chart draws a sample measured after it):",
    '',
    '| link | cut | seconds | drop shown after | fresh data after return |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ];
}

await main();
