// The BenchDriver contract against FirmataBenchDriver over a pseudo-terminal, with a virtual
// board at the other end (tests/hw runs the same contract on a real board).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchDefinitionSchema } from '@remotelab/protocol';
import { startVirtualBoard, type RunningVirtualBoard } from '../virtual-board/index.ts';
import { benchDriverContract } from './bench-driver.contract.ts';
import { FirmataBenchDriver } from './firmata-bench-driver.ts';
import { openSerialTransport } from './serial-transport.ts';
import type { BenchDriver } from './bench-driver.ts';

const bench = BenchDefinitionSchema.parse({
  id: 'contract',
  name: 'Driver contract',
  board: { path: '/dev/null' },
  inputs: [
    { kind: 'analog-in', id: 'a0', label: 'A0', pin: 'A0' },
    { kind: 'analog-in', id: 'a1', label: 'A1', pin: 'A1' },
  ],
  outputs: [{ kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9 }],
  twin: {
    model: 'rc-lowpass',
    params: { pwmPin: 9, outputPin: 0, sinePin: 1, resistanceOhm: 10_000, capacitanceF: 1e-5 },
  },
});

let dir = '';
let link = '';
let board: RunningVirtualBoard | undefined;
const boot = async () => {
  board = await startVirtualBoard({ bench, linkPath: link, seed: 7 });
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-contract-'));
  link = path.join(dir, 'board.tty');
  await boot();
});
afterAll(async () => {
  await board?.close();
  await rm(dir, { recursive: true, force: true });
});

const driverFor = (portPath: string): BenchDriver =>
  new FirmataBenchDriver({
    openTransport: () => openSerialTransport(portPath, 57_600),
    versionQueryDelayMs: 50,
    handshakeTimeoutMs: 3000,
  });

benchDriverContract('FirmataBenchDriver on a virtual board (pty)', {
  createDriver: () => driverFor(link),
  createUnreachableDriver: () => driverFor(path.join(os.tmpdir(), 'remotelab-no-such-port')),
  analogChannels: [0, 1],
  pwmPin: 9,
  pinValueOnBoard: async (_driver, pin) => board!.emulator.pinInfo(pin)?.state ?? -1,
  loseHostBytes: (lose) => board!.loseHostBytes(lose),
  unplug: async () => {
    await board?.close();
    board = undefined;
  },
  replug: boot,
});

describe('FirmataBenchDriver.close()', () => {
  it('lets the writes made just before it reach the board (the safe state on stop)', async () => {
    const emulator = board!.emulator;
    const driver = driverFor(link);
    await driver.open();
    const landed: number[] = [];
    const onWrite = (write: (typeof emulator.pinWrites)[number]) => {
      if (write.kind === 'pwm' && write.pin === 9 && write.accepted) landed.push(write.value);
    };
    emulator.on('pin-write', onWrite);
    try {
      // Several writes queued at once, closed without waiting: the last one is the safe value.
      for (const value of [10, 20, 30, 40, 50, 0])
        await driver.write({ kind: 'pwm', pin: 9, value });
      await driver.close();
      await waitUntil(() => landed.at(-1) === 0, 3000);
      expect(landed).toEqual([10, 20, 30, 40, 50, 0]);
    } finally {
      emulator.off('pin-write', onWrite);
    }
  });
});

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
