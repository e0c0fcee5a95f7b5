import { EventEmitter } from 'node:events';
import { VirtualBoardCore } from './virtual-board-core.ts';
import type { VirtualBoardCoreOptions } from './virtual-board-core.ts';

/**
 * The host end of an in-memory serial link, shaped like the port firmata-io drives:
 * `write(buffer, callback)` plus 'open' / 'data' / 'close' / 'error' events. Board bytes are
 * emitted synchronously from the board's step, so a test driving a fake clock sees them at once.
 */
class InMemoryHostTransport extends EventEmitter {
  isOpen = true;

  constructor(private readonly toBoard: (bytes: Uint8Array) => void) {
    super();
  }

  write(data: Uint8Array | readonly number[], callback?: (error?: Error | null) => void): boolean {
    if (!this.isOpen) {
      process.nextTick(() => callback?.(new Error('Port is not open')));
      return false;
    }
    this.toBoard(Uint8Array.from(data));
    if (callback) process.nextTick(() => callback(null));
    return true;
  }

  /** Bytes from the board. */
  deliver(bytes: Uint8Array): void {
    if (this.isOpen) this.emit('data', Buffer.from(bytes));
  }

  close(callback?: (error?: Error | null) => void): void {
    this.isOpen = false;
    this.emit('close');
    if (callback) process.nextTick(() => callback(null));
  }
}

export interface InMemoryVirtualBoardOptions extends VirtualBoardCoreOptions {
  /**
   * Timer period (ms), or false to step by hand with `step()` (deterministic tests with a fake
   * clock). Default false.
   */
  tickMs?: number | false;
}

/**
 * The virtual board wired to an in-memory transport instead of a pty: for unit tests and for
 * running a client (firmata-io) against the emulator without socat.
 */
export class InMemoryVirtualBoard extends VirtualBoardCore {
  /** Give this to the Firmata client as its transport. */
  readonly transport: InMemoryHostTransport;

  constructor(options: InMemoryVirtualBoardOptions) {
    super(options, (bytes) => this.transport.deliver(bytes));
    this.transport = new InMemoryHostTransport((bytes) => this.receive(bytes));
    this.start(options.tickMs ?? false);
  }

  close(): void {
    this.stop();
    this.transport.close();
  }
}
