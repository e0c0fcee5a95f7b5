import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, type QueueStatus } from '@remotelab/protocol';
import { startAgent, type RunningAgent } from '@remotelab/lab-agent';
import { isPinLevelWrite, type RunningVirtualBoard } from '@remotelab/lab-agent/virtual-board';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { startStorageFixture, type StorageFixture } from '../support/storage-fixture.ts';
import { faultBench, waitUntil } from '../support/frame-record.ts';
import { startTestBoard, testWorkspace, waitForBench } from '../support/test-stack.ts';
import { openBrowserSocket, type BrowserSocket } from '../support/browser-socket.ts';

type Browser = BrowserSocket;
const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** The PWM value StandardFirmata gets for a duty in percent (analogWrite's 8 bits). */
const pwm = (duty: number) => Math.round((duty / 100) * 255);

/**
 * Issue 9, item 10: the safe state cannot be refused or lost. With a lab narrowed to 20-60 % on
 * an output whose safe value is 0, a dropped owner's bench used to be "held safe" by an ordinary
 * command of 0, which the agent refused (OUT_OF_RANGE) without anyone knowing; and a session end
 * whose safe state failed was acked as success. Real platform, real agent, boards on ptys.
 */
describe.each(DATABASE_KINDS)('the safe state, on %s', (kind) => {
  const ws = testWorkspace();
  const held = faultBench('hold-1');
  const broken = faultBench('broken-1');
  const links = {
    held: path.join(ws.dir, 'hold.tty'),
    broken: path.join(ws.dir, 'broken.tty'),
  };
  let f: StorageFixture;
  let agent: RunningAgent;
  let heldBoard: RunningVirtualBoard;
  let brokenBoard: RunningVirtualBoard;
  const sockets: Browser[] = [];

  const browser = async (cookie: string | undefined): Promise<Browser> => {
    const socket = openBrowserSocket(f.platform.url, cookie ? { extraHeaders: { cookie } } : {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    sockets.push(socket);
    return socket;
  };
  const pinWrites = (board: RunningVirtualBoard) =>
    board.emulator.pinWrites.filter(isPinLevelWrite).filter((w) => w.kind === 'pwm' && w.pin === 9);
  const onPinWrite = (board: RunningVirtualBoard) => (fn: () => void) => (
    board.emulator.on('pin-write', fn),
    () => void board.emulator.off('pin-write', fn)
  );

  /** The board applies a write a little after the agent sent it (serial line, firmware loop). */
  const pwmBecomes = (board: RunningVirtualBoard, value: number, what: string) =>
    waitUntil(onPinWrite(board), () => pinWrites(board).at(-1)?.value === value, what);

  beforeAll(async () => {
    f = await startStorageFixture(kind);
    const { token } = (
      await f.users.admin.client.call<{ token: string }>('POST', '/api/agents', {
        id: 'safety-pc',
        name: 'Safety PC',
      })
    ).body;
    heldBoard = await startTestBoard(held, links.held);
    brokenBoard = await startTestBoard(broken, links.broken);
    agent = startAgent({
      serverUrl: f.platform.url,
      token,
      agentId: 'safety-pc',
      benches: [held, broken],
      benchPorts: { [held.id]: links.held, [broken.id]: links.broken },
      versionQueryDelayMs: 50,
      silenceTimeoutMs: 1000,
      replayBufferS: 30,
      linkLossSafeMs: 10_000,
      logger: silent,
    });
    await waitForBench(f.platform, held.id, (status) => status === 'online');
    await waitForBench(f.platform, broken.id, (status) => status === 'online');
    await f.platform.benchesPersisted();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await agent?.stop();
    await heldBoard?.close();
    await brokenBoard?.close();
    await f?.stop();
    ws.cleanup();
  });

  it("holds a dropped owner's bench at its safe 0 % although the lab allows only 20-60 %", async () => {
    const lab = (
      await f.users.instructor.client.call<{ id: string }>(
        'POST',
        `/api/courses/${f.mainCourse.id}/labs`,
        {
          ...f.labBody([f.mainCourse.groupId]),
          pool: held.id,
          controls: [{ output: 'duty', min: 20, max: 60 }],
        },
      )
    ).body;
    // Test-only schedule: a walk-in session of a minute, a grace window longer than the test.
    await f.platform.db
      .insertInto('lab_schedules')
      .values({
        lab_id: lab.id,
        min_session_ms: 1_000,
        offer_ms: 60_000,
        grace_ms: 120_000,
        max_batch_ms: 60_000,
        slot_ms_override: 60_000,
      })
      .execute();
    const owner = await browser(f.users.student.client.cookie);
    expect((await f.users.student.client.call('POST', `/api/labs/${lab.id}/queue`)).status).toBe(
      201,
    );
    const accepted = await f.users.student.client.call<QueueStatus>(
      'POST',
      `/api/labs/${lab.id}/queue/accept`,
    );
    expect(accepted.status).toBe(200);
    const controller = agent.benches.find((b) => b.id === held.id)!;
    await waitUntil(
      (fn) => (controller.on('state', fn), () => void controller.off('state', fn)),
      () => controller.state().session !== undefined,
      'the session on the agent',
    );
    const command = { benchId: held.id, output: 'duty', value: 40 };
    expect(await owner.emitWithAck('command', command)).toMatchObject({ status: 'ok' });
    await pwmBecomes(heldBoard, pwm(40), 'the 40 % on the board');
    const droppedAt = pinWrites(heldBoard).at(-1)!.t;

    owner.disconnect();
    // The agent drives 0 % itself: no narrowed range, no rate limit stands in the way.
    await waitUntil(
      onPinWrite(heldBoard),
      () => pinWrites(heldBoard).some((w) => w.t > droppedAt && w.value === 0),
      'the safe state on the board',
    );
    await waitUntil(
      (fn) => (controller.on('state', fn), () => void controller.off('state', fn)),
      () => controller.state().session?.held === true,
      'the agent holding the session',
    );
    // While held the agent refuses commands itself, whatever reaches it.
    await expect(
      f.platform.services.agentRequests.request(
        'command',
        { commandId: 'late', ...command, value: 50 },
        5000,
      ),
    ).rejects.toMatchObject({ code: 'NOT_SESSION_OWNER' });
    expect(pinWrites(heldBoard).at(-1)?.value).toBe(0);
    expect(controller.state().unsafe).toBeUndefined();

    // The owner comes back: released, commands in the lab's range work again.
    const back = await browser(f.users.student.client.cookie);
    await waitUntil(
      (fn) => (controller.on('state', fn), () => void controller.off('state', fn)),
      () => controller.state().session?.held === false,
      'the hold released',
    );
    expect(await back.emitWithAck('command', { ...command, value: 30 })).toMatchObject({
      status: 'ok',
    });
    await pwmBecomes(heldBoard, pwm(30), 'the 30 % after the release');
  });

  it('refuses to ack a session end whose safe state failed, marks the bench unsafe, alerts technicians', async () => {
    const agents = f.platform.services.agentRequests;
    // A session SQL knows of (the platform ends any other the agent runs), served by the agent.
    const sessionId = randomUUID();
    await f.platform.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        bench_id: broken.id,
        lab_id: null,
        owner_id: f.users.technician.id,
        status: 'active',
        started_at: Date.now(),
        ended_at: null,
        end_reason: null,
        channels_json: '[]',
      })
      .execute();
    const controller = agent.benches.find((b) => b.id === broken.id)!;
    f.platform.registry.emit('changed', broken.id); // sync now
    await waitUntil(
      (fn) => (controller.on('state', fn), () => void controller.off('state', fn)),
      () => controller.state().session?.sessionId === sessionId,
      'the session on the agent',
    );
    await agents.request(
      'command',
      { commandId: 'b1', benchId: broken.id, output: 'duty', value: 70 },
      5000,
    );
    await pwmBecomes(brokenBoard, pwm(70), 'the 70 % on the board');
    // The board goes away with its PWM at 70 %: the agent cannot put it back.
    await brokenBoard.close();
    await waitForBench(f.platform, broken.id, (status) => status === 'offline');
    // SQL ends it first, so nothing starts it again when the board is back.
    await f.platform.db
      .updateTable('sessions')
      .set({ status: 'ended', ended_at: Date.now(), end_reason: 'test' })
      .where('id', '=', sessionId)
      .execute();

    const ended = agents.request('session:end', { benchId: broken.id, sessionId }, 5000);
    await expect(ended).rejects.toBeInstanceOf(ProtocolError);
    await expect(ended).rejects.toMatchObject({ code: 'SAFE_STATE_FAILED' });
    await expect
      .poll(() => f.platform.registry.agentState(broken.id)?.unsafe?.reason)
      .toMatch(/board offline/);
    // The bench list technicians watch carries it, and the audit log keeps it.
    const listed = await f.users.technician.client.call<Array<{ id: string; unsafe?: unknown }>>(
      'GET',
      '/api/benches',
    );
    expect(listed.body.find((b) => b.id === broken.id)?.unsafe).toMatchObject({
      reason: expect.stringMatching(/board offline/),
    });
    await expect
      .poll(async () =>
        (
          await f.platform.db
            .selectFrom('audit_log')
            .select(['action', 'target'])
            .where('action', '=', 'bench-unsafe')
            .execute()
        ).map((row) => row.target),
      )
      .toEqual([broken.id]);

    // The board back: the agent drives the safe state on connect, and the bench is safe again.
    brokenBoard = await startTestBoard(broken, links.broken);
    await waitForBench(f.platform, broken.id, (status) => status === 'online');
    await expect.poll(() => f.platform.registry.agentState(broken.id)?.unsafe).toBeUndefined();
    await pwmBecomes(brokenBoard, 0, 'the safe state on the board that came back');
  });
});
