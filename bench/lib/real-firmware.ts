/**
 * The rows of `npm run bench:stream` for the real StandardFirmata on the simulated Uno (avr8js,
 * its own process, behind a pty), and command-to-ack latency with and without the board's
 * confirmation. The stack is the same as the emulator's rows: a real agent, server and client.
 */
import path from 'node:path';
import type { BenchDefinition } from '@remotelab/protocol';
import { startVirtualBoard } from '@remotelab/lab-agent/virtual-board';
import { startSimulatedUno } from '../../tests/hw/simulated-uno/start-simulated-uno.ts';
import { connectBrowser, testWorkspace } from '../../tests/support/test-stack.ts';
import { percentile } from './stats.ts';
import {
  VOLTS_PER_LSB,
  measureStream,
  now,
  startStreamStack,
  streamBench,
  streamFigures,
  type StreamFigures,
  type StreamStack,
} from './stream-stack.ts';

/** StandardFirmata's baud rate. */
const BAUD = 57600;
/**
 * StandardFirmata 2.4 (the prebuilt image) raises any sampling interval below 10 ms to 10 ms
 * (measured on the simulated Uno: 1 ms and 5 ms both give 100 reports/s per channel).
 */
const FIRMWARE_MIN_INTERVAL_MS = 10;

export interface FirmwareStreamResult extends StreamFigures {
  /** Board seconds per wall second over the run (1 = real time). */
  speed: string;
}

/** A stream bench with a PWM output for the command rows, at the firmware's baud rate. */
function firmwareBench(id: string, port: string, channels: number): BenchDefinition {
  return streamBench(id, { path: port, baud: BAUD }, channels, {
    outputs: [{ kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, safe: 0 }],
    safety: { maxCommandsPerS: 1000 },
  });
}

/**
 * The simulated Uno runs its CPU in another process, at times slower than a real board: the agent
 * gives it longer to answer the version query and to report than the emulator gets.
 */
function startFirmwareStack(
  ws: ReturnType<typeof testWorkspace>,
  bench: BenchDefinition,
  port: string,
  confirmWrites = true,
): Promise<StreamStack> {
  return startStreamStack(ws, bench, port, {
    versionQueryDelayMs: 100,
    confirmWrites,
    silenceTimeoutMs: 3000,
    linkLossSafeMs: 60_000,
  });
}

/**
 * The real firmware streaming `channels` inputs sampled every 1 ms at 57600 baud. Every input
 * reads the wall clock's millisecond mod 1024 when converted, so latency runs from the ADC
 * conversion (not from the last byte on the line, as in the emulator's rows) to the client.
 */
export async function realFirmwareStream(
  channels: number,
  warmUpMs: number,
  measureMs: number,
): Promise<FirmwareStreamResult> {
  const ws = testWorkspace();
  const uno = await startSimulatedUno(path.join(ws.dir, 'uno.tty'), 'clock');
  const bench = firmwareBench(`avr-stream-${channels}`, uno.path, channels);
  const stack = await startFirmwareStack(ws, bench, uno.path);
  const client = await connectBrowser(stack.platform);
  let samples = 0;
  const latencies: number[] = [];
  const { seconds, frameGaps } = await measureStream(
    client,
    bench.id,
    { warmUpMs, measureMs },
    (frame, receivedAt, measuring) => {
      if (!measuring) return;
      const column = frame.channels.a0 ?? [];
      samples += column.length * channels;
      for (const volts of column) {
        const raw = Math.round(volts / VOLTS_PER_LSB) % 1024;
        latencies.push((Math.floor(receivedAt) - raw + 1024) % 1024);
      }
    },
  );
  client.disconnect();
  await stack.close();
  const stats = await uno.stop();
  ws.cleanup();
  const offered = channels * (1000 / FIRMWARE_MIN_INTERVAL_MS);
  const speed = /"speed":([\d.]+)/.exec(stats)?.[1];
  return {
    ...streamFigures({ channels, offered, baud: BAUD, samples, seconds, frameGaps, latencies }),
    speed: speed ? Number(speed).toFixed(2) : '?',
  };
}

export interface CommandLatency {
  board: string;
  confirmed: boolean;
  p50: number;
  p99: number;
}

/**
 * Command-to-ack on the agent (the `command` request as the server relays it, to its ack) while
 * the board streams 2 channels at 1 ms: `count` PWM commands one after another.
 */
export async function commandToAck(
  board: 'emulator' | 'avr8js',
  confirmWrites: boolean,
  count: number,
): Promise<CommandLatency> {
  const ws = testWorkspace();
  const link = path.join(ws.dir, 'board.tty');
  const bench = firmwareBench(`cmd-${board}`, link, 2);
  const stopBoard =
    board === 'avr8js'
      ? (await startSimulatedUno(link, 'clock')).stop
      : await startVirtualBoard({ bench, linkPath: link, model: 'counter' }).then(
          (virtual) => () => virtual.close(),
        );
  const stack = await startFirmwareStack(ws, bench, link, confirmWrites);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const startedAt = now();
    const ack = await stack.agent.handle('command', {
      commandId: `c${i}`,
      benchId: bench.id,
      output: 'duty',
      value: (i * 37) % 101,
    });
    if (ack.status !== 'ok') throw new Error(`command refused: ${JSON.stringify(ack)}`);
    latencies.push(now() - startedAt);
  }
  await stack.close();
  await stopBoard();
  ws.cleanup();
  return {
    board,
    confirmed: confirmWrites,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}
