/**
 * The rows of `npm run bench:stream` for the real StandardFirmata on the simulated Uno (avr8js,
 * its own process, behind a pty), and command-to-ack latency with and without the board's
 * confirmation. The stack is the same as the emulator's rows: a real agent, server and client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import {
  BenchDefinitionSchema,
  type BenchDefinition,
  decodeStreamFrame,
} from '@remotelab/protocol';
import { readServerConfig, startPlatform, type RunningPlatform } from '@remotelab/server';
import { startAgent, type RunningAgent } from '@remotelab/lab-agent';
import { startVirtualBoard } from '@remotelab/lab-agent/virtual-board';
import { startSimulatedUno } from '../../tests/hw/simulated-uno/start-simulated-uno.ts';
import { delay, percentile } from './stats.ts';
import { openBrowserSocket } from '../../tests/support/browser-socket.ts';

const silent = pino({ level: 'silent' });
const now = () => performance.timeOrigin + performance.now();
const VOLTS_PER_LSB = 5 / 1023;
/**
 * StandardFirmata 2.4 (the prebuilt image) raises any sampling interval below 10 ms to 10 ms
 * (measured on the simulated Uno: 1 ms and 5 ms both give 100 reports/s per channel).
 */
const FIRMWARE_MIN_INTERVAL_MS = 10;

export interface FirmwareStreamResult {
  channels: number;
  offered: number;
  ceiling: number;
  delivered: number;
  ratio: number;
  frameGaps: number;
  p50: number;
  p99: number;
  /** Board seconds per wall second over the run (1 = real time). */
  speed: string;
}

interface Stack {
  platform: RunningPlatform;
  agent: RunningAgent;
  close(): Promise<void>;
}

function benchOf(id: string, port: string, channels: number): BenchDefinition {
  return BenchDefinitionSchema.parse({
    id,
    name: id,
    board: { path: port, baud: 57600 },
    sampling: { intervalMs: 1, frameMs: 50 },
    inputs: Array.from({ length: channels }, (_, i) => ({
      kind: 'analog-in',
      id: `a${i}`,
      label: `A${i}`,
      pin: `A${i}`,
    })),
    outputs: [{ kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, safe: 0 }],
    safety: { maxCommandsPerS: 1000 },
    twin: { model: 'counter' },
  });
}

async function startStack(bench: BenchDefinition, confirmWrites = true): Promise<Stack> {
  const token = randomBytes(12).toString('hex');
  const platform = await startPlatform(
    readServerConfig(
      {
        REDIS_URL: process.env.REDIS_URL,
        LAB_REDIS_PREFIX: `remotelab-bench-${token}`,
        LAB_AGENT_TOKENS: `bench-agent:${token}`,
        LAB_AUTO_ENROLL_BENCHES: 'true',
        LAB_COMMANDS_NEED_SESSION: 'false',
      },
      { port: '0', host: '127.0.0.1' },
    ),
    silent,
  );
  const agent = startAgent({
    serverUrl: platform.url,
    token,
    agentId: 'bench-agent',
    benches: [bench],
    benchPorts: {},
    versionQueryDelayMs: 100,
    confirmWrites,
    silenceTimeoutMs: 3000,
    replayBufferS: 120,
    linkLossSafeMs: 60_000,
    logger: silent,
  });
  await new Promise<void>((resolve) => {
    const check = () => platform.registry.agentState(bench.id)?.status === 'online' && resolve();
    platform.registry.on('changed', check);
    check();
  });
  return {
    platform,
    agent,
    close: async () => {
      await agent.stop();
      await platform.close();
    },
  };
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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-bench-avr-'));
  const uno = await startSimulatedUno(path.join(dir, 'uno.tty'), 'clock');
  const bench = benchOf(`avr-stream-${channels}`, uno.path, channels);
  const stack = await startStack(bench);
  const client = openBrowserSocket(stack.platform.url);
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  let measuring = false;
  let samples = 0;
  let frameGaps = 0;
  let lastSeq: number | undefined;
  const latencies: number[] = [];
  client.on('frame', (packed, ack) => {
    ack();
    const frame = decodeStreamFrame(packed);
    if (!frame) throw new Error('malformed frame');
    const receivedAt = now();
    if (lastSeq !== undefined && frame.firstSeq !== lastSeq + 1 && measuring) frameGaps += 1;
    lastSeq = frame.seq;
    if (!measuring) return;
    const column = frame.channels.a0 ?? [];
    samples += column.length * channels;
    for (const volts of column) {
      const raw = Math.round(volts / VOLTS_PER_LSB) % 1024;
      latencies.push((Math.floor(receivedAt) - raw + 1024) % 1024);
    }
  });
  await client.emitWithAck('bench:subscribe', { benchId: bench.id });
  await delay(warmUpMs);
  measuring = true;
  const startedAt = now();
  await delay(measureMs);
  measuring = false;
  const seconds = (now() - startedAt) / 1000;
  client.disconnect();
  await stack.close();
  const stats = await uno.stop();
  rmSync(dir, { recursive: true, force: true });
  const offered = channels * (1000 / FIRMWARE_MIN_INTERVAL_MS);
  const ceiling = 57600 / 30;
  const delivered = samples / seconds;
  const speed = /"speed":([\d.]+)/.exec(stats)?.[1];
  return {
    channels,
    offered,
    ceiling,
    delivered,
    ratio: delivered / Math.min(offered, ceiling),
    frameGaps,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-bench-cmd-'));
  const link = path.join(dir, 'board.tty');
  const bench = benchOf(`cmd-${board}`, link, 2);
  const stopBoard =
    board === 'avr8js'
      ? (await startSimulatedUno(link, 'clock')).stop
      : await startVirtualBoard({ bench, linkPath: link, model: 'counter' }).then(
          (virtual) => () => virtual.close(),
        );
  const stack = await startStack(bench, confirmWrites);
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
  rmSync(dir, { recursive: true, force: true });
  return {
    board,
    confirmed: confirmWrites,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}
