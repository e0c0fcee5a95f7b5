import { read } from 'node:fs';
import { promisify } from 'node:util';
import {
  LinuxBinding,
  autoDetect,
  type LinuxOpenOptions,
  type LinuxPortBinding,
  type LinuxSetOptions,
} from '@serialport/bindings-cpp';
// Not in the package's index, but a public file of it (the package has no exports map): the
// read loop we reuse, with our own read underneath.
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read.js';

const readAsync = promisify(read);

/** A read of a tty that returned end of file: the device on the other end is gone. */
export class SerialEndOfFileError extends Error {
  override readonly name = 'SerialEndOfFileError';
  readonly code = 'EOF';
  constructor() {
    super('the serial port reached end of file: the device is gone');
  }
}

/**
 * fs.read for a serial port opened non-blocking with VMIN = 1: no data is EAGAIN, so 0 bytes
 * can only be end of file (a hung-up tty: a USB adapter unplugged, a pty whose master closed).
 * bindings-cpp 13's read loop retries a 0-byte read at once, forever: a hot loop on the thread
 * pool, and no 'close' ever reaches the driver (serialport/bindings-cpp#162). Thrown as an error,
 * it ends the loop and serialport closes the port as disconnected.
 */
export const readOrEndOfFile: typeof readAsync = (async (...args: Parameters<typeof readAsync>) => {
  const result = await readAsync(...args);
  if (result.bytesRead === 0) throw new SerialEndOfFileError();
  return result;
}) as typeof readAsync;

/**
 * A Linux port whose reads end on end of file; everything else is the library's port.
 * Delegation, not a subclass: the library's port owns the fd's poller, and a second poller on
 * the same fd is not allowed by libuv.
 */
class EofAwareLinuxPort {
  constructor(private readonly port: LinuxPortBinding) {}
  get openOptions() {
    return this.port.openOptions;
  }
  get isOpen() {
    return this.port.isOpen;
  }
  read(buffer: Buffer, offset: number, length: number) {
    if (!this.port.isOpen) return this.port.read(buffer, offset, length);
    return unixRead({ binding: this.port, buffer, offset, length, fsReadAsync: readOrEndOfFile });
  }
  close = () => this.port.close();
  write = (buffer: Buffer) => this.port.write(buffer);
  update = (options: Parameters<LinuxPortBinding['update']>[0]) => this.port.update(options);
  set = (options: LinuxSetOptions) => this.port.set(options);
  get = () => this.port.get();
  getBaudRate = () => this.port.getBaudRate();
  flush = () => this.port.flush();
  drain = () => this.port.drain();
}

const eofAwareLinuxBinding = {
  list: () => LinuxBinding.list(),
  open: async (options: LinuxOpenOptions) =>
    new EofAwareLinuxPort(await LinuxBinding.open(options)),
};

/** The binding the agent opens ports with: Linux's with the end-of-file fix, else the default. */
export function serialBinding() {
  return process.platform === 'linux' ? eofAwareLinuxBinding : autoDetect();
}
