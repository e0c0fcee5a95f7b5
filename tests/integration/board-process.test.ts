import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { RunningPlatform } from '@remotelab/server';
import type { RunningAgent } from '@remotelab/lab-agent';
import { spawnTs, waitForLine } from '../../scripts/lib/child-process.ts';
import {
  loadRcFilter,
  startTestAgent,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../support/test-stack.ts';

/** The virtual board as its own process, killed like a pulled USB cable. */
describe('a killed virtual board process', () => {
  const ws = testWorkspace();
  const link = path.join(ws.dir, 'rc-filter.tty');
  let platform: RunningPlatform;
  let agent: RunningAgent;
  const boards: ChildProcess[] = [];

  const startBoard = async () => {
    const child = spawnTs(
      'lab-agent/src/virtual-board/main.ts',
      ['--bench', 'rc-filter', '--link', link],
      {},
    );
    boards.push(child);
    await waitForLine(child, /ready on (\S+)/, 20_000);
    return child;
  };

  beforeAll(async () => {
    platform = await startTestServer(ws);
    await startBoard();
    agent = startTestAgent(platform, ws, [{ definition: await loadRcFilter(), port: link }]);
    await waitForBench(platform, 'rc-filter', (status) => status === 'online');
  });

  afterAll(async () => {
    for (const child of boards) if (child.exitCode === null) child.kill('SIGKILL');
    await agent?.stop();
    await platform?.close();
    ws.cleanup();
  });

  it('is offline in /api/benches within 2 s of kill -9 and back online when started again', async () => {
    const offline = waitForBench(platform, 'rc-filter', (status) => status === 'offline');
    const killedAt = Date.now();
    boards[0]!.kill('SIGKILL');
    const offlineAt = await offline;
    expect(offlineAt - killedAt).toBeLessThan(2000);
    const listed = await (await fetch(`${platform.url}/api/benches/rc-filter`)).json();
    expect(listed.status).toBe('offline');

    const online = waitForBench(platform, 'rc-filter', (status) => status === 'online');
    await startBoard();
    await online;
    const back = await (await fetch(`${platform.url}/api/benches/rc-filter`)).json();
    expect(back).toMatchObject({ status: 'online' });
    expect(back.sampleRateHz).toBeGreaterThanOrEqual(0);
  });
});
