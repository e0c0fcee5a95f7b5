/**
 * npm run bench:stream
 *
 * How much of what the serial line can carry reaches a browser, and how late. A virtual board
 * (counter model: every analog channel reads its cycle number mod 1024) runs at 57600 and
 * 115200 baud with 2 and 6 channels sampled every 1 ms; a real agent, server and socket.io
 * client carry the samples. For each case it prints offered samples/s, the line ceiling
 * (baud / 30: 3-byte reports, 10 bits per byte), samples/s delivered to the client, delivered /
 * min(offered, ceiling), sequence gaps (frames and lost cycles), and latency from the moment the
 * board wrote a cycle's last byte to the moment the client received it (p50 / p99; it includes the
 * agent's 50 ms framing). Figures, not a pass/fail test.
 */
import path from 'node:path';
import { connectBrowser, startTestBoard, testWorkspace } from '../tests/support/test-stack.ts';
import { commandToAck, realFirmwareStream } from './lib/real-firmware.ts';
import {
  VOLTS_PER_LSB,
  measureStream,
  startStreamStack,
  streamBench,
  streamFigures,
  type StreamFigures,
} from './lib/stream-stack.ts';

const WARM_UP_MS = 2000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);

interface CaseResult extends StreamFigures {
  baud: number;
  lostCycles: number;
}

async function runCase(baud: 57600 | 115200, channels: number): Promise<CaseResult> {
  const ws = testWorkspace();
  const link = path.join(ws.dir, 'board.tty');
  const bench = streamBench(`stream-${channels}`, { path: link, baud }, channels);
  const board = await startTestBoard(bench, link, { model: 'counter' });
  const emittedAt: number[] = [];
  board.on('cycle', (cycle) => {
    emittedAt[cycle.index] = cycle.emittedAt;
  });
  const stack = await startStreamStack(ws, bench, link);
  const client = await connectBrowser(stack.platform);

  let samples = 0;
  let lostCycles = 0;
  let lastCycle: number | undefined;
  const latencies: number[] = [];
  const { seconds, frameGaps } = await measureStream(
    client,
    bench.id,
    { warmUpMs: WARM_UP_MS, measureMs: MEASURE_MS },
    (frame, receivedAt, measuring) => {
      const column = frame.channels.a0 ?? [];
      for (const volts of column) {
        const raw = Math.round(volts / VOLTS_PER_LSB);
        // The cycle this row belongs to: the next one whose number matches raw (mod 1024).
        const cycle =
          lastCycle === undefined
            ? latestCycleWithResidue(emittedAt, raw, receivedAt)
            : lastCycle + ((raw - (lastCycle % 1024) + 1024) % 1024);
        // The same cycle twice: the firmware reports a channel once more when its reporting is
        // switched on (only at start-up).
        if (cycle === lastCycle) continue;
        if (measuring && lastCycle !== undefined && cycle - lastCycle > 1) {
          lostCycles += cycle - lastCycle - 1;
        }
        lastCycle = cycle;
        const sentAt = emittedAt[cycle];
        if (measuring && sentAt !== undefined) latencies.push(receivedAt - sentAt);
      }
      if (measuring) samples += column.length * channels;
    },
  );

  client.disconnect();
  await stack.close();
  await board.close();
  ws.cleanup();

  return {
    ...streamFigures({
      channels,
      offered: channels * 1000,
      baud,
      samples,
      seconds,
      frameGaps,
      latencies,
    }),
    baud,
    lostCycles,
  };
}

function latestCycleWithResidue(emitted: number[], residue: number, before: number): number {
  for (let index = emitted.length - 1; index >= 0; index -= 1) {
    if (index % 1024 === residue && (emitted[index] ?? Infinity) <= before) return index;
  }
  return residue;
}

const results: CaseResult[] = [];
for (const baud of [57600, 115200] as const) {
  for (const channels of [2, 6]) {
    process.stderr.write(`running ${baud} baud, ${channels} channels ...\n`);
    results.push(await runCase(baud, channels));
  }
}

const rows = results.map((r) =>
  [
    r.baud,
    r.channels,
    r.offered,
    Math.round(r.ceiling),
    Math.round(r.delivered),
    r.ratio.toFixed(3),
    `${r.frameGaps} / ${r.lostCycles}`,
    `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`,
  ].join(' | '),
);
process.stderr.write('running the real StandardFirmata on the simulated Uno ...\n');
const firmware = [];
for (const channels of [2, 6])
  firmware.push(await realFirmwareStream(channels, WARM_UP_MS, MEASURE_MS));
process.stderr.write('measuring command-to-ack ...\n');
const commands = [];
for (const board of ['emulator', 'avr8js'] as const) {
  for (const confirmed of [false, true]) commands.push(await commandToAck(board, confirmed, 100));
}

process.stdout.write(
  [
    `Stream benchmark (${MEASURE_MS / 1000} s per case, 1 ms sampling, counter twin, loopback)`,
    '',
    '| baud | channels | offered samples/s | line ceiling (baud/30) | delivered samples/s | delivered / min(offered, ceiling) | gaps (frames / lost cycles) | latency p50 / p99 (ms) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    'Real StandardFirmata 2.4 on the simulated Uno (avr8js, 57600 baud, 1 ms asked, 10 ms applied by this firmware; latency from the ADC conversion)',
    '',
    '| channels | offered samples/s | line ceiling | delivered samples/s | delivered / min(offered, ceiling) | frame gaps | latency p50 / p99 (ms) | board speed (x real time) |',
    '|---|---|---|---|---|---|---|---|',
    ...firmware.map(
      (r) =>
        `| ${r.channels} | ${r.offered} | ${Math.round(r.ceiling)} | ${Math.round(r.delivered)} | ${r.ratio.toFixed(3)} | ${r.frameGaps} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} | ${r.speed} |`,
    ),
    '',
    'Command-to-ack on the agent (100 PWM commands in a row, 2 channels streaming at 1 ms)',
    '',
    '| board | confirmed by the board | p50 / p99 (ms) |',
    '|---|---|---|',
    ...commands.map(
      (r) =>
        `| ${r.board} | ${r.confirmed ? 'yes' : 'no'} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} |`,
    ),
    '',
  ].join('\n'),
);
process.exit(0);
