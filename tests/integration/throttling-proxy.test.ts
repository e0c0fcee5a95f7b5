import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ThrottlingProxy } from '../support/throttling-proxy.ts';

/** A loopback TCP server for the proxy to sit in front of. */
async function target(onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer((socket) => {
    // The proxy resets its side on a cut: that is the point, not an error.
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  return address.port;
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with the arrival time of each chunk once `total` bytes have arrived. */
function receive(socket: Socket, total: number): Promise<Array<{ at: number; bytes: number }>> {
  return new Promise((resolve) => {
    const chunks: Array<{ at: number; bytes: number }> = [];
    let received = 0;
    socket.on('data', (data: Buffer) => {
      chunks.push({ at: performance.now(), bytes: data.length });
      received += data.length;
      if (received >= total) resolve(chunks);
    });
  });
}

/** Bytes/s between the first and the last chunk (the first chunk's bytes arrived "at" its start). */
function throughput(chunks: Array<{ at: number; bytes: number }>): number {
  const bytes = chunks.slice(1).reduce((sum, chunk) => sum + chunk.bytes, 0);
  return (bytes * 1000) / (chunks.at(-1)!.at - chunks[0]!.at);
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('ThrottlingProxy', () => {
  it('paces each direction to the bandwidth and adds the round trip, within 10 %', async () => {
    const TOTAL = 40_000;
    let upload: Promise<Array<{ at: number; bytes: number }>> | undefined;
    const server = await target((socket) => {
      if (!upload) {
        // The first connection measures both directions: it sends TOTAL bytes down while it
        // receives TOTAL bytes up.
        upload = receive(socket, TOTAL);
        socket.write(Buffer.alloc(TOTAL, 1));
      } else {
        socket.on('data', (data) => socket.write(data)); // the second one echoes
      }
    });
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const proxy = await ThrottlingProxy.start({
      targetPort: portOf(server),
      bitsPerSecond: 400_000,
      rttMs: 400,
    });
    cleanups.push(() => proxy.close());

    const bulk = await connect(proxy.port);
    cleanups.push(() => void bulk.destroy());
    const download = receive(bulk, TOTAL);
    bulk.write(Buffer.alloc(TOTAL, 2));
    const bytesPerSecond = 400_000 / 8;
    expect(throughput(await download)).toBeGreaterThan(bytesPerSecond * 0.9);
    expect(throughput(await download)).toBeLessThan(bytesPerSecond * 1.1);
    await expect.poll(() => upload, { timeout: 5_000 }).toBeDefined();
    const up = await upload!;
    expect(throughput(up)).toBeGreaterThan(bytesPerSecond * 0.9);
    expect(throughput(up)).toBeLessThan(bytesPerSecond * 1.1);
    expect(proxy.transmitted).toEqual({ down: TOTAL, up: TOTAL });

    // Ping-pong of a few bytes: each exchange takes one RTT (plus microseconds of pacing). The
    // median, because a timer on this shared machine now and then fires a few ms late.
    const echo = await connect(proxy.port);
    cleanups.push(() => void echo.destroy());
    const rtts: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const sentAt = performance.now();
      const back = receive(echo, 8);
      echo.write('ping-pon');
      await back;
      echo.removeAllListeners('data');
      rtts.push(performance.now() - sentAt);
    }
    // The first exchange includes the connection's handshake round trip.
    expect(rtts[0]).toBeGreaterThan(2 * 400 * 0.9);
    const median = rtts.slice(1).sort((a, b) => a - b)[1]!;
    expect(median).toBeGreaterThan(400 * 0.9);
    expect(median).toBeLessThan(400 * 1.1);
  });

  it('cuts the link (connections reset, new ones refused) and restores it', async () => {
    const server = await target((socket) => socket.on('data', (data) => socket.write(data)));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const proxy = await ThrottlingProxy.start({
      targetPort: portOf(server),
      bitsPerSecond: 1_000_000,
      rttMs: 20,
    });
    cleanups.push(() => proxy.close());

    const socket = await connect(proxy.port);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => {});
    proxy.cut();
    await closed;

    // Refused: reset at once (before or just after the connect completes).
    const refused = createConnection({ port: proxy.port, host: '127.0.0.1' });
    refused.on('error', () => {});
    await new Promise((resolve) => refused.once('close', resolve));
    expect(proxy.connections).toBe(2);

    proxy.restore();
    const again = await connect(proxy.port);
    cleanups.push(() => void again.destroy());
    const back = receive(again, 5);
    again.write('hello');
    expect((await back).reduce((sum, chunk) => sum + chunk.bytes, 0)).toBe(5);
  });

  it('freezes the link without closing anything, then delivers what waited', async () => {
    const server = await target((socket) => socket.on('data', (data) => socket.write(data)));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const proxy = await ThrottlingProxy.start({
      targetPort: portOf(server),
      bitsPerSecond: 1_000_000,
      rttMs: 20,
    });
    cleanups.push(() => proxy.close());
    const socket = await connect(proxy.port);
    cleanups.push(() => void socket.destroy());
    let closed = false;
    socket.once('close', () => (closed = true));

    proxy.cut('freeze');
    const back = receive(socket, 5);
    let arrived = false;
    void back.then(() => (arrived = true));
    socket.write('hello');
    // Nothing can arrive while frozen: the proxy has not even transmitted the bytes.
    await expect.poll(() => proxy.transmitted.up === 0 && !arrived && !closed).toBe(true);
    proxy.restore();
    await back;
    expect(closed).toBe(false);
  });
});
