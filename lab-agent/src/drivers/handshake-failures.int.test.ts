// Handshake failures over a pseudo-terminal: none of them may kill the process (an uncaught
// 'error' fails this file), each is reported as a failed open or a lost board, and a healthy
// bench served by the same process keeps streaming throughout.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import five from 'johnny-five';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchDefinitionSchema } from '@remotelab/protocol';
import { startVirtualBoard, type RunningVirtualBoard } from '../virtual-board/index.ts';
import type { FirmataBoardEmulatorOptions } from '../virtual-board/index.ts';
import { BoardConnection } from '../bench/board-connection.ts';
import { samplingRequestOf } from './sampling-plan.ts';
import { FirmataBenchDriver } from './firmata-bench-driver.ts';
import { openSerialTransport } from './serial-transport.ts';

const bench = BenchDefinitionSchema.parse({
  id: 'handshake',
  name: 'Handshake failures',
  board: { path: '/dev/null' },
  inputs: [{ kind: 'analog-in', id: 'a0', label: 'A0', pin: 'A0' }],
  outputs: [{ kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9 }],
  sampling: { intervalMs: 10 },
  twin: {
    model: 'rc-lowpass',
    params: { pwmPin: 9, outputPin: 0, sinePin: 1, resistanceOhm: 10_000, capacitanceF: 1e-5 },
  },
});
/** johnny-five arms its own connect timeout with this too: it must never fire on its own. */
const HANDSHAKE_TIMEOUT_MS = 600;
const logger = pino({ level: 'silent' });

let dir = '';
const boards = new Set<RunningVirtualBoard>();
const boot = async (name: string, emulator?: FirmataBoardEmulatorOptions) => {
  const board = await startVirtualBoard({ bench, linkPath: linkOf(name), seed: 3, emulator });
  boards.add(board);
  return board;
};
const unplug = async (board: RunningVirtualBoard) => {
  boards.delete(board);
  await board.close();
};
const linkOf = (name: string) => path.join(dir, `${name}.tty`);
const driverFor = (name: string) =>
  new FirmataBenchDriver({
    openTransport: () => openSerialTransport(linkOf(name), 57_600),
    versionQueryDelayMs: 50,
    handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
  });
/** A bench as the agent keeps it connected; `onReading` sees each analog reading's arrival. */
const connect = (name: string, onReading: (receivedAt: number) => void = () => undefined) =>
  new BoardConnection({
    benchId: name,
    request: samplingRequestOf(bench),
    createDriver: () => driverFor(name),
    prepare: async () => undefined,
    sink: {
      analog: (reading) => onReading(reading.receivedAt),
      digital: () => undefined,
      i2c: () => undefined,
    },
    logger,
    silenceTimeoutMs: 1000,
    backoff: { initialMs: 50, maxMs: 200 },
  });
/** Resolves when the board receives its first byte from the host (the handshake has begun). */
const firstHostByte = (board: RunningVirtualBoard) =>
  new Promise<void>((resolve) =>
    board.loseHostBytes(() => {
      resolve();
      return false;
    }),
  );
const once = (connection: BoardConnection, event: 'online' | 'offline') =>
  new Promise<string>((resolve) =>
    connection.once(event, (detail?: string) => resolve(detail ?? '')),
  );

/** The healthy bench: its readings' arrival times, and whether it ever went offline. */
const healthy = { times: [] as number[], offline: [] as string[] };
let healthyConnection: BoardConnection | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-handshake-'));
  await boot('healthy');
  healthyConnection = connect('healthy', (receivedAt) => healthy.times.push(receivedAt));
  healthyConnection.on('offline', (detail) => healthy.offline.push(detail));
  const online = once(healthyConnection, 'online');
  healthyConnection.start();
  await online;
});
afterAll(async () => {
  await healthyConnection?.stop();
  await Promise.all([...boards].map((board) => board.close()));
  await rm(dir, { recursive: true, force: true });
});

/** Waits until the healthy bench has streamed for `ms` more, then checks it never stalled. */
async function healthyKeptStreaming(ms: number): Promise<void> {
  const from = Date.now();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if ((healthy.times.at(-1) ?? 0) - from < ms) return;
      clearInterval(check);
      resolve();
    }, 20);
  });
  const recent = healthy.times.filter((t) => t >= from);
  const gaps = recent.slice(1).map((t, i) => t - recent[i]!);
  expect(healthy.offline).toEqual([]);
  expect(Math.max(...gaps)).toBeLessThan(500);
}

describe('handshake failures never kill the agent', () => {
  it('a board silent after reset: open() rejects, and johnny-five never fires its own timeout', async () => {
    const board = await boot('silent');
    board.silent = true;
    const cached = five.Board.cache.length;
    await expect(driverFor('silent').open()).rejects.toThrow(
      /did not answer the Firmata handshake/,
    );
    expect(five.Board.cache.length).toBe(cached); // the abandoned board is not kept
    // johnny-five's connect timeout (armed with the same delay) would fire now: nothing may.
    await healthyKeptStreaming(3 * HANDSHAKE_TIMEOUT_MS);
    await unplug(board);
  });

  it('a port that vanishes during the handshake: open() rejects, nothing else', async () => {
    const board = await boot('vanish');
    board.silent = true;
    const begun = firstHostByte(board);
    const opening = driverFor('vanish').open();
    const refused = expect(opening).rejects.toThrow(/closed during the handshake|serial port/);
    await begun;
    await unplug(board);
    await refused;
    await healthyKeptStreaming(3 * HANDSHAKE_TIMEOUT_MS);
  });

  it('a board answering with another firmware is refused by name', async () => {
    const board = await boot('blink', { firmwareName: 'Blink.ino' });
    await expect(driverFor('blink').open()).rejects.toThrow(
      /runs "Blink.ino", not StandardFirmata/,
    );
    await healthyKeptStreaming(3 * HANDSHAKE_TIMEOUT_MS);
    await unplug(board);
  });

  it('a board that resets mid-session is reported lost at once, then reconnected', async () => {
    const board = await boot('reset');
    const connection = connect('reset');
    const online = once(connection, 'online');
    connection.start();
    await online;
    const offline = once(connection, 'offline');
    const back = once(connection, 'online');
    board.powerCycle();
    expect(await offline).toMatch(/the board reset/);
    await back;
    await healthyKeptStreaming(500);
    await connection.stop();
    await unplug(board);
  });

  it('ten rapid unplug/replug cycles: the bench comes back, the other never stops', async () => {
    let board = await boot('flaky');
    const times: number[] = [];
    const connection = connect('flaky', (receivedAt) => times.push(receivedAt));
    const online = once(connection, 'online');
    connection.start();
    await online;
    const start = Date.now();
    for (let cycle = 0; cycle < 10; cycle++) {
      await unplug(board);
      board = await boot('flaky');
    }
    const replugged = Date.now();
    // Back: readings from the board plugged last (the others are gone with their ptys).
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (times.filter((t) => t > replugged).length < 20) return;
        clearInterval(check);
        resolve();
      }, 20);
    });
    expect(connection.online).toBe(true);
    await healthyKeptStreaming(Math.min(1000, replugged - start));
    await connection.stop();
    await unplug(board);
  });
});
