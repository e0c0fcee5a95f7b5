import { open, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SerialEndOfFileError, readOrEndOfFile } from './eof-aware-binding.ts';

describe('readOrEndOfFile', () => {
  it('turns a 0-byte read (end of file) into an error, and passes data through', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-eof-'));
    try {
      const file = path.join(dir, 'bytes');
      await writeFile(file, Buffer.from([0xf9, 0x02]));
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(8);
        const first = await readOrEndOfFile(handle.fd, buffer, 0, 8, null);
        expect(first.bytesRead).toBe(2);
        expect([...buffer.subarray(0, 2)]).toEqual([0xf9, 0x02]);
        await expect(readOrEndOfFile(handle.fd, buffer, 0, 8, null)).rejects.toBeInstanceOf(
          SerialEndOfFileError,
        );
      } finally {
        await handle.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
