import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FramesStored } from '@remotelab/protocol';
import { storedChannels } from '@remotelab/server';
import { DATABASE_KINDS } from '../support/test-databases.ts';
import { connectFakeAgent, rcFrames } from '../support/fake-agent.ts';
import {
  rcDescriptor,
  startStorageFixture,
  type StorageFixture,
} from '../support/storage-fixture.ts';

/**
 * Issue 9, item 11: a frame is acknowledged to the agent as stored only once the recording chunk
 * holding it is committed (the fixture cuts chunks of 500 ms), so the agent still has every frame
 * a crashed server had not written; and a recording resumed after a restart takes the agent's
 * replay without storing anything twice or breaking the chunk numbering.
 */
describe.each(DATABASE_KINDS)('ack after store, on %s', (kind) => {
  let f: StorageFixture;
  let token: string;
  const benchId = `store-${kind}`;
  const sessionId = randomUUID();
  const t0 = Date.now() - 60_000;

  const chunks = () =>
    f.platform.db
      .selectFrom('recording_chunks')
      .select(['chunk_index', 'first_seq', 'last_seq', 't_start', 't_end', 'row_count'])
      .where('session_id', '=', sessionId)
      .orderBy('chunk_index')
      .execute();

  beforeAll(async () => {
    f = await startStorageFixture(kind);
    token = (
      await f.users.admin.client.call<{ token: string }>('POST', '/api/agents', {
        id: 'store-pc',
        name: 'Store PC',
      })
    ).body.token;
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('commits to disk before it acknowledges (SQLite synchronous=FULL, PostgreSQL synchronous_commit=on)', async () => {
    if (kind === 'sqlite') {
      const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(
        f.platform.db,
      );
      expect(rows[0]?.synchronous).toBe(2); // FULL: the WAL is synced at every commit
    } else {
      const { rows } = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(
        f.platform.db,
      );
      expect(rows[0]?.synchronous_commit).toBe('on');
    }
  });

  it('acks a frame as stored only once its chunk is committed', async () => {
    const agent = await connectFakeAgent(f.platform.url, { token, agentId: 'store-pc' });
    await agent.announce([rcDescriptor(benchId)]);
    await f.platform.benchesPersisted();
    await f.platform.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        bench_id: benchId,
        lab_id: null,
        owner_id: f.users.student.id,
        status: 'active',
        started_at: t0,
        ended_at: null,
        end_reason: null,
        channels_json: JSON.stringify(storedChannels(rcDescriptor(benchId).inputs)),
      })
      .execute();
    f.platform.services.recorder.begin(
      sessionId,
      benchId,
      storedChannels(rcDescriptor(benchId).inputs),
    );
    // Each stored ack, with what the database held when it arrived.
    const acks: Array<{ throughSeq: number; storedUpTo: number }> = [];
    agent.socket.on('frames:stored', (stored: FramesStored) => {
      void chunks().then((rows) =>
        acks.push({
          throughSeq: stored.throughSeq,
          storedUpTo: Math.max(-1, ...rows.map((r) => r.last_seq)),
        }),
      );
    });
    const frames = rcFrames(benchId, 25, t0);
    for (const frame of frames.slice(0, 5)) {
      expect(await agent.sendFrame(frame)).toMatchObject({ status: 'ok' });
    }
    // Received, not stored: 250 ms of a 500 ms chunk.
    expect(await chunks()).toEqual([]);
    expect(acks).toEqual([]);
    for (const frame of frames.slice(5)) await agent.sendFrame(frame);
    // Chunks of 10 frames: seqs 0-9 and 10-19 committed, 20-24 still buffered.
    await expect.poll(() => acks.at(-1)?.throughSeq).toBe(19);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.storedUpTo).toBeGreaterThanOrEqual(ack.throughSeq);
    agent.close();
  });

  it('resumes after a restart: the replay is stored once, chunk numbers go on', async () => {
    const before = await chunks();
    expect(before.map((c) => c.chunk_index)).toEqual([0, 1]);
    // What a restarted server does with a session left active; the agent (same frames, this
    // server knows nothing of them) replays everything it was not told was stored, and more.
    f.platform.services.recorder.resume(
      sessionId,
      benchId,
      storedChannels(rcDescriptor(benchId).inputs),
    );
    const agent = await connectFakeAgent(f.platform.url, { token, agentId: 'store-pc' }, 'run-2');
    await agent.announce([rcDescriptor(benchId)]);
    let throughSeq = -1;
    agent.socket.on('frames:stored', (stored: FramesStored) => (throughSeq = stored.throughSeq));
    for (const frame of rcFrames(benchId, 40, t0)) {
      expect(await agent.sendFrame(frame)).toMatchObject({ status: 'ok' });
    }
    await expect.poll(() => throughSeq).toBe(39);
    await f.platform.services.recorder.finish(sessionId);
    const after = await chunks();
    expect(after.map((c) => c.chunk_index)).toEqual(after.map((_, i) => i));
    // 40 frames of 50 rows, each exactly once, in time order with no overlap or hole.
    expect(after.reduce((sum, c) => sum + c.row_count, 0)).toBe(40 * 50);
    after.forEach((chunk, i) => {
      if (i > 0) expect(chunk.t_start).toBe(after[i - 1]!.t_end);
    });
    expect(after[0]!.t_start).toBe(t0);
    expect(after.at(-1)!.t_end).toBe(t0 + 40 * 50);
    agent.close();
  });
});
