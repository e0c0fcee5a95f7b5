import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@remotelab/server';
import { spawnTs } from '../../scripts/lib/child-process.ts';
import {
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../support/test-stack.ts';
import {
  faultBench,
  faultBenchInput,
  recordFrames,
  sequenceProblems,
  waitUntil,
} from '../support/frame-record.ts';

/**
 * `kill -9` of the lab-agent process (one Node process, as npm start and compose run it), then
 * started again as its supervisor would. The new run drives the safe state, streams again, and
 * each run's recording is whole.
 */
describe('a lab-agent killed with SIGKILL and started again', { timeout: 60_000 }, () => {
  const ws = testWorkspace();
  const bench = faultBench('rc-kill');
  const link = path.join(ws.dir, 'rc-kill.tty');
  const benchFile = path.join(ws.dir, 'rc-kill.yaml');
  let platform: RunningPlatform;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  const agents: ChildProcess[] = [];

  const startAgentProcess = () => {
    const child = spawnTs('lab-agent/src/main.ts', [], {
      LAB_SERVER_URL: platform.url,
      LAB_AGENT_TOKEN: ws.tokenFor('kill-agent'),
      LAB_AGENT_ID: 'kill-agent',
      LAB_BENCHES: benchFile,
      LAB_BENCH_PORTS: `${bench.id}=${link}`,
      LAB_VERSION_QUERY_DELAY_MS: '50',
      LAB_STATE_FILE: path.join(ws.dir, 'agent-state.json'),
      LAB_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    });
    child.stdout?.resume();
    child.stderr?.resume();
    agents.push(child);
    return child;
  };
  const frameEvents = (fn: () => void) => (
    platform.registry.on('frame', fn),
    () => void platform.registry.off('frame', fn)
  );

  beforeAll(async () => {
    writeFileSync(benchFile, stringify(faultBenchInput(bench.id)));
    platform = await startTestServer(ws);
    board = await startTestBoard(bench, link);
    startAgentProcess();
    await waitForBench(platform, bench.id, (status) => status === 'online');
  });

  afterAll(async () => {
    for (const child of agents)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await board?.close();
    await platform?.close();
    ws.cleanup();
  });

  it('resumes by itself in the safe state; each run of the agent has no sequence gap', async () => {
    const recorded = recordFrames(platform, bench.id);
    await waitUntil(frameEvents, () => recorded.length >= 10, 'frames of the first run');
    const reply = await platform.services.agentRequests.request(
      'command',
      { commandId: 'c1', benchId: bench.id, output: 'duty', value: 60 },
      3000,
    );
    expect(reply.value).toBe(60);

    const offline = waitForBench(platform, bench.id, (status) => status === 'offline');
    const killed = agents[0]!;
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    killed.kill('SIGKILL');
    await exited;
    await offline;
    const killedAt = Date.now();
    const firstRun = recorded.length;

    startAgentProcess();
    await waitForBench(platform, bench.id, (status) => status === 'online');
    // The new run found the board at 60 % and put it back to its safe 0 %.
    const emulator = board.emulator;
    await waitUntil(
      (fn) => (emulator.on('pin-write', fn), () => void emulator.off('pin-write', fn)),
      () =>
        emulator.pinWrites.some(
          (w) => w.kind === 'pwm' && w.pin === 9 && w.value === 0 && w.t > killedAt,
        ),
      'the safe state from the new run',
    );
    await waitUntil(
      frameEvents,
      () => recorded.length >= firstRun + 10,
      'frames of the second run',
    );

    const { runs, problems } = sequenceProblems(recorded);
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(2);
    expect(runs[1]![0]).toBe(0); // a new run, not mistaken for a replay of the old one
    expect(platform.registry.missingFrames(bench.id)).toBe(0);
  });
});
