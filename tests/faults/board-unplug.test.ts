import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentBenchState } from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';
import { readAgentConfig, type RunningAgent } from '@remotelab/lab-agent';
import {
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../support/test-stack.ts';
import { faultBench, recordFrames, sequenceProblems, waitUntil } from '../support/frame-record.ts';

/** The USB cable pulled while sampling, then plugged back. */
describe('a virtual board unplugged and replugged while sampling', { timeout: 30_000 }, () => {
  const ws = testWorkspace();
  const bench = faultBench('rc-unplug');
  const link = path.join(ws.dir, 'rc-unplug.tty');
  let platform: RunningPlatform;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  let agent: RunningAgent;

  beforeAll(async () => {
    platform = await startTestServer(ws);
    board = await startTestBoard(bench, link);
    // The default silence timeout: a lost board that its port does not report (seen under load
    // with pseudo-terminals) must still be offline within 1 s.
    agent = startTestAgent(platform, ws, [{ definition: bench, port: link }], {
      silenceTimeoutMs: readAgentConfig({ LAB_AGENT_TOKEN: 'x' }).silenceTimeoutMs,
    });
    await waitForBench(platform, bench.id, (status) => status === 'online');
  });

  afterAll(async () => {
    await agent?.stop();
    await board?.close();
    await platform?.close();
    ws.cleanup();
  });

  it('goes offline within 1 s, comes back by itself in the safe state, and loses no frame seq', async () => {
    const recorded = recordFrames(platform, bench.id);
    const controller = agent.benches[0]!;
    const states: AgentBenchState[] = [];
    controller.on('state', (state) => states.push(state));
    const onState = (listener: () => void) => {
      controller.on('state', listener);
      return () => void controller.off('state', listener);
    };
    await waitUntil(
      (fn) => (platform.registry.on('frame', fn), () => void platform.registry.off('frame', fn)),
      () => recorded.length >= 5,
      'frames before the unplug',
    );
    expect(
      await agent.handle('command', {
        commandId: 'c1',
        benchId: bench.id,
        output: 'duty',
        value: 70,
      }),
    ).toMatchObject({ status: 'ok' });

    const pulledAt = Date.now();
    await board.close();
    const offlineAt = await waitUntil(
      onState,
      () => states.at(-1)?.status === 'offline',
      'offline',
    );
    expect(offlineAt - pulledAt).toBeLessThan(1000);
    expect(
      await agent.handle('command', {
        commandId: 'c2',
        benchId: bench.id,
        output: 'duty',
        value: 10,
      }),
    ).toMatchObject({
      status: 'error',
      error: { code: 'BENCH_OFFLINE' },
    });

    board = await startTestBoard(bench, link);
    await waitUntil(onState, () => states.at(-1)?.status === 'online', 'online again');
    // Re-initialised: PWM mode then the safe duty (0) on pin 9 before anything else.
    const pin9 = () =>
      board.emulator.pinWrites.flatMap((w) =>
        w.kind !== 'i2c' && w.pin === 9 ? [[w.kind, w.value]] : [],
      );
    const emulator = board.emulator;
    await waitUntil(
      (fn) => (emulator.on('pin-write', fn), () => void emulator.off('pin-write', fn)),
      () => pin9().length >= 2,
      'the safe state on the new board',
    );
    expect(pin9()).toEqual([
      ['mode', 3],
      ['pwm', 0],
    ]);
    expect(controller.state().outputs).toEqual({ duty: 0, led: false });
    const before = recorded.length;
    await waitUntil(
      (fn) => (platform.registry.on('frame', fn), () => void platform.registry.off('frame', fn)),
      () => recorded.length >= before + 5,
      'frames after the replug',
    );
    const { runs, problems } = sequenceProblems(recorded);
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(platform.registry.missingFrames(bench.id)).toBe(0);
  });
});
