import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BenchDefinitionSchema,
  type BenchDefinition,
  type Role,
  type SelfTestResult,
} from '@remotelab/protocol';
import { createAccount, type RunningPlatform } from '@remotelab/server';
import type { RunningAgent } from '@remotelab/lab-agent';
import { ApiClient } from '../support/api-client.ts';
import {
  connectBrowser,
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
  type BrowserSocket,
} from '../support/test-stack.ts';

/**
 * Self-test, quarantine and sessions through the real parts: two benches on one agent, each on a
 * virtual board over a pseudo-terminal, the server's REST API with signed-in technicians.
 */
function rcBench(id: string, expectCharged: number): BenchDefinition {
  return BenchDefinitionSchema.parse({
    id,
    name: `RC ${id}`,
    board: { path: '/dev/null' },
    sampling: { intervalMs: 10, frameMs: 50 },
    inputs: [{ kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0' }],
    outputs: [
      { kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, safe: 0 },
      { kind: 'digital-out', id: 'led', label: 'LED', pin: 13 },
    ],
    // tau = 0.1 s: 0.6 s is 6 tau, within 0.25 % of the final value.
    selfTest: {
      steps: [
        {
          name: 'charged at 100 %',
          set: { duty: 100 },
          waitMs: 600,
          expect: [{ input: 'vout', value: expectCharged, tolerance: 0.1 }],
        },
        {
          name: 'discharged at 0 %',
          set: { duty: 0 },
          waitMs: 600,
          expect: [{ input: 'vout', value: 0, tolerance: 0.1 }],
        },
      ],
    },
    twin: {
      model: 'rc-lowpass',
      params: { pwmPin: 9, outputPin: 0, sinePin: 1, resistanceOhm: 10_000, capacitanceF: 1e-5 },
    },
  });
}

describe('self-test and quarantine through the server', { timeout: 30_000 }, () => {
  const ws = testWorkspace();
  const healthy = rcBench('rc-healthy', 5);
  // A bench whose wiring no longer matches its definition: it expects half the supply.
  const faulty = rcBench('rc-faulty', 2.5);
  let platform: RunningPlatform;
  let agent: RunningAgent;
  let browser: BrowserSocket;
  const boards: Array<Awaited<ReturnType<typeof startTestBoard>>> = [];
  const clients = {} as Record<Role, ApiClient>;

  beforeAll(async () => {
    platform = await startTestServer(ws);
    const ports = [healthy, faulty].map((bench) => path.join(ws.dir, `${bench.id}.tty`));
    boards.push(await startTestBoard(healthy, ports[0]!), await startTestBoard(faulty, ports[1]!));
    agent = startTestAgent(
      platform,
      ws,
      [
        { definition: healthy, port: ports[0]! },
        { definition: faulty, port: ports[1]! },
      ],
      { stateFile: path.join(ws.dir, 'agent-state.json') },
    );
    await waitForBench(platform, healthy.id, (status) => status === 'online');
    await waitForBench(platform, faulty.id, (status) => status === 'online');
    for (const role of ['student', 'technician'] as const) {
      const email = `${role}-${ws.prefix}@example.org`;
      const password = 'correct horse battery staple';
      const user = { email, displayName: role, role, password };
      await createAccount(platform.db, user, { log2N: 10, r: 8, p: 3 }, pino({ level: 'silent' }));
      clients[role] = new ApiClient(platform.url);
      expect((await clients[role].signIn(email, password)).status).toBe(200);
    }
    browser = await connectBrowser(platform);
  });

  afterAll(async () => {
    browser?.disconnect();
    await agent?.stop();
    await Promise.all(boards.map((board) => board.close()));
    await platform?.close();
    ws.cleanup();
  });

  /** A technician's self-test runs in maintenance only: in, test, out (the answer is the test's). */
  const selfTest = async (id: string, role: Role = 'technician') => {
    const flag = `/api/benches/${id}/maintenance`;
    expect((await clients.technician.call('PUT', flag, { reason: 'self-test' })).status).toBe(200);
    const answer = await clients[role].call<SelfTestResult>('POST', `/api/benches/${id}/self-test`);
    expect((await clients.technician.call('DELETE', flag)).status).toBe(200);
    return answer;
  };
  const command = (benchId: string, output: string, value: number | boolean) =>
    browser.emitWithAck('command', { benchId, output, value });

  it('is for technicians only', async () => {
    expect((await selfTest(healthy.id, 'student')).status).toBe(403);
    const anonymous = await new ApiClient(platform.url).call(
      'POST',
      `/api/benches/${healthy.id}/self-test`,
    );
    expect(anonymous.status).toBe(401);
  });

  it('passes on a healthy bench, listing each step measured against expected', async () => {
    const { status, body } = await selfTest(healthy.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ benchId: healthy.id, trigger: 'on-demand', passed: true });
    expect(body.steps.map((s) => s.checks[0]!.expected)).toEqual([5, 0]);
    expect(body.steps[0]!.checks[0]!.measured).toBeCloseTo(5, 1);
    expect(body.steps[1]!.checks[0]!.measured).toBeCloseTo(0, 1);
    const listed = await clients.student.call<{ quarantine: unknown }>(
      'GET',
      `/api/benches/${healthy.id}`,
    );
    expect(listed.body.quarantine).toBeNull();
  });

  it('quarantines a failing bench: listed, commands refused until a technician clears it', async () => {
    const { body } = await selfTest(faulty.id);
    expect(body.passed).toBe(false);
    expect(body.steps[0]!.checks[0]).toMatchObject({ expected: 2.5, passed: false });
    const listed = await clients.student.call<{ quarantine: Record<string, unknown> | null }>(
      'GET',
      '/api/benches',
    );
    const item = (listed.body as unknown as Array<{ id: string; quarantine: unknown }>).find(
      (b) => b.id === faulty.id,
    );
    expect(item?.quarantine).toMatchObject({
      source: 'self-test',
      byUserId: null,
      reason: expect.stringContaining('charged at 100 %'),
    });
    expect(await command(faulty.id, 'led', true)).toMatchObject({
      status: 'error',
      error: { code: 'QUARANTINED' },
    });
    // the other bench of the same agent is not affected
    expect(await command(healthy.id, 'led', true)).toMatchObject({ status: 'ok' });
    // students cannot clear it; a technician can
    expect(
      (await clients.student.call('DELETE', `/api/benches/${faulty.id}/quarantine`)).status,
    ).toBe(403);
    const cleared = await clients.technician.call<{ quarantine: unknown }>(
      'DELETE',
      `/api/benches/${faulty.id}/quarantine`,
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body.quarantine).toBeNull();
    expect(await command(faulty.id, 'led', true)).toMatchObject({ status: 'ok' });
  });

  it('serves a session within its controls, ends it in the safe state and self-tests after', async () => {
    const requests = platform.services.agentRequests;
    const controls = [{ output: 'duty', min: 0, max: 40 }];
    // Every session the agent serves is SQL's (the platform ends any other): record it first, as
    // the scheduler does, then drive the agent's link by hand to reach its controls.
    const technician = await platform.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'technician')
      .executeTakeFirstOrThrow();
    await platform.db
      .insertInto('sessions')
      .values({
        id: 's-1',
        bench_id: healthy.id,
        lab_id: null,
        owner_id: technician.id,
        status: 'active',
        started_at: Date.now(),
        ended_at: null,
        end_reason: null,
        channels_json: '[]',
      })
      .execute();
    await requests.request(
      'session:start',
      { benchId: healthy.id, sessionId: 's-1', controls },
      3000,
    );
    expect(await command(healthy.id, 'duty', 60)).toMatchObject({
      status: 'error',
      error: { code: 'OUT_OF_RANGE', message: expect.stringContaining('0-40') },
    });
    expect(await command(healthy.id, 'led', true)).toMatchObject({
      error: { code: 'NOT_EXPOSED' },
    });
    expect(await command(healthy.id, 'duty', 40)).toMatchObject({ status: 'ok' });
    const afterSession = new Promise<SelfTestResult>((resolve) =>
      agent.benches[0]!.once('self-test', resolve),
    );
    await platform.db
      .updateTable('sessions')
      .set({ status: 'ended', ended_at: Date.now(), end_reason: 'test' })
      .where('id', '=', 's-1')
      .execute();
    const ended = await requests.request(
      'session:end',
      { benchId: healthy.id, sessionId: 's-1' },
      3000,
    );
    expect(ended.outputs).toEqual({ duty: 0, led: false });
    expect(ended.session).toBeUndefined();
    expect(await afterSession).toMatchObject({ trigger: 'session-end', passed: true });
  });
});
