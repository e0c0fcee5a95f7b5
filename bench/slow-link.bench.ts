/**
 * npm run bench:slow-link
 *
 * What a student on a slow link sees of the RC bench (2 channels, ~960 rows/s from a virtual
 * board at 57600 baud): a real server, agent and board on loopback, and a socket.io client
 * behind the userspace link emulator (tests/support/throttling-proxy.ts) at a few link speeds.
 * For each link it prints updates/s, samples/s delivered, decimation, kbit/s used on the link
 * (everything socket.io sent, framing and heartbeats included) against what it carries, wire
 * bytes per sample (and, once, what JSON of the agent's frames costs), and latency from a frame's last sample to
 * its arrival (p50 / p95; it includes the agent's 50 ms framing and the link's one-way delay).
 * Figures, not a pass/fail test.
 */
import { decodeStreamFrame } from '@remotelab/protocol';
import { ThrottlingProxy, type LinkProfile } from '../tests/support/throttling-proxy.ts';
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

const WARM_UP_MS = Number(process.env.BENCH_WARM_UP_MS ?? 10_000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);

const LINKS: Array<LinkProfile & { name: string }> = [
  { name: 'Fast 3G (down)', bitsPerSecond: 1_440_000, rttMs: 150 },
  { name: 'Slow 3G', bitsPerSecond: 400_000, rttMs: 400 },
  { name: 'GPRS-like', bitsPerSecond: 64_000, rttMs: 600 },
  { name: 'very slow', bitsPerSecond: 32_000, rttMs: 800 },
];

interface Result {
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
}

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

const results: Result[] = [];
for (const profile of LINKS) {
  process.stderr.write(`measuring ${profile.name} ...\n`);
  results.push(await measure(profile));
}

await agent.stop();
await board.close();
await platform.close();
ws.cleanup();

console.log(
  [
    `Before packing, the same stream as JSON cost ${(json.bytes / json.samples).toFixed(1)} B per sample.`,
    '',
    '| link | kbit/s, RTT | updates/s | samples/s | decimation mean / max | kbit/s used | wire B/sample | latency p50 / p95 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results
      .map((r) =>
        [
          r.name,
          `${r.link.bitsPerSecond / 1000}, ${r.link.rttMs} ms`,
          r.updates.toFixed(1),
          Math.round(r.samples),
          `${r.meanDecimation.toFixed(1)} / ${r.maxDecimation}`,
          r.kbitsUsed.toFixed(0),
          r.wireBytesPerSample.toFixed(1),
          `${Math.round(r.p50)} / ${Math.round(r.p95)}`,
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ].join('\n'),
);
console.log(['', ...(await measureVisitTiming())].join('\n'));

async function measure(profile: LinkProfile & { name: string }): Promise<Result> {
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
  await client.emitWithAck('bench:subscribe', { benchId: bench.id });
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
  latencies.sort((a, b) => a - b);
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
  };
}
