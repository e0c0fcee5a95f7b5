import { SerialPortStream } from '@serialport/stream';
import { serialBinding } from './eof-aware-binding.ts';
import type { FirmataTransport } from './firmata-bench-driver.ts';

export interface OpenSerialTransportOptions {
  /**
   * How long to keep trying while the port is locked (default 1000 ms). serialport takes an
   * exclusive flock on the port, and the lock of a port this process has just closed lives on
   * until a read still in flight on the libuv thread pool returns with the old descriptor
   * (seen: 10 ms on a loaded 2-core machine): a reconnect that opens at once would be refused
   * for nothing. A port held by another process stays locked and is refused after the wait.
   */
  lockWaitMs?: number;
}

const LOCK_RETRY_MS = 20;
const LOCKED = /Cannot lock port/;

/** Opens a serial port as the byte stream under Firmata. */
export async function openSerialTransport(
  path: string,
  baudRate: number,
  options: OpenSerialTransportOptions = {},
): Promise<FirmataTransport> {
  const giveUpAt = performance.now() + (options.lockWaitMs ?? 1000);
  for (;;) {
    try {
      return await openOnce(path, baudRate);
    } catch (error) {
      if (!LOCKED.test((error as Error).message) || performance.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

function openOnce(path: string, baudRate: number): Promise<FirmataTransport> {
  return new Promise((resolve, reject) => {
    const port = new SerialPortStream({
      binding: serialBinding(),
      path,
      baudRate,
      autoOpen: false,
    });
    // serialport's stream satisfies FirmataTransport structurally but types its listeners
    // per event more loosely than our overloads; the one cast is here.
    port.open((error) => (error ? reject(error) : resolve(port as unknown as FirmataTransport)));
  });
}
