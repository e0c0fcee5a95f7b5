// The pseudo-terminal link with a real serialport client: the path the agent opens.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bindTransport from 'firmata-io';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALOG_MESSAGE, REPORT_VERSION, SYSTEM_RESET } from './firmata-constants.ts';
import { openPtyLink, PtyLinkError } from './pty-link.ts';
import { startVirtualBoard } from './virtual-board.ts';
import { rcFilterBench } from './testing/bench-fixtures.ts';
import { isProcessAlive, waitFor } from './testing/process-probe.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-pty-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openPort(linkPath: string): Promise<SerialPort> {
  const port = new SerialPort({ path: linkPath, baudRate: 57_600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return port;
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => port.close(() => resolve()));
}

/** Collects `count` bytes from a source of chunks. */
function collect(
  subscribe: (onChunk: (chunk: Uint8Array) => void) => void,
  count: number,
): Promise<number[]> {
  return new Promise((resolve) => {
    const bytes: number[] = [];
    subscribe((chunk) => {
      bytes.push(...chunk);
      if (bytes.length >= count) resolve(bytes.slice(0, count));
    });
  });
}

describe('PtyLink', () => {
  it('relays bytes both ways, then removes the link and stops socat on close', async () => {
    const linkPath = path.join(dir, 'relay.tty');
    const link = await openPtyLink({ linkPath });
    expect(link.ptsPath).toMatch(/^\/dev\/pts\/\d+$/);
    const port = await openPort(linkPath);

    const toBoard = collect((onChunk) => link.on('data', onChunk), 3);
    port.write(Buffer.from([REPORT_VERSION, SYSTEM_RESET, 0x42]));
    expect(await toBoard).toEqual([REPORT_VERSION, SYSTEM_RESET, 0x42]);

    const toHost = collect((onChunk) => port.on('data', onChunk), 3);
    expect(link.write(Uint8Array.of(ANALOG_MESSAGE, 0x7f, 0x07))).toBe(true);
    expect(await toHost).toEqual([ANALOG_MESSAGE, 0x7f, 0x07]);

    await closePort(port);
    const pid = link.pid ?? -1;
    await link.close();
    expect(existsSync(linkPath)).toBe(false);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('fails with a clear sentence when socat is missing', async () => {
    const attempt = openPtyLink({
      linkPath: path.join(dir, 'nosocat.tty'),
      socatPath: path.join(dir, 'no-such-socat'),
    });
    await expect(attempt).rejects.toThrowError(
      new PtyLinkError('socat is required for virtual boards: apt-get install socat'),
    );
  });
});

describe('startVirtualBoard', () => {
  it('serves firmata-io over the pty and emits timed cycles', async () => {
    const linkPath = path.join(dir, 'board.tty');
    const board = await startVirtualBoard({ bench: rcFilterBench(), linkPath, model: 'counter' });
    expect(board.path).toBe(linkPath);
    const port = await openPort(linkPath);
    try {
      // No DTR on a pty: SYSTEM_RESET stands for the auto-reset and makes the board announce.
      port.write(Buffer.from([SYSTEM_RESET]));
      const io = new bindTransport.Firmata(port, { reportVersionTimeout: 2000 });
      await new Promise<void>((resolve) => io.once('ready', () => resolve()));
      expect(io.firmware.name).toBe('StandardFirmata.ino');

      const cycles: { index: number; emittedAt: number; raw: number[] }[] = [];
      board.on('cycle', (cycle) => cycles.push(cycle));
      const values: number[] = [];
      io.on('analog-read-0', (value: number) => values.push(value));
      io.reportAnalogPin(0, 1);
      await waitFor(() => values.length >= 20, 2000, '20 analog reads');

      expect(cycles.length).toBeGreaterThan(0);
      for (const cycle of cycles) expect(cycle.raw).toEqual([cycle.index % 1024]);
      expect(values).toEqual(expect.arrayContaining(cycles.slice(0, 10).map((c) => c.index)));
      // Same clock base as Date.now(), with sub-ms precision.
      expect(Math.abs((cycles[0]?.emittedAt ?? 0) - Date.now())).toBeLessThan(5000);
      expect(cycles.some((c) => !Number.isInteger(c.emittedAt))).toBe(true);
    } finally {
      await closePort(port);
      await board.close();
    }
    expect(existsSync(linkPath)).toBe(false);
  });
});
