import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Kysely } from 'kysely';
import type { SampleFrame } from '@remotelab/protocol';
import type { Database } from '../db/database.schema.ts';
import { BenchRegistry } from '../benches/bench-registry.ts';
import { SessionRecorder } from './session-recorder.ts';
import { decodeChunk } from './chunk-codec.ts';

/** A stand-in for Kysely's insert chain that stores rows, and can be told to fail. */
function fakeDb() {
  const rows: Array<Record<string, unknown>> = [];
  const state = { failing: false };
  const db = {
    insertInto: () => ({
      values: (row: Record<string, unknown>) => ({
        execute: async () => {
          if (state.failing) throw new Error('database unavailable');
          rows.push(row);
        },
      }),
    }),
  } as unknown as Kysely<Database>;
  return { db, rows, state };
}

function frame(seq: number, t0: number, value = seq): SampleFrame {
  return { benchId: 'b', seq, t0, dt: 1, channels: { a: new Array(50).fill(value) } };
}

function recorderWith(fake: ReturnType<typeof fakeDb>, maxUnwritten = 300) {
  const registry = new BenchRegistry();
  const recorder = new SessionRecorder({
    db: fake.db,
    registry,
    logger: pino({ level: 'silent' }),
    chunkMs: 200,
    maxUnwritten,
  });
  recorder.begin('s1', 'b', [{ id: 'a', label: 'A', unit: 'V', step: 0.5 }]);
  // The recorder listens to the registry's frame event; emit it directly (no agent here).
  const push = (f: SampleFrame) => registry.emit('frame', f);
  return { recorder, push };
}

describe('SessionRecorder', () => {
  it('cuts chunks of chunkMs, numbered in order, and stores the remainder at finish', async () => {
    const fake = fakeDb();
    const { recorder, push } = recorderWith(fake);
    for (let seq = 0; seq < 9; seq += 1) push(frame(seq, 1000 + seq * 50));
    await recorder.finish('s1');
    expect(fake.rows.map((r) => [r.chunk_index, r.first_seq, r.last_seq, r.row_count])).toEqual([
      [0, 0, 3, 200],
      [1, 4, 7, 200],
      [2, 8, 8, 50],
    ]);
    expect(
      Array.from(decodeChunk(fake.rows[1]!.data as Buffer).columns[0]!.values).slice(0, 2),
    ).toEqual([4, 4]);
  });

  it('skips a frame that starts before the last one ended (a replay)', async () => {
    const fake = fakeDb();
    const { recorder, push } = recorderWith(fake);
    push(frame(0, 1000));
    push(frame(1, 1050));
    push(frame(0, 1000));
    push(frame(2, 1100));
    await recorder.finish('s1');
    expect(fake.rows.reduce((sum, r) => sum + (r.row_count as number), 0)).toBe(150);
  });

  it('keeps chunks while the database refuses them and stores them once it is back', async () => {
    const fake = fakeDb();
    const { recorder, push } = recorderWith(fake);
    fake.state.failing = true;
    for (let seq = 0; seq < 8; seq += 1) push(frame(seq, 1000 + seq * 50));
    await recorder.enqueue('b', async () => undefined);
    expect(fake.rows).toHaveLength(0);
    fake.state.failing = false;
    await recorder.finish('s1');
    expect(fake.rows.map((r) => r.chunk_index)).toEqual([0, 1]);
  });

  it('drops the oldest chunks beyond maxUnwritten, so an outage costs bounded memory', async () => {
    const fake = fakeDb();
    const { recorder, push } = recorderWith(fake, 2);
    fake.state.failing = true;
    for (let seq = 0; seq < 16; seq += 1) push(frame(seq, 1000 + seq * 50));
    fake.state.failing = false;
    await recorder.finish('s1');
    // the newest two are kept, numbered as they are stored
    expect(fake.rows.map((r) => [r.chunk_index, r.first_seq])).toEqual([
      [0, 8],
      [1, 12],
    ]);
  });

  it('tells a frame stored only once its chunk is committed (ack after store)', async () => {
    const fake = fakeDb();
    const { recorder, push } = recorderWith(fake);
    const stored: number[] = [];
    const track = (seq: number) => void recorder.whenStored('b').then(() => stored.push(seq));
    fake.state.failing = true;
    for (let seq = 0; seq < 5; seq += 1) {
      push(frame(seq, 1000 + seq * 50));
      track(seq);
    }
    await recorder.enqueue('b', async () => undefined);
    expect(stored).toEqual([]); // chunk 0 (seqs 0-3) refused, seq 4 still buffered
    fake.state.failing = false;
    for (let seq = 5; seq < 8; seq += 1) push(frame(seq, 1000 + seq * 50));
    await recorder.enqueue('b', async () => undefined);
    expect(stored).toEqual([0, 1, 2, 3, 4]);
    expect(fake.rows).toHaveLength(2);
    // a bench not recorded needs no storing
    await expect(recorder.whenStored('other')).resolves.toBeUndefined();
  });

  it('ignores frames of benches it does not record, and stops at finish', async () => {
    const fake = fakeDb();
    const { recorder, push } = recorderWith(fake);
    push({ ...frame(0, 1000), benchId: 'other' });
    await recorder.finish('s1');
    push(frame(1, 2000));
    expect(recorder.isRecording('b')).toBe(false);
    expect(fake.rows).toHaveLength(0);
  });
});
