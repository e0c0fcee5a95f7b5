import type { Logger } from 'pino';
import { defaultLinkPath, openPtyLink } from './pty-link.ts';
import type { PtyLink } from './pty-link.ts';
import { DEFAULT_TICK_MS, VirtualBoardCore } from './virtual-board-core.ts';
import type { VirtualBoardCoreOptions } from './virtual-board-core.ts';

export interface VirtualBoardOptions extends VirtualBoardCoreOptions {
  /** Where the serial port appears; defaults to `<tmpdir>/remotelab/<benchId>.tty`. */
  linkPath?: string;
  /** Timer period of the pacing loop (ms). */
  tickMs?: number;
  socatPath?: string;
  /** State transitions are logged here (link up, link lost, closed). */
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * A virtual Uno running StandardFirmata 2.5 on a pseudo-terminal. Open `path` with serialport
 * exactly as /dev/ttyACM0. Listen to 'cycle' for each sampling cycle's emission time and
 * 'link-lost' in case socat dies.
 */
export class RunningVirtualBoard extends VirtualBoardCore {
  private link: PtyLink | undefined;
  private closed = false;
  private watch: NodeJS.Timeout | undefined;
  /** Fault injection (tests): the board's bytes go nowhere while set. */
  silent = false;
  private hostByteFilter: ((byte: number) => boolean) | undefined;

  /** Use `startVirtualBoard`. */
  constructor(
    options: VirtualBoardOptions,
    private readonly logger?: Pick<Logger, 'info' | 'warn'>,
  ) {
    super(options, (bytes) => {
      if (!this.silent) this.link?.write(bytes);
    });
  }

  /**
   * Fault injection (tests): host bytes for which `lose` returns true never reach the firmware,
   * as if lost on the wire; `undefined` heals the link.
   */
  loseHostBytes(lose: ((byte: number) => boolean) | undefined): void {
    this.hostByteFilter = lose;
  }

  /**
   * Fault injection (tests): the board resets as an Uno does when DTR toggles: the firmware boots
   * again, announces itself, and forgets every pin mode and report the host set.
   */
  powerCycle(): void {
    this.loop.boot();
  }

  /** The serial port path (the symlink to the pty slave). */
  get path(): string {
    if (!this.link) throw new Error('The virtual board is not started');
    return this.link.path;
  }

  /** Bytes dropped because nobody read the port. */
  get droppedBytes(): number {
    return this.link?.droppedBytes ?? 0;
  }

  /** @internal Warms the circuit model up, attaches the link and boots the board. */
  async open(linkPath: string, tickMs: number, socatPath?: string): Promise<void> {
    // The port appears only once the twin can answer: a netlist ngspice refuses fails here.
    try {
      await this.model.ready?.();
    } catch (error) {
      this.stop();
      throw error;
    }
    const link = await openPtyLink({ linkPath, socatPath });
    this.link = link;
    link.on('data', (bytes) => {
      const lose = this.hostByteFilter;
      this.receive(lose ? bytes.filter((byte) => !lose(byte)) : bytes);
    });
    link.on('exit', (code, signal) => {
      if (this.closed) return;
      this.stop();
      const error = new Error(`socat exited unexpectedly (code ${code}, signal ${signal})`);
      this.logger?.warn({ benchId: this.benchId, code, signal }, 'virtual board link lost');
      this.emit('link-lost', error);
    });
    this.start(tickMs);
    this.watchTwin();
    this.logger?.info(
      { benchId: this.benchId, path: link.path, pts: link.ptsPath, socatPid: link.pid },
      'virtual board ready',
    );
  }

  /** Stops the board, kills socat and removes the link. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watch);
    const twin = this.model.stats?.();
    this.stop();
    await this.link?.close();
    this.logger?.info({ benchId: this.benchId, twin }, 'virtual board closed');
  }

  /**
   * Logs when the twin's solver falls behind (readings held at their last value) and when it
   * catches up again: transitions only, checked every 10 s.
   */
  private watchTwin(): void {
    if (!this.model.stats) return;
    let stale = this.model.stats().staleReads;
    let behind = false;
    this.watch = setInterval(() => {
      const now = this.model.stats?.().staleReads ?? stale;
      const fresh = now - stale;
      stale = now;
      if (fresh > 0 === behind) return;
      behind = fresh > 0;
      const log = { benchId: this.benchId, staleReads: fresh };
      if (behind) this.logger?.warn(log, 'twin solver behind: readings held in the last 10 s');
      else this.logger?.info({ benchId: this.benchId }, 'twin solver caught up');
    }, 10_000);
    this.watch.unref();
  }
}

/**
 * Starts a virtual board for `bench`. Rejects with CircuitModelError (bad twin) or PtyLinkError
 * (socat missing or failing) before anything is left running.
 */
export async function startVirtualBoard(
  options: VirtualBoardOptions,
): Promise<RunningVirtualBoard> {
  const board = new RunningVirtualBoard(options, options.logger);
  const linkPath = options.linkPath ?? defaultLinkPath(options.bench.id);
  await board.open(linkPath, options.tickMs ?? DEFAULT_TICK_MS, options.socatPath);
  return board;
}
