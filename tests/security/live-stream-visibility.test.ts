import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStreamFrame, type Ack, type StreamFrame } from '@remotelab/protocol';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { startStorageFixture, type StorageFixture } from '../support/storage-fixture.ts';
import { agentWithBenches, type FakeAgent } from '../support/agent-benches.ts';
import { rcFrames } from '../support/fake-agent.ts';
import { openBrowserSocket, type BrowserSocket } from '../support/browser-socket.ts';

type Browser = BrowserSocket;
type Viewer =
  | 'anonymous'
  | 'student'
  | 'otherStudent'
  | 'instructor'
  | 'otherInstructor'
  | 'technician'
  | 'admin';

/**
 * Issue 9, item 8: the live stream of a running session is seen by its owner, observers, the
 * lab's instructor, technicians and admins only; the bench list and idle benches stay public.
 * Covers both doors: subscribing while the session runs, and a subscription made while the bench
 * was idle when a session starts under it.
 */
describe.each(DATABASE_KINDS)('live streams of running sessions on %s', (kind) => {
  let f: StorageFixture;
  let agent: FakeAgent;
  let twin: string;
  const browsers: Browser[] = [];

  async function browser(who: Viewer): Promise<{ socket: Browser; frames: StreamFrame[] }> {
    const cookie = who === 'anonymous' ? undefined : f.users[who].client.cookie;
    const socket = openBrowserSocket(f.platform.url, cookie ? { extraHeaders: { cookie } } : {});
    browsers.push(socket);
    const frames: StreamFrame[] = [];
    socket.on('frame', (packed, ack) => {
      const frame = decodeStreamFrame(packed);
      if (frame) frames.push(frame);
      ack();
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return { socket, frames };
  }
  const subscribe = (socket: Browser, benchId: string): Promise<Ack<unknown>> =>
    socket.emitWithAck('bench:subscribe', { benchId }) as Promise<Ack<unknown>>;

  let seq = 0;
  /** Sends `count` frames; resolves when `witness` has received the last of them. */
  async function sendFrames(count: number, witness: StreamFrame[]): Promise<number> {
    const frames = rcFrames(twin, count, Date.now(), seq);
    seq += count;
    for (const frame of frames)
      expect(await agent.sendFrame(frame)).toMatchObject({ status: 'ok' });
    const last = seq - 1;
    await expect.poll(() => witness.at(-1)?.seq).toBe(last);
    return last;
  }

  beforeAll(async () => {
    f = await startStorageFixture(kind);
    const made = await agentWithBenches(f, [{ twin: true }]);
    agent = made.agent;
    twin = made.benchIds[0]!;
  });
  afterAll(async () => {
    for (const socket of browsers) socket.disconnect();
    agent?.close();
    await f?.stop();
  });

  it('keeps a running session to its people; idle benches and the list stay public', async () => {
    // Idle: anyone subscribes and sees frames; the list is public.
    const early = await browser('anonymous');
    expect(await subscribe(early.socket, twin)).toMatchObject({ status: 'ok' });
    await sendFrames(3, early.frames);
    expect((await f.client('anonymous').call('GET', '/api/benches')).status).toBe(200);

    const practice = await f.users.student.client.call<{ sessionId: string }>(
      'POST',
      `/api/labs/${f.lab.id}/practice`,
    );
    expect(practice.status).toBe(201);
    const { sessionId } = practice.body;
    await expect.poll(() => f.platform.services.recorder.sessionOn(twin)).toBe(sessionId);
    const observer = f.users.otherStudent;
    expect(
      (
        await f.users.student.client.call('POST', `/api/sessions/${sessionId}/observers`, {
          email: observer.email,
        })
      ).status,
    ).toBe(200);

    const allowed: Viewer[] = ['student', 'instructor', 'technician', 'admin', 'otherStudent'];
    const refused: Viewer[] = ['anonymous', 'otherInstructor'];
    const watching = [];
    for (const who of allowed) {
      const b = await browser(who);
      expect(await subscribe(b.socket, twin), who).toMatchObject({ status: 'ok' });
      watching.push(b);
    }
    for (const who of refused) {
      const b = await browser(who);
      expect(await subscribe(b.socket, twin), who).toMatchObject({
        status: 'error',
        error: { code: 'FORBIDDEN' },
      });
    }
    const owner = watching[0]!;
    const before = early.frames.length;
    const lastInSession = await sendFrames(5, owner.frames);
    for (const b of watching) await expect.poll(() => b.frames.at(-1)?.seq).toBe(lastInSession);

    // The idle-time subscriber got nothing of the session: its next frame, after the session
    // ended, is the first it receives since, and carries no session-time seq.
    const ended = await f.users.student.client.call('POST', `/api/sessions/${sessionId}/end`);
    expect(ended.status).toBe(200);
    await expect.poll(() => agent.sessionEnds).toContain(sessionId);
    await expect.poll(() => f.platform.registry.agentState(twin)?.session).toBeUndefined();
    const afterEnd = await sendFrames(2, early.frames);
    const sinceSession = early.frames.slice(before);
    expect(sinceSession.length).toBeGreaterThan(0);
    for (const frame of sinceSession) expect(frame.firstSeq).toBeGreaterThan(lastInSession);
    expect(sinceSession.at(-1)?.seq).toBe(afterEnd);
  });
});
