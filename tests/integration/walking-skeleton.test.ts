import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import {
  AGENT_PROTOCOL_VERSION,
  frameRows,
  type BenchDefinition,
  type StreamFrame,
} from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';
import type { RunningAgent } from '@remotelab/lab-agent';
import {
  collectFrames,
  connectBrowser,
  loadRcFilter,
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
  type BrowserSocket,
} from '../support/test-stack.ts';

/**
 * Server + lab-agent + a virtual board on a pseudo-terminal, all real, on loopback, with a
 * socket.io client in the role of the browser.
 */
describe('walking skeleton: virtual board -> agent -> server -> browser', () => {
  const ws = testWorkspace();
  let bench: BenchDefinition;
  let platform: RunningPlatform;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  let agent: RunningAgent;
  let browser: BrowserSocket;
  const link = path.join(ws.dir, 'rc-filter.tty');

  beforeAll(async () => {
    bench = await loadRcFilter();
    platform = await startTestServer(ws);
    board = await startTestBoard(bench, link);
    agent = startTestAgent(platform, ws, [{ definition: bench, port: link }]);
    await waitForBench(platform, 'rc-filter', (status) => status === 'online');
    browser = await connectBrowser(platform);
  });

  afterAll(async () => {
    browser?.disconnect();
    await agent?.stop();
    await board?.close();
    await platform?.close();
    ws.cleanup();
  });

  it('lists the bench online with its channels and measured sample rate', async () => {
    const list = (await (await fetch(`${platform.url}/api/benches`)).json()) as Array<
      Record<string, unknown>
    >;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 'rc-filter', status: 'online' });
    expect((list[0]!.inputs as Array<{ id: string }>).map((i) => i.id)).toEqual(['vout', 'ref']);
    const health = await fetch(`${platform.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('answers 404 with the error shape for an unknown bench', async () => {
    const response = await fetch(`${platform.url}/api/benches/no-such-bench`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'UNKNOWN_BENCH', message: expect.stringContaining('no-such-bench') },
    });
    const reply = await browser.emitWithAck('bench:subscribe', { benchId: 'no-such-bench' });
    expect(reply).toMatchObject({ status: 'error', error: { code: 'UNKNOWN_BENCH' } });
  });

  it('streams frames to a subscriber with no sequence gap', async () => {
    const framesPromise = collectFrames(browser, (frames) => frames.length >= 30);
    const reply = await browser.emitWithAck('bench:subscribe', { benchId: 'rc-filter' });
    expect(reply.status).toBe('ok');
    const frames = await framesPromise;
    for (let i = 1; i < frames.length; i += 1) {
      expect(frames[i]!.firstSeq).toBe(frames[i - 1]!.seq + 1);
    }
    // The frames cover the time they claim: one agent frame per 50 ms (the server may merge or
    // decimate frames for a client that lags, never drop them here).
    const last = frames.at(-1)!;
    const covered = last.t0 + frameRows(last) * last.dt - frames[0]!.t0;
    const agentFrames = last.seq - frames[0]!.firstSeq + 1;
    expect(covered / (agentFrames * bench.sampling.frameMs)).toBeGreaterThan(0.75);
    expect(covered / (agentFrames * bench.sampling.frameMs)).toBeLessThan(1.25);
    // 2 channels at 1 ms on 57600 baud: the line carries 1 920 reports/s, so ~960 rows/s, as
    // the agent measures them.
    const summary = await (await fetch(`${platform.url}/api/benches/rc-filter`)).json();
    expect(summary.sampleRateHz).toBeGreaterThan(900);
  });

  it('completes a command round trip and A0 follows with the RC step response', async () => {
    const settled = await collectFrames(browser, (frames) => frames.length >= 2);
    expect(settled.at(-1)!.channels.vout!.at(-1)!).toBeLessThan(0.1);
    const stepFrames = collectFrames(browser, (frames) => lastValue(frames) > 4.9);
    const reply = await browser.emitWithAck('command', {
      benchId: 'rc-filter',
      output: 'duty',
      value: 100,
    });
    expect(reply).toMatchObject({ status: 'ok', data: { output: 'duty', value: 100 } });
    const appliedAt = reply.status === 'ok' ? reply.data.appliedAt : NaN;
    const samples = toSamples(await stepFrames);
    // The 63.2 % point of a first-order step is at t = tau = R*C = 0.1 s.
    const crossing = samples.find((s) => s.t > appliedAt && s.v >= 0.632 * 5);
    expect(crossing).toBeDefined();
    const tau = (crossing!.t - appliedAt) / 1000;
    expect(tau).toBeGreaterThan(0.08);
    expect(tau).toBeLessThan(0.13);
    // not a jump: 20 ms after the command the capacitor is still far from the input
    const early = samples.find((s) => s.t >= appliedAt + 20);
    expect(early!.v).toBeLessThan(2.5);
    const state = await (await fetch(`${platform.url}/api/benches/rc-filter`)).json();
    expect(state.outputValues).toMatchObject({ duty: 100 });
  });

  it('rejects bad commands with a code and changes nothing', async () => {
    const before = (await (await fetch(`${platform.url}/api/benches/rc-filter`)).json())
      .outputValues;
    const cases: Array<[unknown, string]> = [
      [{ benchId: 'rc-filter', output: 'duty', value: 101 }, 'OUT_OF_RANGE'],
      [{ benchId: 'rc-filter', output: 'duty', value: -1 }, 'OUT_OF_RANGE'],
      [{ benchId: 'rc-filter', output: 'duty', value: 'full' }, 'BAD_REQUEST'],
      [{ benchId: 'rc-filter', output: 'duty' }, 'BAD_REQUEST'],
      [{ benchId: 'rc-filter', output: 'heater', value: 1 }, 'NOT_EXPOSED'],
      [{ benchId: 'rc-filter', output: 'led', value: 1 }, 'BAD_REQUEST'],
      [{ benchId: 'nope', output: 'duty', value: 1 }, 'UNKNOWN_BENCH'],
      ['not even an object', 'BAD_REQUEST'],
    ];
    for (const [command, code] of cases) {
      const reply = await (
        browser.emitWithAck as (event: string, arg: unknown) => Promise<unknown>
      )('command', command);
      expect(reply).toMatchObject({
        status: 'error',
        error: { code, message: expect.any(String) },
      });
    }
    const after = (await (await fetch(`${platform.url}/api/benches/rc-filter`)).json())
      .outputValues;
    expect(after).toEqual(before);
  });

  it('refuses an agent with a wrong token', async () => {
    const intruder = connectClient(`${platform.url}/agent`, {
      auth: { token: 'wrong', agentId: 'intruder', protocolVersion: AGENT_PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) =>
      intruder.once('connect_error', resolve),
    );
    expect(error.data?.code).toBe('AUTH_FAILED');
    intruder.close();
  });

  it('refuses a frame that fails its schema with an error ack and relays nothing', async () => {
    const fake = connectClient(`${platform.url}/agent`, {
      auth: {
        token: ws.tokenFor('fake'),
        agentId: 'fake',
        protocolVersion: AGENT_PROTOCOL_VERSION,
      },
      transports: ['websocket'],
      forceNew: true,
    });
    await new Promise<void>((resolve) => fake.once('connect', () => resolve()));
    const emit = fake.emitWithAck.bind(fake) as (event: string, arg: unknown) => Promise<unknown>;
    const bad = [
      { benchId: 'rc-filter', seq: -1, t0: 1, dt: 1, channels: { vout: [1] } },
      { benchId: 'rc-filter', seq: 1, t0: 1, dt: 1, channels: { vout: [1, 2], ref: [1] } },
      { benchId: 'rc-filter', seq: 1, t0: 1, dt: 1, channels: {} },
    ];
    for (const frame of bad) {
      expect(await emit('frame', frame)).toMatchObject({
        status: 'error',
        error: { code: 'BAD_REQUEST' },
      });
    }
    // a well-formed frame for a bench this agent does not drive is refused too
    expect(
      await emit('frame', { benchId: 'rc-filter', seq: 1, t0: 1, dt: 1, channels: { vout: [1] } }),
    ).toMatchObject({
      status: 'error',
      error: { code: 'UNKNOWN_BENCH' },
    });
    fake.close();
  });

  it('marks the bench offline within 2 s when the board goes away, and back when it returns', async () => {
    const killedAt = Date.now();
    const offline = waitForBench(platform, 'rc-filter', (status) => status === 'offline');
    await board.close();
    expect((await offline) - killedAt).toBeLessThan(2000);
    const listed = (await (await fetch(`${platform.url}/api/benches`)).json()) as Array<{
      status: string;
    }>;
    expect(listed[0]!.status).toBe('offline');

    const online = waitForBench(platform, 'rc-filter', (status) => status === 'online');
    board = await startTestBoard(bench, link);
    await online;
    const frames = await collectFrames(browser, (received) => received.length >= 3);
    expect(frames.length).toBeGreaterThanOrEqual(3);
  });

  it('gives a socket back within the recovery window its stream before it asks again', async () => {
    const client = await connectBrowser(platform);
    try {
      await client.emitWithAck('bench:subscribe', { benchId: 'rc-filter' });
      await collectFrames(client, (frames) => frames.length >= 2);
      const back = new Promise<void>((resolve) => client.once('connect', () => resolve()));
      // The transport drops (as a link reset does); socket.io reconnects on its own.
      client.io.engine.close();
      await back;
      expect(client.recovered).toBe(true);
      // No bench:subscribe on the new connection: the server restarted the stream itself.
      const frames = await collectFrames(client, (received) => received.length >= 3);
      expect(frames.length).toBeGreaterThanOrEqual(3);
    } finally {
      client.disconnect();
    }
  });
});

function lastValue(frames: StreamFrame[]): number {
  return frames.at(-1)?.channels.vout?.at(-1) ?? 0;
}

function toSamples(frames: StreamFrame[]): Array<{ t: number; v: number }> {
  return frames.flatMap((frame) =>
    frame.channels.vout!.map((v, i) => ({ t: frame.t0 + i * frame.dt, v })),
  );
}
