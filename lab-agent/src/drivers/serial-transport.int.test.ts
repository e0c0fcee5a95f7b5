// Opening a port whose lock is still held: by a handle being released (waited out), by another
// holder (refused once the wait is over, never opened twice).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPtyLink, type PtyLink } from '../virtual-board/pty-link.ts';
import type { FirmataTransport } from './firmata-bench-driver.ts';
import { openSerialTransport } from './serial-transport.ts';

let dir = '';
let link: PtyLink;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-lock-'));
  link = await openPtyLink({ linkPath: path.join(dir, 'board.tty') });
});
afterAll(async () => {
  await link.close();
  await rm(dir, { recursive: true, force: true });
});

const close = (transport: FirmataTransport) =>
  new Promise<void>((resolve) => transport.close(() => resolve()));

describe('a port whose device goes away', () => {
  it('closes, every time (a hung-up tty reads end of file, not EAGAIN)', async () => {
    for (let i = 0; i < 10; i++) {
      const device = await openPtyLink({ linkPath: path.join(dir, `gone-${i}.tty`) });
      const transport = await openSerialTransport(device.path, 57_600);
      const closed = new Promise<void>((resolve) => transport.on('close', () => resolve()));
      // Reading, as the driver always is.
      transport.on('data', () => undefined);
      await device.close();
      await closed;
      expect(transport.isOpen).toBe(false);
    }
  });
});

describe('openSerialTransport on a locked port', () => {
  it('opens once the handle holding the lock is closed within the wait', async () => {
    const holder = await openSerialTransport(link.path, 57_600);
    let opened = false;
    const second = openSerialTransport(link.path, 57_600, { lockWaitMs: 10_000 }).then((t) => {
      opened = true;
      return t;
    });
    // The second open is refused while the holder keeps the lock: it is still waiting after
    // the holder has proved it can write through the port.
    await new Promise<void>((resolve, reject) =>
      holder.write([0xf9], (error) => (error ? reject(error) : resolve())),
    );
    expect(opened).toBe(false);
    await close(holder);
    const transport = await second;
    expect(transport.isOpen).toBe(true);
    await close(transport);
  });

  it('refuses with the lock error when the holder keeps the port past the wait', async () => {
    const holder = await openSerialTransport(link.path, 57_600);
    try {
      const started = performance.now();
      await expect(openSerialTransport(link.path, 57_600, { lockWaitMs: 200 })).rejects.toThrow(
        /Cannot lock port/,
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(200);
      expect(holder.isOpen).toBe(true);
    } finally {
      await close(holder);
    }
  });
});
