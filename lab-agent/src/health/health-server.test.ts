import { afterEach, describe, expect, it } from 'vitest';
import type { AgentBenchState } from '@remotelab/protocol';
import { startHealthServer } from './health-server.ts';
import type { HealthSource, RunningHealthServer } from './health-server.ts';

function source(connected: boolean, statuses: AgentBenchState['status'][]): HealthSource {
  return {
    link: { connected },
    benches: statuses.map((status, i) => ({
      state: () => ({ benchId: `b${i}`, status, sampleRateHz: 0, outputs: {} }),
    })),
  };
}

describe('agent health server', () => {
  let server: RunningHealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 200 with each bench status while linked to the server', async () => {
    server = await startHealthServer(source(true, ['online', 'offline']), 0);
    const res = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      linked: true,
      benches: [
        { benchId: 'b0', status: 'online' },
        { benchId: 'b1', status: 'offline' },
      ],
    });
  });

  it('answers 503 while the server link is down', async () => {
    server = await startHealthServer(source(false, ['online']), 0);
    const res = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { linked: boolean }).linked).toBe(false);
  });

  it('answers 404 elsewhere', async () => {
    server = await startHealthServer(source(true, []), 0);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
  });
});
