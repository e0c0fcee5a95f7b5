import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { startStorageFixture, type StorageFixture } from '../support/storage-fixture.ts';
import { agentWithBenches, walkInSession, type FakeAgent } from '../support/agent-benches.ts';

interface Booking {
  id: string;
  kind: string;
  status: string;
  reason: string | null;
  sessionId: string | null;
  benchId: string;
}

/**
 * Issue 9, item 1: a session exists only through the scheduler (booking, walk-in offer, batch,
 * practice on a twin) or as a technician's maintenance session on a bench in maintenance; every
 * session reaches the agent with its lab's controls; a self-test runs only in maintenance; ending
 * a session closes its booking at once.
 */
describe.each(DATABASE_KINDS)('sessions only through the scheduler on %s', (kind) => {
  let f: StorageFixture;
  let agent: FakeAgent;
  let real: string;
  let twin: string;
  const LAB_CONTROLS = [{ output: 'duty', min: 0, max: 80 }, { output: 'led' }];

  beforeAll(async () => {
    f = await startStorageFixture(kind);
    // The fixture's own bench has no agent behind it: out of the way, so offers go to the agent's.
    await f.users.technician.client.call('PUT', `/api/benches/${f.benchId}/maintenance`, {
      reason: 'no agent',
    });
    ({
      agent,
      benchIds: [real, twin],
    } = await agentWithBenches(f, [{}, { twin: true }]).then((r) => ({
      agent: r.agent,
      benchIds: r.benchIds as [string, string],
    })));
  });
  afterAll(async () => {
    agent?.close();
    await f?.stop();
  });

  it('refuses a session opened by hand to students and instructors, on any free bench', async () => {
    for (const who of ['student', 'otherStudent', 'instructor', 'otherInstructor'] as const) {
      const answer = await f.users[who].client.call('POST', '/api/sessions', { benchId: real });
      expect(answer.status, who).toBe(403);
      const withLab = await f.users[who].client.call('POST', '/api/sessions', {
        benchId: real,
        labId: f.lab.id,
      });
      expect(withLab.status, who).toBeGreaterThanOrEqual(400);
    }
    const active = await f.platform.db
      .selectFrom('sessions')
      .select('id')
      .where('status', '=', 'active')
      .execute();
    expect(active).toEqual([]);
  });

  it('opens a maintenance session only on a bench in maintenance, and tells the agent', async () => {
    const tech = f.users.technician.client;
    const refused = await tech.call('POST', '/api/sessions', { benchId: real });
    expect(refused.body).toMatchObject({ error: { code: 'CONFLICT' } });
    await tech.call('PUT', `/api/benches/${real}/maintenance`, { reason: 'probing A0' });
    const started = await tech.call<{ id: string; labId: string | null }>('POST', '/api/sessions', {
      benchId: real,
    });
    expect(started.status).toBe(201);
    expect(started.body.labId).toBeNull();
    await expect
      .poll(() => agent.sessionStarts.find((s) => s.sessionId === started.body.id))
      .toEqual({ benchId: real, sessionId: started.body.id });
    // The self-test never runs inside a session, maintenance or not.
    const selfTest = await tech.call('POST', `/api/benches/${real}/self-test`);
    expect(selfTest.body).toMatchObject({ error: { code: 'CONFLICT' } });
    const ended = await tech.call<{ status: string }>(
      'POST',
      `/api/sessions/${started.body.id}/end`,
    );
    expect(ended.body.status).toBe('ended');
    await expect.poll(() => agent.sessionEnds).toContain(started.body.id);
    expect((await tech.call('POST', `/api/benches/${real}/self-test`)).status).toBe(200);
    await tech.call('DELETE', `/api/benches/${real}/maintenance`);
    // In service: no self-test (a student's session could start on it at any moment).
    const inService = await tech.call('POST', `/api/benches/${real}/self-test`);
    expect(inService.body).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it("sends the lab's narrowed controls with a walk-in session; ending it closes the booking at once", async () => {
    const session = await walkInSession(f);
    expect(session.benchId).toBe(real);
    await expect
      .poll(() => agent.sessionStarts.find((s) => s.sessionId === session.sessionId))
      .toEqual({ benchId: real, sessionId: session.sessionId, controls: LAB_CONTROLS });
    const ended = await f.users.student.client.call<{ status: string }>(
      'POST',
      `/api/sessions/${session.sessionId}/end`,
    );
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');
    const bookings = await f.users.student.client.call<Booking[]>('GET', '/api/bookings');
    expect(bookings.body.find((b) => b.id === session.bookingId)).toMatchObject({
      status: 'ended',
      reason: 'ended by student',
    });
    await expect.poll(() => agent.sessionEnds).toContain(session.sessionId);
    // Nothing records the ended session any more (a second recorder at chunk 0 would collide).
    await f.platform.services.sessions.resumeRecording(session.sessionId, real);
    expect(f.platform.services.recorder.sessionOn(real)).toBeUndefined();
    const again = await f.users.student.client.call(
      'POST',
      `/api/sessions/${session.sessionId}/end`,
    );
    expect(again.body).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it("practice runs on the twin with the lab's controls and never counts against the quota", async () => {
    const practice = await f.users.student.client.call<Booking>(
      'POST',
      `/api/labs/${f.lab.id}/practice`,
    );
    expect(practice.status).toBe(201);
    expect(practice.body).toMatchObject({ kind: 'practice', status: 'active', benchId: twin });
    await expect
      .poll(() => agent.sessionStarts.find((s) => s.sessionId === practice.body.sessionId))
      .toEqual({ benchId: twin, sessionId: practice.body.sessionId, controls: LAB_CONTROLS });
    // Practice is the scheduler's like any session: a student of another course has no access.
    const outsider = await f.users.otherStudent.client.call(
      'POST',
      `/api/labs/${f.lab.id}/practice`,
    );
    expect(outsider.status).toBe(404);
    const week = await f.users.student.client.call<{ quota: { used: number } }>(
      'GET',
      `/api/labs/${f.lab.id}/slots`,
    );
    expect(week.body.quota.used).toBe(0);
    await f.users.student.client.call('POST', `/api/sessions/${practice.body.sessionId}/end`);
  });
});
