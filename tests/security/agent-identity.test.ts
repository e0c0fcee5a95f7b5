import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, BenchDescriptor, BenchEnrollment } from '@remotelab/protocol';
import type { BenchRegistry } from '@remotelab/server';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { connectFakeAgent, rcFrames } from '../support/fake-agent.ts';
import {
  rcDescriptor,
  startStorageFixture,
  type StorageFixture,
} from '../support/storage-fixture.ts';

/**
 * The agent boundary, against a real server on SQLite and PostgreSQL with real socket.io agents,
 * in deployment mode (LAB_AUTO_ENROLL_BENCHES off): a token speaks for one agent id, one
 * connection per id, a bench belongs to the agent it was enrolled with, and nothing another agent
 * announces reaches the catalog, the recording or the students' commands.
 */
const X = { agentId: 'pc-x', token: 'token-of-pc-x-0123456789' };
const Y = { agentId: 'pc-y', token: 'token-of-pc-y-0123456789' };
const BENCH = 'rc-filter-71';

function waitForStatus(registry: BenchRegistry, benchId: string, status: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (registry.agentState(benchId)?.status !== status) return false;
      registry.off('changed', check);
      resolve();
      return true;
    };
    if (!check()) registry.on('changed', check);
  });
}

/** The same bench as an impostor would announce it: another name, a wider envelope. */
function impostorDescriptor(): BenchDescriptor {
  const descriptor = rcDescriptor(BENCH);
  descriptor.name = 'Impostor bench';
  const duty = descriptor.outputs[0]!;
  if (duty.kind === 'pwm-out') duty.safe = 100;
  return descriptor;
}

describe.each(DATABASE_KINDS)('agent identity and bench enrollment (%s)', (kind) => {
  let f: StorageFixture;
  type Agent = Awaited<ReturnType<typeof connectFakeAgent>>;
  const agents: Agent[] = [];
  /** The current connections of pc-x and pc-y. */
  let x: Agent;
  let y: Agent;
  const connect = async (auth: { agentId: string; token: string }) => {
    const agent = await connectFakeAgent(f.platform.url, auth);
    agents.push(agent);
    return agent;
  };
  const catalogRow = () =>
    f.platform.db.selectFrom('benches').selectAll().where('id', '=', BENCH).executeTakeFirst();
  /** Audit entries of `action` about the benches of this test (the fixture enrolls its own). */
  const audit = async (action: string) =>
    (
      await f.users.admin.client.call<AuditEntry[]>('GET', `/api/audit?action=${action}`)
    ).body.filter((entry) => entry.target?.startsWith('rc-filter-7'));
  const requests = async () =>
    (await f.users.technician.client.call<BenchEnrollment[]>('GET', '/api/bench-enrollments')).body;

  beforeAll(async () => {
    f = await startStorageFixture(kind, {
      autoEnrollBenches: false,
      agentTokens: [`${X.agentId}:${X.token}`, `${Y.agentId}:${Y.token}`],
    });
  });
  afterAll(async () => {
    for (const agent of agents) agent.close();
    await f?.stop();
  });

  it('accepts an env token only with the agent id it is paired with', async () => {
    x = await connect(X);
    expect(x.socket.connected).toBe(true);
    await expect(
      connectFakeAgent(f.platform.url, { agentId: Y.agentId, token: X.token }),
    ).rejects.toMatchObject({ data: { code: 'AUTH_FAILED' } });
    await expect(
      connectFakeAgent(f.platform.url, { agentId: 'pc-z', token: X.token }),
    ).rejects.toMatchObject({ data: { code: 'AUTH_FAILED' } });
  });

  it('keeps the first announcement of a new bench pending until a technician approves it', async () => {
    const refused = await x.announce([rcDescriptor(BENCH)]);
    expect(refused).toEqual([
      expect.objectContaining({ benchId: BENCH, code: 'BENCH_NOT_ENROLLED' }),
    ]);
    // Not in the catalog, not listed, not driven: its frames are refused.
    expect(await catalogRow()).toBeUndefined();
    expect(f.platform.registry.agentState(BENCH)).toBeUndefined();
    const listed = await f.client('anonymous').call<Array<{ id: string }>>('GET', '/api/benches');
    expect(listed.body.map((b) => b.id)).not.toContain(BENCH);
    expect(await x.sendFrame(rcFrames(BENCH, 1, Date.now())[0]!)).toMatchObject({
      status: 'error',
      error: { code: 'UNKNOWN_BENCH' },
    });
    // Listed to technicians only, audited once however often the agent asks again.
    await x.announce([rcDescriptor(BENCH)]);
    expect(await requests()).toEqual([
      expect.objectContaining({
        benchId: BENCH,
        agentId: X.agentId,
        ownerAgentId: null,
        status: 'pending',
        attempts: 2,
      }),
    ]);
    expect((await f.users.student.client.call('GET', '/api/bench-enrollments')).status).toBe(403);
    expect(
      (
        await f.users.student.client.call(
          'POST',
          `/api/bench-enrollments/${BENCH}/${X.agentId}/approve`,
        )
      ).status,
    ).toBe(403);
    expect((await audit('bench-enrollment-requested')).filter((e) => e.target === BENCH)).toEqual([
      expect.objectContaining({ detail: { agentId: X.agentId } }),
    ]);

    const approved = await f.users.technician.client.call(
      'POST',
      `/api/bench-enrollments/${BENCH}/${X.agentId}/approve`,
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual([]);
    expect(await catalogRow()).toMatchObject({
      agent_id: X.agentId,
      name: rcDescriptor(BENCH).name,
    });
    expect(await audit('bench-enrolled')).toEqual([
      expect.objectContaining({ target: BENCH, actorId: f.users.technician.id }),
    ]);
    const online = waitForStatus(f.platform.registry, BENCH, 'online');
    expect(await x.announce([rcDescriptor(BENCH)])).toEqual([]);
    await online;
    expect(await x.sendFrame(rcFrames(BENCH, 1, Date.now())[0]!)).toMatchObject({ status: 'ok' });
  });

  it('refuses a second connection of a connected agent id; the first keeps its bench', async () => {
    const first = x;
    await expect(connectFakeAgent(f.platform.url, X)).rejects.toMatchObject({
      data: { code: 'AGENT_ALREADY_CONNECTED' },
    });
    expect(first.socket.connected).toBe(true);
    expect(await first.sendFrame(rcFrames(BENCH, 1, Date.now(), 1)[0]!)).toMatchObject({
      status: 'ok',
    });
  });

  it('refuses another agent announcing an enrolled bench, owner connected or away, and audits it', async () => {
    const before = await catalogRow();
    y = await connect(Y);

    // Owner connected.
    expect(await y.announce([impostorDescriptor()])).toEqual([
      expect.objectContaining({ benchId: BENCH, code: 'BENCH_OWNED_BY_OTHER_AGENT' }),
    ]);

    // Owner away: the hijack window of before.
    const offline = waitForStatus(f.platform.registry, BENCH, 'offline');
    x.close();
    await offline;
    expect(await y.announce([impostorDescriptor()])).toEqual([
      expect.objectContaining({ benchId: BENCH, code: 'BENCH_OWNED_BY_OTHER_AGENT' }),
    ]);
    expect(await y.sendFrame(rcFrames(BENCH, 1, Date.now())[0]!)).toMatchObject({
      status: 'error',
      error: { code: 'UNKNOWN_BENCH' },
    });
    // The catalog is untouched: owner, name and envelope as the owner announced them.
    const after = await catalogRow();
    expect(after).toMatchObject({
      agent_id: X.agentId,
      name: before!.name,
      descriptor_json: before!.descriptor_json,
    });
    expect(f.platform.registry.descriptor(BENCH)?.name).toBe(rcDescriptor(BENCH).name);
    expect(await audit('bench-claim-refused')).toEqual([
      expect.objectContaining({
        target: BENCH,
        actorId: null,
        detail: { agentId: Y.agentId, ownerAgentId: X.agentId },
      }),
    ]);
    expect(await requests()).toEqual([
      expect.objectContaining({ benchId: BENCH, agentId: Y.agentId, ownerAgentId: X.agentId }),
    ]);

    // The owner comes back and drives its bench; commands reach it, not the impostor.
    x = await connect(X);
    const online = waitForStatus(f.platform.registry, BENCH, 'online');
    expect(await x.announce([rcDescriptor(BENCH)])).toEqual([]);
    await online;
    await f.platform.services.agentRequests.request(
      'command',
      { commandId: 'c-1', benchId: BENCH, output: 'duty', value: 30 },
      3000,
    );
    expect(x.commands).toEqual([{ output: 'duty', value: 30 }]);
    expect(y.commands).toEqual([]);
  });

  it('lets a technician move the bench; the old agent stops driving it at once', async () => {
    expect(
      (
        await f.users.student.client.call('POST', `/api/benches/${BENCH}/move`, {
          agentId: Y.agentId,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await f.users.technician.client.call('POST', `/api/benches/${BENCH}/move`, {
          agentId: 'pc-nobody',
        })
      ).body,
    ).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const offline = waitForStatus(f.platform.registry, BENCH, 'offline');
    const moved = await f.users.technician.client.call('POST', `/api/benches/${BENCH}/move`, {
      agentId: Y.agentId,
    });
    expect(moved.status).toBe(200);
    await offline;
    expect(await x.sendFrame(rcFrames(BENCH, 1, Date.now(), 5)[0]!)).toMatchObject({
      status: 'error',
      error: { code: 'UNKNOWN_BENCH' },
    });
    expect(await x.announce([rcDescriptor(BENCH)])).toEqual([
      expect.objectContaining({ code: 'BENCH_OWNED_BY_OTHER_AGENT' }),
    ]);
    const online = waitForStatus(f.platform.registry, BENCH, 'online');
    expect(await y.announce([impostorDescriptor()])).toEqual([]);
    await online;
    // The new owner's announcement is the catalog's now.
    expect(await catalogRow()).toMatchObject({ agent_id: Y.agentId, name: 'Impostor bench' });
    expect(await audit('bench-moved')).toEqual([
      expect.objectContaining({
        target: BENCH,
        actorId: f.users.technician.id,
        detail: { fromAgentId: X.agentId, toAgentId: Y.agentId },
      }),
    ]);
  });

  it('binds admin-issued tokens the same way: one agent cannot take over the bench of another', async () => {
    const issue = async (id: string) =>
      (
        await f.users.admin.client.call<{ token: string }>('POST', '/api/agents', {
          id,
          name: id,
        })
      ).body.token;
    const a = { agentId: 'pc-a', token: await issue('pc-a') };
    const b = { agentId: 'pc-b', token: await issue('pc-b') };
    const bench = 'rc-filter-73';
    const owner = await connect(a);
    await owner.announce([rcDescriptor(bench)]);
    await f.users.technician.client.call(
      'POST',
      `/api/bench-enrollments/${bench}/${a.agentId}/approve`,
    );
    expect(await owner.announce([rcDescriptor(bench)])).toEqual([]);
    const offline = waitForStatus(f.platform.registry, bench, 'offline');
    owner.close();
    await offline;

    const impostor = await connect(b);
    const claimed = rcDescriptor(bench);
    claimed.name = 'Impostor bench';
    expect(await impostor.announce([claimed])).toEqual([
      expect.objectContaining({ benchId: bench, code: 'BENCH_OWNED_BY_OTHER_AGENT' }),
    ]);
    expect(await impostor.sendFrame(rcFrames(bench, 1, Date.now())[0]!)).toMatchObject({
      error: { code: 'UNKNOWN_BENCH' },
    });
    const row = await f.platform.db
      .selectFrom('benches')
      .selectAll()
      .where('id', '=', bench)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ agent_id: a.agentId, name: rcDescriptor(bench).name });
    // The owner is let in again and drives its bench.
    const back = await connect(a);
    expect(await back.announce([rcDescriptor(bench)])).toEqual([]);
  });

  it('keeps a rejected request rejected when the agent announces again', async () => {
    const other = 'rc-filter-72';
    await y.announce([rcDescriptor(other)]);
    expect(
      (
        await f.users.technician.client.call(
          'DELETE',
          `/api/bench-enrollments/${other}/${Y.agentId}`,
        )
      ).status,
    ).toBe(200);
    const refused = await y.announce([rcDescriptor(other)]);
    expect(refused).toEqual([
      expect.objectContaining({
        benchId: other,
        code: 'BENCH_NOT_ENROLLED',
        message: expect.stringContaining('rejected'),
      }),
    ]);
    expect((await requests()).find((r) => r.benchId === other)).toMatchObject({
      status: 'rejected',
      attempts: 2,
    });
    expect(
      (await audit('bench-enrollment-requested')).filter((e) => e.target === other),
    ).toHaveLength(1);
    expect(await audit('bench-enrollment-rejected')).toEqual([
      expect.objectContaining({ target: other, actorId: f.users.technician.id }),
    ]);
  });
});
