// The CLI as other tools start it: one process, the ready line, clean exits, no socat left behind.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive, waitFor } from './testing/process-probe.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let dir = '';
const started: ChildProcessWithoutNullStreams[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'remotelab-cli-'));
});
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs main.ts in a single Node process (no npm / tsx wrapper whose kill would orphan it). */
function startCli(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@remotelab/source', MAIN, ...args],
    { cwd: REPO_ROOT, env: { ...process.env, LAB_LOG_LEVEL: 'info' } },
  );
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Waits for the ready line; returns the port path and socat's pid from the log. */
    async ready(): Promise<{ path: string; socatPid: number }> {
      // The ready line (stdout) and the log line naming socat's pid (stderr) travel on two pipes:
      // one can arrive before the other under load, so wait for both, never for one and read the other.
      await waitFor(
        () =>
          (/ready on (\S+)/.test(stdout) && /"socatPid":(\d+)/.test(stderr)) ||
          child.exitCode !== null,
        15_000,
        'ready line and socat pid',
      );
      const readyPath = /ready on (\S+)/.exec(stdout)?.[1];
      const socatPidText = /"socatPid":(\d+)/.exec(stderr)?.[1];
      if (!readyPath || !socatPidText) throw new Error(`CLI exited: ${stderr}`);
      return { path: readyPath, socatPid: Number(socatPidText) };
    },
  };
}

describe('virtual-board CLI', () => {
  it('prints one ready line, and on SIGTERM removes the link and exits 0', async () => {
    const linkPath = path.join(dir, 'term.tty');
    const cli = startCli(['--bench', 'rc-filter', '--link', linkPath, '--baud', '115200']);
    const { path: readyPath, socatPid } = await cli.ready();

    expect(cli.stdout()).toBe(`Virtual board rc-filter ready on ${linkPath} (115200 baud)\n`);
    expect(readyPath).toBe(linkPath);
    expect(existsSync(linkPath)).toBe(true);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(existsSync(linkPath)).toBe(false);
    expect(isProcessAlive(socatPid)).toBe(false);
  });

  it('takes socat down with it when killed with SIGKILL', async () => {
    const linkPath = path.join(dir, 'kill.tty');
    const cli = startCli(['--bench', 'rc-filter', '--link', linkPath]);
    const { socatPid } = await cli.ready();
    expect(isProcessAlive(socatPid)).toBe(true);

    cli.child.kill('SIGKILL');
    await cli.exited;
    // socat sees EOF on its stdin, exits and unlinks the pty symlink itself.
    await waitFor(() => !isProcessAlive(socatPid), 5000, 'socat to exit');
    await waitFor(() => !existsSync(linkPath), 2000, 'the link to be removed');
  });

  it.each([
    [['--bench', 'no-such-bench'], /^Bench file .*no-such-bench\.yaml does not exist\.\n$/],
    [['--bench', 'rc-filter', '--model', 'rlc'], /^Unknown twin model "rlc": known models/],
    [['--bench'], /^Option '--bench <value>' argument missing/],
  ])('exits 2 with one sentence for %j', async (args, message) => {
    const cli = startCli(['--link', path.join(dir, 'bad.tty'), ...args]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
    expect(cli.stdout()).toBe('');
  });
});
