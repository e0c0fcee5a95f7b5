import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { readServerConfig, startPlatform } from '@remotelab/server';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import {
  rcDescriptor,
  startStorageFixture,
  type StorageFixture,
} from '../support/storage-fixture.ts';
import { connectFakeAgent, rcFrames } from '../support/fake-agent.ts';
import { openBrowserSocket } from '../support/browser-socket.ts';

interface Session {
  id: string;
  status: string;
  startedAt: number;
  recording: { rows: number; chunks: number; bytes: number };
}

/**
 * Agent tokens from the database, benches recorded when announced, sessions, and their recordings
 * (frames through the real /agent namespace, commands through the browsers' namespace), on each
 * database.
 */
describe.each(DATABASE_KINDS)('sessions and recordings on %s', (kind) => {
  let f: StorageFixture;
  let agent: Awaited<ReturnType<typeof connectFakeAgent>>;
  let agentToken: string;
  const benchId = 'rc-filter-5';

  beforeAll(async () => {
    f = await startStorageFixture(kind);
    const issued = await f.users.admin.client.call<{ token: string; agent: { id: string } }>(
      'POST',
      '/api/agents',
      { id: 'lab-pc-1', name: 'Lab PC 1' },
    );
    expect(issued.status).toBe(201);
    agentToken = issued.body.token;
    agent = await connectFakeAgent(f.platform.url, { token: agentToken, agentId: 'lab-pc-1' });
    // The pool's twin: the student's session comes from the scheduler (practice on the twin).
    await agent.announce([{ ...rcDescriptor(benchId), twin: true }]);
    await new Promise<void>((resolve) => {
      const check = () =>
        f.platform.registry.agentState(benchId)?.status === 'online' &&
        (f.platform.registry.off('changed', check), resolve());
      if (f.platform.registry.agentState(benchId)?.status === 'online') resolve();
      else f.platform.registry.on('changed', check);
    });
    await f.platform.benchesPersisted();
  });
  afterAll(async () => {
    agent?.close();
    await f?.stop();
  });

  it('stores only the SHA-256 of an issued agent token and audits the issue', async () => {
    const row = await f.platform.db
      .selectFrom('agents')
      .selectAll()
      .where('id', '=', 'lab-pc-1')
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(agentToken);
    const audit = await f.users.admin.client.call<Array<{ target: string }>>(
      'GET',
      '/api/audit?action=agent-token-issued',
    );
    expect(audit.body.map((e) => e.target)).toContain('lab-pc-1');
    const listed = await f.users.technician.client.call<
      Array<{ id: string; lastSeenAt: number | null }>
    >('GET', '/api/agents');
    expect(listed.body.find((a) => a.id === 'lab-pc-1')?.lastSeenAt).toEqual(expect.any(Number));
  });

  it('accepts a database token only for its own agent id', async () => {
    await expect(
      connectFakeAgent(f.platform.url, { token: agentToken, agentId: 'lab-pc-2' }),
    ).rejects.toMatchObject({
      data: { code: 'AUTH_FAILED' },
    });
    await expect(
      connectFakeAgent(f.platform.url, { token: 'wrong', agentId: 'lab-pc-1' }),
    ).rejects.toMatchObject({
      data: { code: 'AUTH_FAILED' },
    });
  });

  it('records the announced bench with its pool, listed to anyone', async () => {
    const row = await f.platform.db
      .selectFrom('benches')
      .selectAll()
      .where('id', '=', benchId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ pool: 'rc-filter', agent_id: 'lab-pc-1' });
    const list = await f.client('anonymous').call<
      Array<{
        id: string;
        pool: string;
        status: string;
        maintenance: unknown;
        quarantine: unknown;
      }>
    >('GET', '/api/benches');
    expect(list.body.find((b) => b.id === benchId)).toMatchObject({
      pool: 'rc-filter',
      status: 'online',
      maintenance: null,
      quarantine: null,
    });
  });

  it('records a session: frames as compressed chunks, replays skipped, commands with their sender', async () => {
    const student = f.users.student.client;
    const practice = await student.call<{ sessionId: string; benchId: string }>(
      'POST',
      `/api/labs/${f.lab.id}/practice`,
    );
    expect(practice.status).toBe(201);
    expect(practice.body.benchId).toBe(benchId);
    const started = await student.call<Session>('GET', `/api/sessions/${practice.body.sessionId}`);
    expect(started.status).toBe(200);
    // The agent is told, with the lab's narrowed controls.
    await expect
      .poll(() => agent.sessionStarts.find((s) => s.sessionId === started.body.id))
      .toMatchObject({ controls: [{ output: 'duty', min: 0, max: 80 }, { output: 'led' }] });
    const second = await f.users.admin.client.call('POST', '/api/sessions', { benchId });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringContaining('maintenance') },
    });

    const t0 = started.body.startedAt + 5;
    const frames = rcFrames(benchId, 60, t0);
    for (const frame of frames.slice(0, 40))
      expect(await agent.sendFrame(frame)).toMatchObject({ status: 'ok' });
    // A reconnecting agent replays frames the server already had: they must not be stored twice.
    for (const frame of frames.slice(35, 60))
      expect(await agent.sendFrame(frame)).toMatchObject({ status: 'ok' });

    const browser = openBrowserSocket(f.platform.url, {
      extraHeaders: { cookie: f.users.student.client.cookie! },
    });
    await new Promise<void>((resolve) => browser.once('connect', () => resolve()));
    const reply = await browser.emitWithAck('command', { benchId, output: 'duty', value: 42 });
    expect(reply).toMatchObject({ status: 'ok' });
    browser.disconnect();
    expect(agent.commands).toContainEqual({ output: 'duty', value: 42 });

    const ended = await student.call<Session>('POST', `/api/sessions/${started.body.id}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');
    expect(ended.body.recording.rows).toBe(60 * 50);
    expect(ended.body.recording.chunks).toBeGreaterThanOrEqual(5);
    // Two 10-bit channels as doubles would be 48 000 bytes.
    expect(ended.body.recording.bytes).toBeLessThan(12_000);
    expect(
      await f.platform.db
        .selectFrom('recording_chunks')
        .select('session_id')
        .where('session_id', '=', started.body.id)
        .execute(),
    ).toHaveLength(ended.body.recording.chunks);

    const commands = await f.platform.db
      .selectFrom('session_commands')
      .selectAll()
      .where('session_id', '=', started.body.id)
      .execute();
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      user_id: f.users.student.id,
      output: 'duty',
      value_json: '42',
      result: 'ok',
    });
    const audit = await f.users.admin.client.call<
      Array<{ actorId: string; target: string; detail: { value: number } }>
    >('GET', '/api/audit?action=command');
    expect(audit.body[0]).toMatchObject({
      actorId: f.users.student.id,
      target: benchId,
      detail: { output: 'duty', value: 42, result: 'ok' },
    });

    // The CSV: header with units, one row per sample, values as measured, time from the start.
    const csv = await student.call('GET', `/api/sessions/${started.body.id}/recording.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('t_ms,vout (V),ref (V)');
    expect(lines).toHaveLength(1 + 60 * 50);
    const original = frames.flatMap((frame) =>
      frame.channels.vout!.map((v, i) => [
        frame.t0 + i - started.body.startedAt,
        v,
        frame.channels.ref![i]!,
      ]),
    );
    lines.slice(1).forEach((line, i) => {
      const [t, vout, ref] = line.split(',').map(Number);
      expect(t).toBeCloseTo(original[i]![0]!, 3);
      expect(Math.abs(vout! - original[i]![1]!)).toBeLessThan(1e-4);
      expect(Math.abs(ref! - original[i]![2]!)).toBeLessThan(1e-4);
    });

    const json = await student.call<{
      columns: string[];
      rows: number[][];
      commands: Array<{ output: string; value: number }>;
      session: { id: string };
    }>('GET', `/api/sessions/${started.body.id}/recording.json`);
    expect(json.body.columns).toEqual(['t_ms', 'vout', 'ref']);
    expect(json.body.rows).toHaveLength(3000);
    expect(json.body.rows[1234]![1]).toBeCloseTo(original[1234]![1]!, 4);
    expect(json.body.commands).toEqual([
      expect.objectContaining({ output: 'duty', value: 42, result: 'ok' }),
    ]);
    expect(json.body.session.id).toBe(started.body.id);

    // Who may download: the student and the lab's instructor; not another course, not technicians
    // (they see their own maintenance sessions only).
    expect(
      (
        await f.users.instructor.client.call(
          'GET',
          `/api/sessions/${started.body.id}/recording.csv`,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await f.users.otherStudent.client.call(
          'GET',
          `/api/sessions/${started.body.id}/recording.csv`,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await f.users.otherInstructor.client.call(
          'GET',
          `/api/sessions/${started.body.id}/recording.json`,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await f.users.technician.client.call(
          'GET',
          `/api/sessions/${started.body.id}/recording.csv`,
        )
      ).status,
    ).toBe(404);
    const own = await f.users.otherStudent.client.call<Session[]>('GET', '/api/sessions');
    expect(own.body.map((s) => s.id)).not.toContain(started.body.id);
  });

  it('opens maintenance sessions only for technicians on a bench in maintenance', async () => {
    const tech = f.users.technician.client;
    const inService = await tech.call('POST', '/api/sessions', { benchId });
    expect(inService.body).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringContaining('maintenance') },
    });
    const set = await tech.call<{ maintenance: { reason: string; byUserId: string } }>(
      'PUT',
      `/api/benches/${benchId}/maintenance`,
      { reason: 'rewiring the RC board' },
    );
    expect(set.body.maintenance).toMatchObject({
      reason: 'rewiring the RC board',
      byUserId: f.users.technician.id,
      source: 'technician',
    });
    expect((await f.users.student.client.call('POST', '/api/sessions', { benchId })).status).toBe(
      403,
    );
    const started = await tech.call<Session>('POST', '/api/sessions', { benchId });
    expect(started.status).toBe(201);
    // A maintenance session reaches the agent too, with no lab narrowing the bench's envelope.
    await expect
      .poll(() => agent.sessionStarts.find((s) => s.sessionId === started.body.id))
      .toEqual({ benchId, sessionId: started.body.id });
    const ended = await tech.call<Session>('POST', `/api/sessions/${started.body.id}/end`);
    expect(ended.body.status).toBe('ended');
    await expect.poll(() => agent.sessionEnds).toContain(started.body.id);
    await tech.call('DELETE', `/api/benches/${benchId}/maintenance`);
    await tech.call('PUT', `/api/benches/${benchId}/quarantine`, {
      reason: 'A0 reads 5 V with nothing driving it',
    });
    await tech.call('PUT', `/api/benches/${benchId}/maintenance`, { reason: 'checking A0' });
    const quarantined = await tech.call('POST', '/api/sessions', { benchId });
    expect(quarantined.status).toBe(409);
    expect(quarantined.body).toMatchObject({ error: { code: 'QUARANTINED' } });
    await tech.call('DELETE', `/api/benches/${benchId}/quarantine`);
    await tech.call('DELETE', `/api/benches/${benchId}/maintenance`);
    const actions = (
      await f.users.admin.client.call<Array<{ action: string; target: string }>>(
        'GET',
        '/api/audit?limit=50',
      )
    ).body
      .filter((e) => e.target === benchId)
      .map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['bench-maintenance', 'bench-quarantine', 'bench-released']),
    );
    const unknown = await tech.call('POST', '/api/sessions', { benchId: 'no-such-bench' });
    expect(unknown.body).toMatchObject({ error: { code: 'UNKNOWN_BENCH' } });
    const withLab = await tech.call('POST', '/api/sessions', { benchId, labId: f.lab.id });
    expect(withLab.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('resumes recording the sessions left active when the server starts again', async () => {
    const { sessionId, benchId: bench } = await f.studentSession();
    const config = readServerConfig(
      {
        REDIS_URL: process.env.REDIS_URL,
        LAB_REDIS_PREFIX: `${f.prefix}-second`,
        DATABASE_URL: f.databaseUrl,
      },
      { port: '0', host: '127.0.0.1' },
    );
    const second = await startPlatform(config, pino({ level: 'silent' }));
    try {
      expect(second.services.recorder.isRecording(bench)).toBe(true);
      expect(second.services.recorder.isRecording('rc-filter')).toBe(false);
    } finally {
      await second.close();
      const keys = await f.platform.services.redis.keys(`${f.prefix}-second:*`);
      if (keys.length > 0) await f.platform.services.redis.del(...keys);
    }
    expect(
      (await f.users.student.client.call('POST', `/api/sessions/${sessionId}/end`)).status,
    ).toBe(200);
  });

  it('revokes an agent token and drops its connection', async () => {
    const issued = await f.users.admin.client.call<{ token: string }>('POST', '/api/agents', {
      id: 'lab-pc-9',
      name: 'Spare PC',
    });
    const spare = await connectFakeAgent(f.platform.url, {
      token: issued.body.token,
      agentId: 'lab-pc-9',
    });
    const dropped = new Promise<void>((resolve) =>
      spare.socket.once('disconnect', () => resolve()),
    );
    expect((await f.users.admin.client.call('DELETE', '/api/agents/lab-pc-9/token')).status).toBe(
      200,
    );
    await dropped;
    await expect(
      connectFakeAgent(f.platform.url, { token: issued.body.token, agentId: 'lab-pc-9' }),
    ).rejects.toMatchObject({
      data: { code: 'AUTH_FAILED' },
    });
  });
});
