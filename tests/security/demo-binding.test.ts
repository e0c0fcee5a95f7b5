import { connect } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchDemo, type RunningDemo } from '../../scripts/lib/launch-demo.ts';
import { freePort } from '../support/free-port.ts';

/**
 * Issue 9, item 12: the demo takes commands from anyone (no sign-in needed), so unless HOST says
 * otherwise it listens on loopback only: another machine of the network cannot reach it.
 */
describe('the demo (npm start) without HOST', () => {
  let demo: RunningDemo;
  let port = 0;
  const savedHost = process.env.HOST;
  const logs: string[] = [];

  beforeAll(async () => {
    delete process.env.HOST;
    port = await freePort();
    demo = await launchDemo({
      port,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      benches: ['rc-filter'],
      privateRedisPort: await freePort(),
      log: (line) => logs.push(line),
    });
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
    if (savedHost !== undefined) process.env.HOST = savedHost;
  });

  /** 'open' or the connection error's code. */
  function tryConnect(host: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('open');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
  }

  it('answers on 127.0.0.1 and not on the machine’s network address', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!external) throw new Error('this test needs a non-loopback IPv4 interface to knock on');
    expect(await tryConnect('127.0.0.1')).toBe('open');
    expect(await tryConnect(external.address)).toBe('ECONNREFUSED');
    expect(demo.url).toBe(`http://127.0.0.1:${port}`);
  });
});
