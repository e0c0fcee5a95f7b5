import type { BenchDescriptor } from '@remotelab/protocol';
import { connectFakeAgent } from './fake-agent.ts';
import { rcDescriptor, type StorageFixture } from './storage-fixture.ts';

export type FakeAgent = Awaited<ReturnType<typeof connectFakeAgent>>;

/**
 * A fake lab-agent with a database token (issued by the admin), announcing fresh benches of the
 * fixture lab's pool (`rc-filter`); resolves once they are online and in the catalog.
 */
export async function agentWithBenches(
  f: StorageFixture,
  benches: Array<{ twin?: boolean }>,
): Promise<{ agent: FakeAgent; benchIds: string[] }> {
  const agentId = f.unique('pc');
  const issued = await f.users.admin.client.call<{ token: string }>('POST', '/api/agents', {
    id: agentId,
    name: 'Lab PC',
  });
  if (issued.status !== 201) throw new Error(`agent token not issued: ${issued.text}`);
  const agent = await connectFakeAgent(f.platform.url, { token: issued.body.token, agentId });
  const descriptors: BenchDescriptor[] = benches.map((b) => ({
    ...rcDescriptor(f.unique(b.twin ? 'rc-filter-twin' : 'rc-filter').replace(/-[0-9a-f]{6}$/, '')),
    ...(b.twin ? { twin: true } : {}),
  }));
  const online = () =>
    descriptors.every((d) => f.platform.registry.agentState(d.id)?.status === 'online');
  const ready = new Promise<void>((resolve) => {
    const check = () => online() && (f.platform.registry.off('changed', check), resolve());
    f.platform.registry.on('changed', check);
  });
  await agent.announce(descriptors);
  if (!online()) await ready;
  await f.platform.benchesPersisted();
  return { agent, benchIds: descriptors.map((d) => d.id) };
}

/** The student's walk-in session on a free bench of the lab: join, take the offer. */
export async function walkInSession(
  f: StorageFixture,
  client = f.users.student.client,
): Promise<{ sessionId: string; bookingId: string; benchId: string }> {
  const path = `/api/labs/${f.lab.id}/queue`;
  const joined = await client.call<{ offer: unknown }>('POST', path);
  if (joined.status !== 201) throw new Error(`queue join failed: ${joined.text}`);
  if (!joined.body.offer) throw new Error('no bench offered: is a real bench free?');
  const accepted = await client.call('POST', `${path}/accept`);
  if (accepted.status !== 200) throw new Error(`offer not taken: ${accepted.text}`);
  const bookings = await client.call<
    Array<{ id: string; labId: string; status: string; sessionId: string | null; benchId: string }>
  >('GET', '/api/bookings');
  const active = bookings.body.find(
    (b) => b.labId === f.lab.id && b.status === 'active' && b.sessionId,
  );
  if (!active?.sessionId) throw new Error('the walk-in session did not start');
  return { sessionId: active.sessionId, bookingId: active.id, benchId: active.benchId };
}
