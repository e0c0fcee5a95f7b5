import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { loadRcFilter, startTestBoard, testWorkspace } from '../support/test-stack.ts';

/**
 * The production build (`npm run build`, run by `npm test` before vitest): the server and the agent
 * as plain JavaScript under `node`, no tsx and no source condition, exactly as the Docker image
 * runs them. A virtual board on a pseudo-terminal stands in for the Uno.
 */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_MAIN = path.join(REPO_ROOT, 'server/dist/main.js');
const AGENT_MAIN = path.join(REPO_ROOT, 'lab-agent/dist/main.js');

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startBuilt(main: string, env: Record<string, string>): Child {
  // A clean environment: no NODE_OPTIONS from vitest, so nothing but node resolves the imports.
  const child = spawn(process.execPath, [main], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { process: child, output: () => output, exited };
}

async function health(url: string): Promise<{ benches: Array<{ id: string; status: string }> }> {
  const response = await fetch(`${url}/api/health`);
  return (await response.json()) as { benches: Array<{ id: string; status: string }> };
}

/** Polls the built server over HTTP: it runs in another process, so there is no event to await. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  child: Child[],
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    const dead = child.find((c) => c.process.exitCode !== null);
    if (dead)
      throw new Error(`a built process exited while waiting for ${what}:\n${dead.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the production build under plain node', () => {
  const ws = testWorkspace();
  let server: Child;
  let agent: Child;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  let url = '';

  beforeAll(async () => {
    for (const main of [SERVER_MAIN, AGENT_MAIN])
      if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const linkPath = path.join(ws.dir, 'rc.tty');
    board = await startTestBoard(await loadRcFilter(), linkPath);
    server = startBuilt(SERVER_MAIN, {
      PORT: String(port),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      LAB_REDIS_PREFIX: ws.prefix,
      DATABASE_URL: `sqlite:${path.join(ws.dir, 'prod.db')}`,
      LAB_AGENT_TOKENS: `prod-agent:${ws.token}`,
      LAB_AUTO_ENROLL_BENCHES: 'true',
      LAB_LOG_LEVEL: 'info',
    });
    agent = startBuilt(AGENT_MAIN, {
      LAB_SERVER_URL: url,
      LAB_AGENT_TOKEN: ws.token,
      LAB_AGENT_ID: 'prod-agent',
      LAB_BENCHES: 'rc-filter',
      LAB_BENCH_PORTS: `rc-filter=${linkPath}`,
      LAB_VERSION_QUERY_DELAY_MS: '50',
      LAB_LOG_LEVEL: 'info',
    });
  }, 60_000);

  afterAll(async () => {
    for (const child of [agent, server]) {
      if (child && child.process.exitCode === null) {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    }
    await board?.close();
    ws.cleanup();
  });

  it('serves the API and brings the agent’s bench online', async () => {
    const bench = await until(
      'the RC bench online',
      async () =>
        (await health(url)).benches.find((b) => b.id === 'rc-filter' && b.status === 'online'),
      [server, agent],
    );
    expect(bench.status).toBe('online');
    expect(server.output()).toMatch(/remotelab server listening/);
  }, 60_000);

  it('the agent drives the safe state and both exit 0 on SIGTERM', async () => {
    const stoppedAt = Date.now();
    agent.process.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    // The board saw the safe state written after the signal: pin 9's PWM back to 0 % (the
    // emulator logs a digital port write only for pins whose level changes, so the LED that was
    // never lit leaves no entry).
    const after = board.emulator.pinWrites.filter((w) => w.kind !== 'i2c' && w.t >= stoppedAt);
    expect(after).toContainEqual(expect.objectContaining({ kind: 'pwm', pin: 9, value: 0 }));
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 30_000);
});
