import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchDefinition } from '@remotelab/protocol';
import type { RunningAgent } from '@remotelab/lab-agent';
import type { RunningPlatform } from '@remotelab/server';
import {
  loadRcFilter,
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../support/test-stack.ts';

type RunningBoard = Awaited<ReturnType<typeof startTestBoard>>;
/** Agents announce again this often while a bench is refused (10 s in production). */
const REANNOUNCE_MS = 200;

/**
 * Real lab-agents on virtual boards against a server in deployment mode: the bench streams only
 * once a technician approved it, and a second lab PC announcing the same bench with its own
 * board never drives it, while the owner is connected or after it stopped.
 */
describe('enrollment with real lab-agents', { timeout: 60_000 }, () => {
  const ws = testWorkspace();
  let platform: RunningPlatform;
  let bench: BenchDefinition;
  const boards: RunningBoard[] = [];
  const agents: RunningAgent[] = [];
  /** Resolves after the server answered `count` more announcements of `agentId`. */
  let announcementsOf: (agentId: string, count: number) => Promise<void>;

  beforeAll(async () => {
    bench = await loadRcFilter();
    platform = await startTestServer(ws, 0, { LAB_AUTO_ENROLL_BENCHES: 'false' });
    // Observes (does not change) the server's admission of each hello.
    const { enrollment } = platform.services;
    const admit = enrollment.admit.bind(enrollment);
    const waiters: Array<{ agentId: string; left: number; done: () => void }> = [];
    enrollment.admit = async (agentId, descriptors, ip) => {
      const refused = await admit(agentId, descriptors, ip);
      for (const waiter of waiters.filter((w) => w.agentId === agentId)) {
        waiter.left -= 1;
        if (waiter.left === 0) waiter.done();
      }
      return refused;
    };
    announcementsOf = (agentId, count) =>
      new Promise((done) => waiters.push({ agentId, left: count, done }));
  });
  afterAll(async () => {
    for (const agent of agents) await agent.stop();
    for (const board of boards) await board.close();
    await platform?.close();
    ws.cleanup();
  });

  const startPc = async (agentId: 'test-agent' | 'other-agent') => {
    const link = path.join(ws.dir, `${agentId}.tty`);
    boards.push(await startTestBoard(bench, link));
    const agent = startTestAgent(platform, ws, [{ definition: bench, port: link }], {
      agentId,
      reannounceMs: REANNOUNCE_MS,
    });
    agents.push(agent);
    return agent;
  };

  it('streams a new bench only after a technician approved it', async () => {
    const seen = announcementsOf('test-agent', 3);
    const owner = await startPc('test-agent');
    await seen;
    // Asked three times, never admitted: not listed, no frame reached the server.
    expect(platform.registry.agentState(bench.id)).toBeUndefined();
    expect(await platform.services.enrollment.list()).toEqual([
      expect.objectContaining({ benchId: bench.id, agentId: 'test-agent', status: 'pending' }),
    ]);
    expect(owner.link.backlog(bench.id)!.length).toBeGreaterThan(0);

    await platform.services.enrollment.approve('technician-1', bench.id, 'test-agent', '::1');
    await waitForBench(platform, bench.id, (status) => status === 'online');
    const frame = await new Promise<{ benchId: string }>((resolve) =>
      platform.registry.once('frame', resolve),
    );
    expect(frame.benchId).toBe(bench.id);
  });

  it('never lets a second lab PC drive the bench, owner connected or stopped', async () => {
    const before = await platform.db
      .selectFrom('benches')
      .selectAll()
      .where('id', '=', bench.id)
      .executeTakeFirstOrThrow();
    const ownerSocket = platform.registry.agentSocketOf(bench.id);
    const seen = announcementsOf('other-agent', 2);
    const intruder = await startPc('other-agent');
    await seen;
    expect(platform.registry.agentSocketOf(bench.id)).toBe(ownerSocket);
    expect(platform.registry.agentIdOf(bench.id)).toBe('test-agent');

    // The owner stops: the bench goes offline and stays the owner's.
    const offline = waitForBench(platform, bench.id, (status) => status === 'offline');
    await agents[0]!.stop();
    await offline;
    await announcementsOf('other-agent', 2);
    expect(platform.registry.agentState(bench.id)?.status).toBe('offline');
    expect(platform.registry.agentIdOf(bench.id)).toBe('test-agent');
    expect(intruder.link.backlog(bench.id)!.length).toBeGreaterThan(0);
    expect(
      await platform.db
        .selectFrom('benches')
        .selectAll()
        .where('id', '=', bench.id)
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ agent_id: 'test-agent', descriptor_json: before.descriptor_json });
    expect(await platform.services.enrollment.list()).toEqual([
      expect.objectContaining({
        benchId: bench.id,
        agentId: 'other-agent',
        ownerAgentId: 'test-agent',
      }),
    ]);
  });
});
