import path from 'node:path';
import { setTimeout as outage } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleFrame, SessionEnded } from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';
import type { RunningAgent } from '@remotelab/lab-agent';
import { freePort } from '../support/free-port.ts';
import {
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../support/test-stack.ts';
import { faultBench, recordFrames, sequenceProblems, waitUntil } from '../support/frame-record.ts';
import { recordSessionInSql } from '../support/sql-session.ts';

/** The scenario itself: how long the server is away. */
const OUTAGE_MS = 10_000;
/** The agent's LAB_LINK_LOSS_SAFE_MS in this test: well inside the outage. */
const LINK_LOSS_SAFE_MS = 2000;

/**
 * The server stopped for 10 s during a session, then started again on the same port. The agent
 * keeps sampling into its replay buffer, drives the safe state once the link has been down
 * LAB_LINK_LOSS_SAFE_MS, and replays what the first server did not acknowledge to the second.
 */
describe('the server stopped for 10 s during a session', { timeout: 60_000 }, () => {
  const ws = testWorkspace();
  const bench = faultBench('rc-outage');
  const link = path.join(ws.dir, 'rc-outage.tty');
  let port = 0;
  let platform: RunningPlatform;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  let agent: RunningAgent;

  beforeAll(async () => {
    port = await freePort();
    platform = await startTestServer(ws, port);
    board = await startTestBoard(bench, link);
    agent = startTestAgent(platform, ws, [{ definition: bench, port: link }], {
      linkLossSafeMs: LINK_LOSS_SAFE_MS,
    });
    await waitForBench(platform, bench.id, (status) => status === 'online');
  });

  afterAll(async () => {
    await agent?.stop();
    await board?.close();
    await platform?.close();
    ws.cleanup();
  });

  it('recovers by itself and the two recordings together have no sequence gap', async () => {
    const controller = agent.benches[0]!;
    const first = recordFrames(platform, bench.id);
    await recordSessionInSql(platform, { id: 'outage-session', benchId: bench.id });
    await platform.services.agentRequests.request(
      'session:start',
      { benchId: bench.id, sessionId: 'outage-session' },
      3000,
    );
    await platform.services.agentRequests.request(
      'command',
      { commandId: 'c1', benchId: bench.id, output: 'duty', value: 80 },
      3000,
    );
    await waitUntil(
      (fn) => (platform.registry.on('frame', fn), () => void platform.registry.off('frame', fn)),
      () => first.length >= 10,
      'frames before the outage',
    );
    const ended: SessionEnded[] = [];
    controller.on('session-ended', (e) => ended.push(e));
    const emulator = board.emulator;
    const stoppedAt = Date.now();
    const safeDriven = waitUntil(
      (fn) => (emulator.on('pin-write', fn), () => void emulator.off('pin-write', fn)),
      () =>
        emulator.pinWrites.some(
          (w) => w.kind === 'pwm' && w.pin === 9 && w.value === 0 && w.t > stoppedAt,
        ),
      'the safe state after the link loss',
    );

    await platform.close();
    await outage(OUTAGE_MS);

    const safeAt = await safeDriven;
    expect(safeAt - stoppedAt).toBeGreaterThanOrEqual(LINK_LOSS_SAFE_MS - 100);
    expect(ended).toEqual([
      { benchId: bench.id, sessionId: 'outage-session', reason: 'server-link-lost' },
    ]);
    // Sampling went on into the replay buffer: ~200 frames of 50 ms.
    const backlog = agent.link.backlog(bench.id)!;
    expect(backlog.length).toBeGreaterThan((OUTAGE_MS / 50) * 0.8);
    expect(backlog.dropped).toBe(0);

    platform = await startTestServer(ws, port);
    const second = recordFrames(platform, bench.id);
    await waitForBench(platform, bench.id, (status) => status === 'online');
    await waitUntil(
      (fn) => (platform.registry.on('frame', fn), () => void platform.registry.off('frame', fn)),
      () => agent.link.backlog(bench.id)!.length < 5 && second.length > backlog.length,
      'the replay to drain',
    );

    // What both servers recorded, as one recording: no seq missing from first to last.
    const seqs = new Map<number, SampleFrame>();
    for (const frame of [...first, ...second]) seqs.set(frame.seq, frame);
    const union = [...seqs.values()].sort((a, b) => a.seq - b.seq);
    const { runs, problems } = sequenceProblems(union);
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(1);
    // and the second server saw its part (replays included) with no gap and no duplicate
    expect(sequenceProblems(second).problems).toEqual([]);
    expect(platform.registry.missingFrames(bench.id)).toBe(0);
    // frames measured during the outage are in it, timed while the server was away
    expect(union.some((f) => f.t0 > stoppedAt + 1000 && f.t0 < stoppedAt + OUTAGE_MS - 1000)).toBe(
      true,
    );
  });
});
