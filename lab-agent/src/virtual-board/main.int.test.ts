// The CLI as other tools start it: one process, the ready line, clean exits, no socat left behind.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PIN_MODE_OUTPUT, SET_DIGITAL_PIN_VALUE, SET_PIN_MODE } from './firmata-constants.ts';
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

  it("appends the host's pin writes to --pin-log and exits 0 on SIGTERM", async () => {
    const linkPath = path.join(dir, 'pins.tty');
    const pinLog = path.join(dir, 'pins.jsonl');
    const cli = startCli(['--bench', 'rc-filter', '--link', linkPath, '--pin-log', pinLog]);
    await cli.ready();
    const port = new SerialPort({ path: linkPath, baudRate: 57_600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    // The LED pin as an output, on, then off: the log must end with the level 0.
    port.write(Buffer.from([SET_PIN_MODE, 13, PIN_MODE_OUTPUT]));
    port.write(Buffer.from([SET_DIGITAL_PIN_VALUE, 13, 1, SET_DIGITAL_PIN_VALUE, 13, 0]));
    await new Promise<void>((resolve) => port.drain(() => resolve()));
    // The bytes reach the firmware through the paced UART: wait until it has handled all three.
    const pin13Lines = () =>
      (existsSync(pinLog) ? readFileSync(pinLog, 'utf8') : '').match(/"pin":13,/g)?.length ?? 0;
    await waitFor(() => pin13Lines() >= 3, 10_000, 'three writes to pin 13 in the pin log');
    await new Promise<void>((resolve) => port.close(() => resolve()));
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);

    const writes = (await readFile(pinLog, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { at: string; kind: string; pin: number; value: number });
    const pin13 = writes.filter((w) => w.pin === 13);
    expect(pin13.map((w) => [w.kind, w.value])).toEqual([
      ['mode', PIN_MODE_OUTPUT],
      ['digital', 1],
      ['digital', 0],
    ]);
    expect(Number.isNaN(Date.parse(pin13[0]!.at))).toBe(false);
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
