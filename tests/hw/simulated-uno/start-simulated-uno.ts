import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimulatedBench } from './front-ends.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface RunningSimulatedUno {
  /** The serial port to open (a pty symlink). */
  path: string;
  /** Stops the board; resolves with its real-time stats (speed, lag) once it exited. */
  stop(): Promise<string>;
}

/**
 * Starts a simulated Uno with StandardFirmata in its own process (one Node process, no npm or
 * tsx wrapper whose kill would orphan it) and waits for its ready line.
 */
export function startSimulatedUno(
  linkPath: string,
  frontEnd: SimulatedBench | 'clock' = 'rc-filter',
): Promise<RunningSimulatedUno> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@remotelab/source',
      MAIN,
      '--link',
      linkPath,
      '--front-end',
      frontEnd,
    ],
    // stdin stays open for the board's life: it ends when this process dies (see main.ts).
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the simulated Uno exited (${code}) before it was ready: ${stderr}`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^\{"ready":.*\}$/m.exec(stdout)?.[0];
      if (!line) return;
      const { ready } = JSON.parse(line) as { ready: string };
      resolve({
        path: ready,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
          return stderr.trim();
        },
      });
    });
  });
}
