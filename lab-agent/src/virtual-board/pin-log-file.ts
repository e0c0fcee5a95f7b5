import fs from 'node:fs';
import type { FirmataBoardEmulator } from './firmata-board-emulator.ts';

export interface PinLogFile {
  /** Flushes what was written and closes the file. */
  close(): Promise<void>;
}

/**
 * Appends each of the host's pin writes to `path`, one JSON line with the wall-clock time
 * (`at`, ISO 8601), so a test outside the process (a container stopped by `docker compose stop`)
 * can check the last value the host set on each output after the host has gone.
 */
export function appendPinWrites(path: string, emulator: FirmataBoardEmulator): PinLogFile {
  const file = fs.createWriteStream(path, { flags: 'a' });
  emulator.on('pin-write', (write) => {
    file.write(`${JSON.stringify({ at: new Date().toISOString(), ...write })}\n`);
  });
  return {
    close: () =>
      new Promise((resolve, reject) =>
        file.end((error?: Error | null) => (error ? reject(error) : resolve())),
      ),
  };
}
