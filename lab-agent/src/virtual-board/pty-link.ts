import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { lstat, mkdir, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { TypedEmitter } from './typed-emitter.ts';

/** The pseudo-terminal could not be created or was lost: an operational error. */
export class PtyLinkError extends Error {
  override readonly name = 'PtyLinkError';
}

/** Where a bench's virtual serial port appears unless told otherwise. */
export function defaultLinkPath(benchId: string): string {
  return path.join(os.tmpdir(), 'remotelab', `${benchId}.tty`);
}

export interface PtyLinkOptions {
  /** The symlink to create; the serial port path the agent opens. */
  linkPath: string;
  socatPath?: string;
  /**
   * Bytes allowed to wait in Node for socat before new ones are dropped. When nobody has the
   * port open the pty fills up and socat stops reading; a real Uno's USB-serial chip drops data
   * then too, and memory must not grow. Default 4 KiB.
   */
  maxPendingBytes?: number;
  /** How long socat may take to create the pty. Default 5 s. */
  readyTimeoutMs?: number;
}

export interface PtyLinkEvents {
  [event: string]: unknown[];
  /** Bytes the host wrote to the serial port. */
  data: [Uint8Array];
  /** socat ended; after `close()` this is expected, otherwise the link is lost. */
  exit: [code: number | null, signal: NodeJS.Signals | null];
}

type SocatProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * A pseudo-terminal whose slave side is the virtual board's serial port. Node cannot open a pty,
 * so socat does: `socat PTY,raw,echo=0,link=<linkPath> STDIO` creates the pty, symlinks its slave
 * at `linkPath`, and relays the master to its stdin/stdout, which we own. Because socat exits when
 * its stdin closes, it dies with this process, even on `kill -9`.
 */
export class PtyLink extends TypedEmitter<PtyLinkEvents> {
  private exited = false;
  private closing = false;
  private dropped = 0;
  private readonly exitPromise: Promise<void>;

  constructor(
    private readonly socat: SocatProcess,
    /** The symlink the agent opens. */
    readonly path: string,
    /** The pty slave socat created, e.g. /dev/pts/3. */
    readonly ptsPath: string,
    private readonly maxPendingBytes: number,
  ) {
    super();
    this.exitPromise = new Promise((resolve) => {
      socat.once('exit', (code, signal) => {
        this.exited = true;
        this.emit('exit', code, signal);
        resolve();
      });
    });
    socat.stdout.on('data', (chunk: Buffer) => this.emit('data', new Uint8Array(chunk)));
    // Once socat is gone its stdin reports EPIPE; the 'exit' event already tells the story.
    socat.stdin.on('error', () => undefined);
    // A failed kill() is reported as 'error' on the child; without a listener it would throw.
    socat.on('error', () => undefined);
    socat.stderr.resume();
  }

  /** socat's process id. */
  get pid(): number | undefined {
    return this.socat.pid;
  }

  /** Bytes dropped because nobody was reading the port. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** Sends bytes to the host. Returns false when they were dropped (link down or backed up). */
  write(bytes: Uint8Array): boolean {
    if (this.exited || this.closing || this.socat.stdin.writableLength > this.maxPendingBytes) {
      this.dropped += bytes.length;
      return false;
    }
    this.socat.stdin.write(bytes);
    return true;
  }

  /** Stops socat and removes the link. Safe to call twice. */
  async close(): Promise<void> {
    this.closing = true;
    if (!this.exited) {
      this.socat.kill('SIGTERM');
      const timer = setTimeout(() => this.socat.kill('SIGKILL'), 2000);
      await this.exitPromise;
      clearTimeout(timer);
    }
    // socat unlinks on a clean exit; after SIGKILL it cannot. Only remove a link that is still
    // ours, in case another board has taken the path since.
    const target = await readlink(this.path).catch(() => undefined);
    if (target === this.ptsPath) await rm(this.path, { force: true });
  }
}

/** Starts socat and resolves once the link exists. Fails with a PtyLinkError saying why. */
export async function openPtyLink(options: PtyLinkOptions): Promise<PtyLink> {
  const linkPath = path.resolve(options.linkPath);
  if (/[,:!"'\\\s]/.test(linkPath)) {
    // socat would read these as address syntax.
    throw new PtyLinkError(`Link path ${linkPath} must not contain , : ! quotes or spaces.`);
  }
  await mkdir(path.dirname(linkPath), { recursive: true });
  const socat: SocatProcess = spawn(
    options.socatPath ?? 'socat',
    ['-d', '-d', `PTY,raw,echo=0,link=${linkPath}`, 'STDIO'],
    // Own process group: a Ctrl-C meant for us must not kill socat before we close it cleanly.
    // It still dies with us, through its stdin.
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  const ptsPath = await waitUntilReady(socat, options.readyTimeoutMs ?? 5000);
  const stat = await lstat(linkPath).catch(() => undefined);
  if (!stat?.isSymbolicLink()) {
    socat.kill('SIGKILL');
    throw new PtyLinkError(`socat started but ${linkPath} was not created.`);
  }
  return new PtyLink(socat, linkPath, ptsPath, options.maxPendingBytes ?? 4096);
}

/**
 * socat -d -d logs "PTY is /dev/pts/N" once the pty exists and "starting data transfer loop"
 * once the link is made and it relays bytes.
 */
function waitUntilReady(socat: SocatProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    let ptsPath: string | undefined;
    const fail = (message: string): void => {
      cleanup();
      socat.kill('SIGKILL');
      reject(new PtyLinkError(message));
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      fail(
        error.code === 'ENOENT'
          ? 'socat is required for virtual boards: apt-get install socat'
          : `socat could not be started: ${error.message}`,
      );
    };
    const onExit = (code: number | null): void =>
      fail(`socat exited (code ${code}) before the pty was ready: ${log.trim().slice(-500)}`);
    const onStderr = (chunk: Buffer): void => {
      log += chunk.toString();
      ptsPath ??= /PTY is (\S+)/.exec(log)?.[1];
      if (ptsPath && log.includes('starting data transfer loop')) {
        cleanup();
        resolve(ptsPath);
      }
    };
    const timer = setTimeout(
      () => fail(`socat did not create the pty within ${timeoutMs} ms: ${log.trim().slice(-500)}`),
      timeoutMs,
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      socat.off('error', onError);
      socat.off('exit', onExit);
      socat.stderr.off('data', onStderr);
    };
    socat.on('error', onError);
    socat.on('exit', onExit);
    socat.stderr.on('data', onStderr);
  });
}
