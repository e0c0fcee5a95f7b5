import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../testing/free-port.ts';

/**
 * A redis-server of the test's own on a free loopback port, so a test can restart or flush it
 * without touching the machine's shared Redis. No persistence: a restart loses everything, like
 * a Redis that crashed without AOF.
 */
export async function startPrivateRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function up(): Promise<void> {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let seen = '';
    // Ready when it says so on stdout: an explicit wait on the event, not a sleep.
    await new Promise<void>((resolve, reject) => {
      child!.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
      child!.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Ready to accept connections')) resolve();
      });
    });
  }

  async function down(): Promise<void> {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  await up();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /** Kills the server (as a crash would) and starts it again, empty, on the same port. */
    async restart() {
      await down();
      await up();
    },
    stop: down,
  };
}
