import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchViewSchema, type BenchView } from '@remotelab/protocol';
import { openBrowserSocket, type BrowserSocket } from '../support/browser-socket.ts';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { startStorageFixture, type StorageFixture } from '../support/storage-fixture.ts';

/**
 * A bench reaches a browser three ways (the REST list and item, the `bench:state` push, the
 * `bench:subscribe` ack) and all three are one BenchView: the same fields, built by the same
 * code, parsed by the same schema. A push carries the catalog's flags too, so the web replaces
 * its copy with it instead of merging.
 */
describe.each(DATABASE_KINDS)('one bench view on %s', (kind) => {
  let f: StorageFixture;
  let browser: BrowserSocket;
  beforeAll(async () => {
    f = await startStorageFixture(kind);
    browser = openBrowserSocket(f.platform.url, {
      extraHeaders: { cookie: f.users.technician.client.cookie! },
    });
    await new Promise<void>((resolve) => browser.once('connect', () => resolve()));
  });
  afterAll(async () => {
    browser?.disconnect();
    await f?.stop();
  });

  it('pushes on bench:state the very view GET /api/benches lists, and both parse', async () => {
    const { benchId } = f;
    // A flag from the catalog (maintenance) and markers from the agent's live report (unsafe, a
    // quarantine after a failed self-test): the view joins both sources.
    const flagged = await f.users.technician.client.call<BenchView>(
      'PUT',
      `/api/benches/${benchId}/maintenance`,
      { reason: 'rewiring the probe' },
    );
    expect(flagged.status).toBe(200);
    expect(BenchViewSchema.parse(flagged.body)).toEqual(flagged.body);

    const pushed = new Promise<unknown>((resolve) => {
      const take = (bench: BenchView) => {
        if (bench.id !== benchId) return;
        browser.off('bench:state', take);
        resolve(bench);
      };
      browser.on('bench:state', take);
    });
    f.platform.registry.updateState({
      benchId,
      status: 'online',
      sampleRateHz: 998,
      outputs: { duty: 20, led: true },
      quarantine: { reason: 'self-test step "dc" failed', since: 1_700_000_000_000 },
      unsafe: { reason: 'safe state not confirmed', since: 1_700_000_000_500 },
    });
    const push = await pushed;

    const anonymous = f.client('anonymous');
    const list = await anonymous.call<unknown[]>('GET', '/api/benches');
    const item = list.body.find((bench) => BenchViewSchema.parse(bench).id === benchId);
    const one = await anonymous.call<unknown>('GET', `/api/benches/${benchId}`);
    const ack = await browser.emitWithAck('bench:subscribe', { benchId });

    expect(push).toEqual(item);
    expect(one.body).toEqual(item);
    expect(ack).toEqual({ status: 'ok', data: item });
    // Parsing keeps every field: the server sends nothing the schema does not name.
    for (const view of [push, item]) expect(BenchViewSchema.parse(view)).toEqual(view);
    expect(item).toMatchObject({
      id: benchId,
      pool: 'rc-filter',
      status: 'online',
      sampleRateHz: 998,
      outputValues: { duty: 20, led: true },
      maintenance: { reason: 'rewiring the probe', source: 'technician' },
      quarantine: { reason: 'self-test step "dc" failed', byUserId: null, source: 'self-test' },
      unsafe: { reason: 'safe state not confirmed', since: 1_700_000_000_500 },
    });
  });
});
