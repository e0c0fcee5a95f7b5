/**
 * npm run bench:recording
 *
 * What a long session costs to store and to export. A 30-minute session of two channels sampled
 * at 1 kHz (frames of 50 ms as the agent sends them: 10-bit ADC readings scaled to volts; an RC
 * low-pass (tau = 0.1 s) driven by a square wave, and a 0.5 Hz reference sine, both with noise)
 * goes through the real BenchRegistry and SessionRecorder into SQLite, and into PostgreSQL when
 * one answers. It prints the bytes stored (target < 20 MB) and the time to export the whole
 * session as CSV (target < 5 s), with their ratios to the targets. Figures, not a pass/fail test.
 */
import { statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { SampleFrame } from '@remotelab/protocol';
import {
  BenchRegistry,
  SessionRecorder,
  openDatabase,
  storedChannels,
  writeRecordingCsv,
} from '@remotelab/server';
import {
  createScratchDatabase,
  postgresReachable,
  type DatabaseKind,
} from '@remotelab/server/testing';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 30);
const RATE_HZ = 1000;
const FRAME_ROWS = 50;
const GAIN = 5 / 1023;
const TARGET_BYTES = 20 * 1024 * 1024;
const TARGET_EXPORT_MS = 5000;
const silent = pino({ level: 'silent' });

/** Deterministic noise: a seeded LCG through Box-Muller. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** The session's frames, one at a time: what the agent would send, 50 rows per frame. */
function* sessionFrames(benchId: string, t0: number): Generator<SampleFrame> {
  const noise = gaussian(42);
  const total = (MINUTES * 60 * RATE_HZ) / FRAME_ROWS;
  let vc = 0;
  const adc = (volts: number) =>
    Math.min(1023, Math.max(0, Math.round(volts / GAIN + noise() * 0.7))) * GAIN;
  for (let f = 0; f < total; f += 1) {
    const vout: number[] = [];
    const ref: number[] = [];
    for (let i = 0; i < FRAME_ROWS; i += 1) {
      const t = (f * FRAME_ROWS + i) / RATE_HZ;
      const drive = Math.floor(t / 2) % 2 === 0 ? 4.5 : 0.5;
      vc += (drive - vc) * (1 - Math.exp(-1 / RATE_HZ / 0.1));
      vout.push(adc(vc));
      ref.push(adc(2.5 + 1.5 * Math.sin(2 * Math.PI * 0.5 * t)));
    }
    yield { benchId, seq: f, t0: t0 + f * FRAME_ROWS, dt: 1000 / RATE_HZ, channels: { vout, ref } };
  }
}

async function measure(kind: DatabaseKind) {
  const scratch = await createScratchDatabase(kind);
  const storage = await openDatabase(scratch.url, silent);
  try {
    const registry = new BenchRegistry();
    const benchId = 'rc-filter';
    const inputs = [
      {
        id: 'vout',
        label: 'Capacitor voltage (A0)',
        kind: 'analog-in' as const,
        unit: 'V',
        range: { min: 0, max: 5 },
        resolution: GAIN,
      },
      {
        id: 'ref',
        label: 'Reference sine (A1)',
        kind: 'analog-in' as const,
        unit: 'V',
        range: { min: 0, max: 5 },
        resolution: GAIN,
      },
    ];
    registry.attachAgent('bench-agent', 'bench-socket', [
      {
        id: benchId,
        name: 'RC',
        description: '',
        pool: benchId,
        samplingIntervalMs: 1,
        baud: 115200,
        inputs,
        outputs: [],
      },
    ]);
    const now = Date.now();
    const userId = randomUUID();
    const sessionId = randomUUID();
    const channels = storedChannels(inputs);
    await storage.db
      .insertInto('users')
      .values({
        id: userId,
        email: 'bench@example.org',
        display_name: 'Bench',
        role: 'student',
        password_hash: null,
        timezone: 'UTC',
        locale: 'en',
        disabled: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await storage.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        bench_id: benchId,
        lab_id: null,
        owner_id: userId,
        status: 'active',
        started_at: now,
        ended_at: null,
        end_reason: null,
        channels_json: JSON.stringify(channels),
      })
      .execute();

    const recorder = new SessionRecorder({ db: storage.db, registry, logger: silent });
    recorder.begin(sessionId, benchId, channels);
    const recordStart = performance.now();
    let frames = 0;
    for (const frame of sessionFrames(benchId, now)) {
      registry.recordFrame(frame, 'bench-run');
      frames += 1;
      // Let the writes of each 2 s chunk run, as they would between frames in real time.
      if (frames % 40 === 0) await recorder.enqueue(benchId, async () => undefined);
    }
    await recorder.finish(sessionId);
    const recordMs = performance.now() - recordStart;
    await recorder.close();

    const chunks = await storage.db
      .selectFrom('recording_chunks')
      .select(['data', 'row_count'])
      .where('session_id', '=', sessionId)
      .execute();
    const stored = {
      chunks: chunks.length,
      bytes: chunks.reduce((sum, c) => sum + c.data.length, 0),
      rows: chunks.reduce((sum, c) => sum + c.row_count, 0),
    };

    let csvBytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        csvBytes += chunk.length;
        done();
      },
    });
    const exportStart = performance.now();
    await writeRecordingCsv(storage.db, { sessionId, startedAt: now, channels }, sink);
    const exportMs = performance.now() - exportStart;
    await storage.close();
    // The whole SQLite file (closing checkpoints the WAL into it): pages, indexes, the session row.
    const onDisk =
      kind === 'sqlite' ? statSync(scratch.url.slice('sqlite:'.length)).size : undefined;
    return { kind, frames, ...stored, onDisk, recordMs, csvBytes, exportMs };
  } finally {
    await storage.close().catch(() => undefined);
    await scratch.drop();
  }
}

const kinds: DatabaseKind[] = ['sqlite'];
if (await postgresReachable()) kinds.push('postgres');
else
  process.stdout.write('PostgreSQL does not answer (TEST_PG_ADMIN_URL): measuring SQLite only.\n');

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
process.stdout.write(
  `\nSession: ${MINUTES} min, 2 channels, ${RATE_HZ} Hz, ${FRAME_ROWS}-row frames (${(MINUTES * 60 * RATE_HZ * 2).toLocaleString('en')} samples)\n\n`,
);
process.stdout.write(
  '| database | chunks | stored (MB) | stored / 20 MB | bytes per sample | SQLite file (MB) | record time (s) | CSV (MB) | CSV export (s) | export / 5 s |\n',
);
process.stdout.write('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n');
for (const kind of kinds) {
  const r = await measure(kind);
  if (r.rows !== MINUTES * 60 * RATE_HZ)
    throw new Error(`stored ${r.rows} rows, expected ${MINUTES * 60 * RATE_HZ}`);
  process.stdout.write(
    `| ${r.kind} | ${r.chunks} | ${mb(r.bytes)} | ${(r.bytes / TARGET_BYTES).toFixed(3)} | ${(r.bytes / (r.rows * 2)).toFixed(3)} | ${r.onDisk === undefined ? '-' : mb(r.onDisk)} | ${(r.recordMs / 1000).toFixed(2)} | ${mb(r.csvBytes)} | ${(r.exportMs / 1000).toFixed(2)} | ${(r.exportMs / TARGET_EXPORT_MS).toFixed(3)} |\n`,
  );
}
process.stdout.write('\n');
