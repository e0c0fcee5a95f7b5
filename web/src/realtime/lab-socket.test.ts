import { describe, expect, it, vi } from 'vitest';
import type { PackedStreamFrame } from '@remotelab/protocol';
import { encodeStreamFrame } from '@remotelab/protocol/stream-frame-codec';
import { LabSocket } from './lab-socket.ts';
import type { LabClientSocket } from './lab-socket.ts';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io-client Socket: handlers by name, a scripted emitWithAck. */
function fakeSocket() {
  const handlers = new Map<string, Handler[]>();
  const managerHandlers = new Map<string, Handler[]>();
  const add = (map: Map<string, Handler[]>) => (event: string, handler: Handler) => {
    map.set(event, [...(map.get(event) ?? []), handler]);
  };
  const fake = {
    connected: false,
    active: true,
    on: add(handlers),
    io: { on: add(managerHandlers), reconnectionDelayMax: vi.fn() },
    connect: vi.fn(),
    disconnect: vi.fn(),
    emitWithAck: vi.fn<(event: string, payload: unknown) => Promise<unknown>>(),
    timeout: vi.fn(() => ({ emitWithAck: fake.emitWithAck })),
  };
  const fire = (event: string, ...args: unknown[]) =>
    handlers.get(event)?.forEach((h) => h(...args));
  const fireManager = (event: string, ...args: unknown[]) =>
    managerHandlers.get(event)?.forEach((h) => h(...args));
  return { fake, fire, fireManager, socket: fake as unknown as LabClientSocket };
}

const frame = (benchId: string, seq = 0): PackedStreamFrame =>
  encodeStreamFrame({
    benchId,
    seq,
    firstSeq: seq,
    decimation: 1,
    t0: 1,
    dt: 1,
    channels: { v: [1, 2] },
  });

describe('LabSocket frames', () => {
  it('decodes a frame, hands it to the listeners of its bench, then acks it', () => {
    const { fire, socket } = fakeSocket();
    const lab = new LabSocket(socket, { now: () => 0 });
    const order: string[] = [];
    lab.onFrame('rc', (f) =>
      order.push(`listener ${f.channels.v?.map((v) => v.toFixed(3)).join(',')}`),
    );
    lab.onFrame('other', () => order.push('wrong bench'));
    fire('frame', frame('rc'), () => order.push('ack'));
    expect(order).toEqual(['listener 1.000,2.000', 'ack']);
  });

  it('acks and counts a frame it cannot decode, and hands it to nobody', () => {
    const { fire, socket } = fakeSocket();
    const lab = new LabSocket(socket, { now: () => 0 });
    const listener = vi.fn();
    const ack = vi.fn();
    lab.onFrame('rc', listener);
    fire('frame', { ...frame('rc'), channels: ['v', 'w'] }, ack);
    expect(listener).not.toHaveBeenCalled();
    expect(ack).toHaveBeenCalledOnce();
    expect(lab.malformedFrames).toBe(1);
  });

  it('acks frames nobody listens to, and frames whose listener throws', () => {
    const { fire, socket } = fakeSocket();
    const lab = new LabSocket(socket, { now: () => 0 });
    const ack = vi.fn();
    fire('frame', frame('nobody'), ack);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    lab.onFrame('rc', () => {
      throw new Error('boom');
    });
    fire('frame', frame('rc'), ack);
    expect(ack).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('stops delivering after the listener is removed', () => {
    const { fire, socket } = fakeSocket();
    const lab = new LabSocket(socket, { now: () => 0 });
    const listener = vi.fn();
    lab.onFrame('rc', listener)();
    fire('frame', frame('rc'), () => {});
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('LabSocket connection', () => {
  it('follows the socket: connecting, connected, reconnecting, and runs connect listeners each time', () => {
    const { fake, fire, fireManager, socket } = fakeSocket();
    const lab = new LabSocket(socket);
    const onConnect = vi.fn();
    lab.onConnect(onConnect);
    expect(lab.connection.get()).toBe('connecting');
    fire('connect');
    expect(lab.connection.get()).toBe('connected');
    fire('disconnect', 'transport close');
    expect(lab.connection.get()).toBe('reconnecting');
    fireManager('reconnect_failed');
    expect(lab.connection.get()).toBe('offline');
    fire('connect');
    expect(onConnect).toHaveBeenCalledTimes(2);
    fake.active = false;
    fire('disconnect', 'io server disconnect');
    expect(lab.connection.get()).toBe('offline');
  });
});

describe('LabSocket silence', () => {
  function streaming() {
    const clock = { now: 0 };
    const { fake, fire, fireManager, socket } = fakeSocket();
    const lab = new LabSocket(socket, { now: () => clock.now });
    fake.connected = true;
    fire('connect');
    fire('frame', frame('rc'), () => undefined);
    return { clock, fire, fireManager, lab };
  }

  it('shows a stream that fell silent as reconnecting within a second, and connected when it speaks', () => {
    const { clock, fire, lab } = streaming();
    clock.now = 900;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('connected');
    clock.now = 1001;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('reconnecting');
    fire('frame', frame('rc', 1), () => undefined);
    expect(lab.connection.get()).toBe('connected');
  });

  it('waits longer on a link whose frames are far apart anyway', () => {
    const { clock, fire, lab } = streaming();
    clock.now = 600; // a 600 ms gap: the silence limit becomes 1.8 s
    fire('frame', frame('rc', 1), () => undefined);
    clock.now = 600 + 1500;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('connected');
    clock.now = 600 + 1900;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('reconnecting');
  });

  it('does not learn from a hang or an outage: the next hang is seen within a second too', () => {
    const { clock, fire, lab } = streaming();
    clock.now = 5000; // a 5 s hang
    lab.checkSilence();
    fire('frame', frame('rc', 1), () => undefined);
    expect(lab.connection.get()).toBe('connected');
    clock.now = 6100;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('reconnecting');
    // After a reconnection as well.
    fire('disconnect', 'transport close');
    clock.now = 30_000;
    fire('connect');
    fire('frame', frame('rc', 2), () => undefined);
    clock.now = 31_100;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('reconnecting');
  });

  it('counts a heartbeat as the link speaking', () => {
    const { clock, fireManager, lab } = streaming();
    clock.now = 800;
    fireManager('ping');
    clock.now = 1500;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('connected');
  });

  it('does not call a bench that stopped streaming (a bench:state push) a silent link', () => {
    const { clock, fire, lab } = streaming();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fire('bench:state', { not: 'a view' }); // even a push it drops: something came in
    logged.mockRestore();
    clock.now = 5000;
    lab.checkSilence();
    expect(lab.connection.get()).toBe('connected');
  });

  it('slows its retries down after about a minute of failed attempts, and speeds up on connect', () => {
    const { fake, fire, fireManager } = fakeSocket();
    new LabSocket(fake as unknown as LabClientSocket);
    fireManager('reconnect_attempt', 149);
    expect(fake.io.reconnectionDelayMax).not.toHaveBeenCalled();
    fireManager('reconnect_attempt', 150);
    expect(fake.io.reconnectionDelayMax).toHaveBeenLastCalledWith(5000);
    fire('connect');
    expect(fake.io.reconnectionDelayMax).toHaveBeenLastCalledWith(500);
  });
});

describe('LabSocket.onReconnect', () => {
  it('runs on reconnections only, saying whether the server recovered the socket', () => {
    const { fake, fire, socket } = fakeSocket();
    const lab = new LabSocket(socket);
    const seen: boolean[] = [];
    lab.onReconnect((recovered) => seen.push(recovered));
    fire('connect');
    fire('disconnect', 'transport close');
    Object.assign(fake, { recovered: true });
    fire('connect');
    Object.assign(fake, { recovered: false });
    fire('connect');
    expect(seen).toEqual([true, false]);
  });
});

describe('LabSocket.reconnect', () => {
  it('marks the page outdated when the server refuses its protocol version, and stays down', () => {
    const { fake, fire, socket } = fakeSocket();
    const lab = new LabSocket(socket);
    fire('connect_error', Object.assign(new Error('auth'), { data: { code: 'AUTH_FAILED' } }));
    expect(lab.outdated.get()).toBe(false);
    fake.active = false; // socket.io does not retry a handshake its server refused
    const refusal = { code: 'PROTOCOL_MISMATCH', message: 'The server speaks protocol 5.' };
    fire('connect_error', Object.assign(new Error(refusal.message), { data: refusal }));
    expect(lab.outdated.get()).toBe(true);
    lab.reconnect();
    expect(fake.connect).not.toHaveBeenCalled();
  });

  it('shows reconnecting and connects again after the server closed the link', () => {
    const { fake, fire, socket } = fakeSocket();
    const lab = new LabSocket(socket);
    fire('connect');
    fake.connected = true;
    lab.reconnect();
    expect(fake.connect).not.toHaveBeenCalled();
    fake.connected = false;
    fake.active = false;
    fire('disconnect', 'io server disconnect');
    expect(lab.connection.get()).toBe('offline');
    lab.reconnect();
    expect(fake.connect).toHaveBeenCalledOnce();
    expect(lab.connection.get()).toBe('reconnecting');
  });
});

describe('LabSocket requests', () => {
  it('refuses at once while disconnected instead of queueing', async () => {
    const { fake, socket } = fakeSocket();
    const lab = new LabSocket(socket);
    const result = await lab.command({ benchId: 'rc', output: 'duty', value: 50 });
    expect(result).toMatchObject({ status: 'error', error: { code: 'DISCONNECTED' } });
    expect(fake.emitWithAck).not.toHaveBeenCalled();
  });

  it('passes the ack through, and turns a timeout or an unreadable reply into an error', async () => {
    const { fake, socket } = fakeSocket();
    fake.connected = true;
    const lab = new LabSocket(socket, { ackTimeoutMs: 1234 });
    const applied = { benchId: 'rc', output: 'duty', value: 50, appliedAt: 1 };
    fake.emitWithAck.mockResolvedValueOnce({ status: 'ok', data: applied });
    expect(await lab.command({ benchId: 'rc', output: 'duty', value: 50 })).toEqual({
      status: 'ok',
      data: applied,
    });
    expect(fake.timeout).toHaveBeenCalledWith(1234);
    expect(fake.emitWithAck).toHaveBeenCalledWith('command', {
      benchId: 'rc',
      output: 'duty',
      value: 50,
    });

    const refusal = { status: 'error', error: { code: 'OUT_OF_RANGE', message: 'too high' } };
    fake.emitWithAck.mockResolvedValueOnce(refusal);
    expect(await lab.command({ benchId: 'rc', output: 'duty', value: 500 })).toEqual(refusal);

    fake.emitWithAck.mockRejectedValueOnce(new Error('operation has timed out'));
    expect(await lab.subscribe('rc')).toMatchObject({
      status: 'error',
      error: { code: 'TIMEOUT' },
    });
  });

  it('fails loudly on an ack that does not parse, naming the event and the field', async () => {
    const { fake, socket } = fakeSocket();
    fake.connected = true;
    const lab = new LabSocket(socket);
    fake.emitWithAck.mockResolvedValueOnce('garbage');
    await expect(lab.subscribe('rc')).rejects.toThrow(/"bench:subscribe" ack/);
    fake.emitWithAck.mockResolvedValueOnce({ status: 'ok', data: { benchId: 'rc', value: 1 } });
    await expect(lab.command({ benchId: 'rc', output: 'duty', value: 1 })).rejects.toThrow(
      /"command" ack[\s\S]*appliedAt/,
    );
  });

  it('in production, turns an ack that does not parse into an INTERNAL error', async () => {
    const { fake, socket } = fakeSocket();
    fake.connected = true;
    const lab = new LabSocket(socket, { strictReplies: false });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.emitWithAck.mockResolvedValueOnce('garbage');
    expect(await lab.subscribe('rc')).toMatchObject({
      status: 'error',
      error: { code: 'INTERNAL', message: expect.stringMatching(/bench:subscribe/) as string },
    });
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
