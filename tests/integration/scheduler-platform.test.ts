import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ok,
  type Ack,
  type AgentBenchState,
  type BatchRun,
  type Booking,
  type QueueStatus,
  type SessionStart,
  type WeekSlots,
} from '@remotelab/protocol';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { connectFakeAgent } from '../support/fake-agent.ts';
import {
  rcDescriptor,
  startStorageFixture,
  type StorageFixture,
} from '../support/storage-fixture.ts';
import { openBrowserSocket, type BrowserSocket } from '../support/browser-socket.ts';

type Browser = BrowserSocket;
const WALK_IN_MS = 3_000;
const SLOT_MS = 20 * 60_000; // the fixture lab's slots

/**
 * The scheduler inside the real platform (REST, socket.io, SQL, Redis) with an agent that speaks
 * the agent protocol: the week's slots, booking and cancelling, the walk-in queue from offer to a
 * session the agent serves, commands refused outside the owner's session, a dropped owner's
 * paused clock, a batch run, and a quarantine that cancels and refunds a booking.
 */
describe.each(DATABASE_KINDS)('the scheduler in the platform on %s', (kind) => {
  let f: StorageFixture;
  let agent: Awaited<ReturnType<typeof connectFakeAgent>>;
  const benchId = 'rc-filter-77';
  const starts: SessionStart[] = [];
  const ends: string[] = [];
  const commands: Array<{ output: string; value: unknown }> = [];
  const holds: Array<{ sessionId: string; hold: boolean }> = [];
  let running: string | undefined;
  let held = false;
  const sockets: Browser[] = [];

  const state = (extra: Partial<AgentBenchState> = {}): AgentBenchState => ({
    benchId,
    status: 'online',
    sampleRateHz: 1000,
    outputs: { duty: 0, led: false },
    ...(running ? { session: { sessionId: running, startedAt: Date.now(), held } } : {}),
    ...extra,
  });
  const browser = async (cookie?: string): Promise<Browser> => {
    const socket = openBrowserSocket(f.platform.url, cookie ? { extraHeaders: { cookie } } : {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    sockets.push(socket);
    return socket;
  };
  const call = <T>(
    who: 'student' | 'otherStudent' | 'instructor',
    method: string,
    path: string,
    body?: unknown,
  ) => f.users[who].client.call<T>(method, path, body);

  beforeAll(async () => {
    f = await startStorageFixture(kind);
    // The fixture's own bench goes to maintenance, so the agent's bench is the pool's only one.
    await f.platform.db
      .updateTable('benches')
      .set({ maintenance_reason: 'spare', maintenance_since: Date.now() })
      .where('id', '=', f.benchId)
      .execute();
    const { token } = (
      await f.users.admin.client.call<{ token: string }>('POST', '/api/agents', {
        id: 'sched-pc',
        name: 'PC',
      })
    ).body;
    agent = await connectFakeAgent(f.platform.url, { token, agentId: 'sched-pc' });
    agent.socket.on('command', (command) =>
      commands.push({ output: command.output, value: command.value }),
    );
    agent.socket.on('session:start', (start, ack: (res: Ack<AgentBenchState>) => void) => {
      starts.push(start);
      running = start.sessionId;
      ack(ok(state()));
      agent.socket.emit('bench:state', state());
    });
    agent.socket.on('bench:hold-safe', (req, ack: (res: Ack<AgentBenchState>) => void) => {
      holds.push({ sessionId: req.sessionId, hold: req.hold });
      held = req.hold;
      ack(ok(state()));
      agent.socket.emit('bench:state', state());
    });
    agent.socket.on('session:end', (end, ack: (res: Ack<AgentBenchState>) => void) => {
      ends.push(end.sessionId);
      running = undefined;
      held = false;
      ack(ok(state()));
      agent.socket.emit('bench:state', state());
    });
    await agent.announce([rcDescriptor(benchId)]);
    await f.platform.benchesPersisted();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    agent?.close();
    await f?.stop();
  });

  it("shows the week in the student's zone, books, refuses the full slot, cancels and refunds", async () => {
    const week = await call<WeekSlots>(
      'student',
      'GET',
      `/api/labs/${f.lab.id}/slots?tz=Africa/Casablanca`,
    );
    expect(week.status).toBe(200);
    expect(week.body.timeZone).toBe('Africa/Casablanca');
    expect(week.body.slotMinutes).toBe(20);
    expect(week.body.slots).toHaveLength(7 * 24 * 3);
    const slotStart = Math.ceil((Date.now() + 86_400_000) / SLOT_MS) * SLOT_MS;
    const booked = await call<Booking>('student', 'POST', `/api/labs/${f.lab.id}/bookings`, {
      slotStart,
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ benchId, start: slotStart, status: 'booked' });
    const full = await call<{ error: { code: string } }>(
      'instructor',
      'POST',
      `/api/labs/${f.lab.id}/bookings`,
      { slotStart },
    );
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');
    const cancelled = await call<Booking>(
      'student',
      'POST',
      `/api/bookings/${booked.body.id}/cancel`,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'cancelled-by-user' });
    const after = await call<WeekSlots>(
      'student',
      'GET',
      `/api/labs/${f.lab.id}/slots?week=${week.body.week}`,
    );
    expect(after.body.quota.used).toBe(0);
    // From here on, test-only short slots: walk-in sessions of 3 s.
    await f.platform.db
      .insertInto('lab_schedules')
      .values({
        lab_id: f.lab.id,
        min_session_ms: 1_000,
        offer_ms: 60_000,
        grace_ms: 120_000,
        max_batch_ms: 60_000,
        slot_ms_override: WALK_IN_MS,
      })
      .execute();
  });

  it('offers the free bench to the queue, serves the session on the agent, guards commands, ends on time', async () => {
    const student = await browser(f.users.student.client.cookie);
    const other = await browser(f.users.otherStudent.client.cookie);
    const anonymous = await browser();
    const pushes: string[] = [];
    for (const event of [
      'queue:status',
      'session:started',
      'session:warning',
      'session:ended',
    ] as const)
      student.on(event, () => pushes.push(event));

    const joined = await call<QueueStatus>('student', 'POST', `/api/labs/${f.lab.id}/queue`);
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ position: 0, offer: { benchId } });
    const accepted = await call<QueueStatus>(
      'student',
      'POST',
      `/api/labs/${f.lab.id}/queue/accept`,
    );
    expect(accepted.status).toBe(200);
    await expect.poll(() => starts.length).toBe(1);
    expect(starts[0]).toMatchObject({
      benchId,
      controls: [{ output: 'duty', min: 0, max: 80 }, { output: 'led' }],
    });
    await expect.poll(() => pushes).toContain('session:started');

    const command = { benchId, output: 'duty', value: 40 };
    expect(await student.emitWithAck('command', command)).toMatchObject({ status: 'ok' });
    expect(await other.emitWithAck('command', command)).toMatchObject({
      status: 'error',
      error: { code: 'NOT_SESSION_OWNER' },
    });
    expect(await anonymous.emitWithAck('command', command)).toMatchObject({
      status: 'error',
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(commands.filter((c) => c.value === 40)).toHaveLength(1);

    await expect.poll(() => ends, { timeout: 10_000 }).toEqual([starts[0]!.sessionId]);
    await expect.poll(() => pushes).toContain('session:ended');
    expect(await student.emitWithAck('command', command)).toMatchObject({
      status: 'error',
      error: { code: 'NOT_SESSION_OWNER' },
    });
  });

  it('pauses the clock of a dropped owner (bench held safe) and credits the time back', async () => {
    const joined = await call<QueueStatus>('otherStudent', 'POST', `/api/labs/${f.lab.id}/queue`);
    expect(joined.status).toBe(404); // not in this lab's course
    // The owner's earlier tabs close: this one is their last.
    for (const socket of sockets.splice(0)) socket.disconnect();
    const owner = await browser(f.users.student.client.cookie);
    await call('student', 'POST', `/api/labs/${f.lab.id}/queue`);
    await call('student', 'POST', `/api/labs/${f.lab.id}/queue/accept`);
    await expect.poll(() => starts.length).toBe(2);
    const booking = await f.platform.db
      .selectFrom('bookings')
      .selectAll()
      .where('session_id', '=', starts[1]!.sessionId)
      .executeTakeFirstOrThrow();
    const before = commands.length;
    owner.disconnect();
    await expect
      .poll(
        async () =>
          (
            await f.platform.db
              .selectFrom('bookings')
              .select('paused_at')
              .where('id', '=', booking.id)
              .executeTakeFirstOrThrow()
          ).paused_at,
      )
      .not.toBeNull();
    // The agent holds the safe state itself (bench:hold-safe), not through commands.
    await expect.poll(() => holds).toEqual([{ sessionId: starts[1]!.sessionId, hold: true }]);
    expect(commands.slice(before)).toEqual([]);
    const back = await browser(f.users.student.client.cookie);
    const extended = await new Promise<{ creditedMs: number; endsAt: number }>((resolve) =>
      back.once('session:extended', resolve),
    );
    expect(extended.creditedMs).toBeGreaterThan(0);
    expect(extended.endsAt).toBeGreaterThan(booking.end_at);
    await expect.poll(() => holds.at(-1)).toEqual({ sessionId: starts[1]!.sessionId, hold: false });
    await expect.poll(() => ends.length, { timeout: 10_000 }).toBe(2);
  });

  it('runs a batch sweep on the agent and reports it done', async () => {
    const socket = await browser(f.users.student.client.cookie);
    const statuses: string[] = [];
    socket.on('batch:status', (run) => statuses.push(run.status));
    const before = commands.length;
    const submitted = await call<BatchRun>('student', 'POST', `/api/labs/${f.lab.id}/batch-runs`, {
      sweep: { output: 'duty', from: 0, to: 80, step: 20, dwellMs: 50, record: ['vout'] },
    });
    expect(submitted.status).toBe(201);
    await expect
      .poll(
        async () =>
          (await call<BatchRun>('student', 'GET', `/api/batch-runs/${submitted.body.id}`)).body
            .status,
        { timeout: 10_000 },
      )
      .toBe('done');
    expect(
      commands
        .slice(before)
        .filter((c) => c.output === 'duty')
        .map((c) => c.value),
    ).toEqual([0, 20, 40, 60, 80]);
    await expect.poll(() => statuses).toContain('done');
    await expect.poll(() => ends.length).toBe(3);
  });

  it('cancels and refunds a booking whose only bench fails its self-test', async () => {
    const socket = await browser(f.users.student.client.cookie);
    const changed: Booking[] = [];
    socket.on('booking:changed', (booking) => changed.push(booking));
    const slotStart = Math.ceil((Date.now() + 2 * 86_400_000) / WALK_IN_MS) * WALK_IN_MS;
    const booked = await call<Booking>('student', 'POST', `/api/labs/${f.lab.id}/bookings`, {
      slotStart,
    });
    expect(booked.body.benchId).toBe(benchId);
    agent.socket.emit(
      'bench:state',
      state({ quarantine: { reason: 'self-test failed at step "charge"', since: Date.now() } }),
    );
    await expect.poll(() => changed.map((b) => b.status)).toContain('cancelled');
    const mine = await call<Booking[]>('student', 'GET', '/api/bookings');
    expect(mine.body.find((b) => b.id === booked.body.id)).toMatchObject({
      status: 'cancelled',
      reason: 'bench-withdrawn',
    });
    // Back to 20-minute slots for the week view (3-second ones make 201 600 of them).
    await f.platform.db
      .updateTable('lab_schedules')
      .set({ slot_ms_override: null })
      .where('lab_id', '=', f.lab.id)
      .execute();
    expect(
      (await call<WeekSlots>('student', 'GET', `/api/labs/${f.lab.id}/slots`)).body.quota.used,
    ).toBe(0);
  });
});
