import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  frameRows,
  type InputDescriptor,
  type OutputValue,
  type SampleFrame,
} from '@remotelab/protocol';
import type { Database, RecordingChunksTable } from '../db/database.schema.ts';
import type { BenchRegistry } from '../benches/bench-registry.ts';
import { encodeChunk } from './chunk-codec.ts';

/** A recorded channel as stored with its session: what exports need, plus the quantisation step. */
export interface StoredChannel {
  id: string;
  label: string;
  unit: string;
  step: number;
}

export function storedChannels(inputs: readonly InputDescriptor[]): StoredChannel[] {
  return inputs.map((input) => ({
    id: input.id,
    label: input.label,
    unit: input.unit,
    // Without a declared resolution, 1/65536 of the range is far below any ADC's noise.
    step: input.resolution ?? ((input.range.max - input.range.min) / 65536 || 1e-6),
  }));
}

export interface RecorderOptions {
  db: Kysely<Database>;
  registry: BenchRegistry;
  logger: Logger;
  /** Data per chunk: long enough to compress well, short enough that a crash loses little. */
  chunkMs?: number;
  /** Chunks kept in memory while the database refuses writes, before the oldest are dropped. */
  maxUnwritten?: number;
}

export interface CommandEntry {
  at: number;
  userId: string | null;
  output: string;
  value: OutputValue;
  /** `ok` or the error code the command was refused with. */
  result: string;
}

type ChunkRow = RecordingChunksTable;

/** Frames cut into one chunk, waiting to be stored; `done` are the acks waiting for them. */
interface PendingChunk {
  frames: SampleFrame[];
  done: Array<() => void>;
}

class Recording {
  frames: SampleFrame[] = [];
  /** Acks waiting for the frames in `frames` (the chunk being filled). */
  waiters: Array<() => void> = [];
  /** The newest frame taken: with `lastEnd`, what tells a replay (see `alreadyHas`). */
  lastSeq = -1;
  lastEnd = -Infinity;
  writes: Promise<void> = Promise.resolve();
  unwritten: PendingChunk[] = [];
  constructor(
    readonly sessionId: string,
    readonly channels: readonly StoredChannel[],
    public nextChunk: number,
    /** Where the stored chunks end, and their last seq: what an earlier run of ours stored. */
    public storedEnd: number,
    public storedLastSeq: number,
    /** False until the stored chunks of a resumed session have been read. */
    public positioned: boolean,
  ) {}
}

/**
 * Records every frame of a bench while a session is active on it, as compressed chunks (see
 * chunk-codec.ts), and the commands sent to it. Frames already recorded (an agent replaying after
 * a reconnect, or after this server restarted) are skipped by time. Writes of one session are
 * chained, so chunks land in order. `whenStored` tells when what arrived so far is committed: the
 * agent keeps its frames until then (ack after store), so a crash of this process loses nothing.
 */
export class SessionRecorder {
  private readonly byBench = new Map<string, Recording>();
  /** Writes still running for recordings that finished, by bench (for `whenStored`). */
  private readonly finishing = new Map<string, Promise<void>>();
  private readonly chunkMs: number;
  private readonly maxUnwritten: number;
  private readonly onFrame = (frame: SampleFrame) => this.push(frame);

  constructor(private readonly options: RecorderOptions) {
    this.chunkMs = options.chunkMs ?? 2000;
    this.maxUnwritten = options.maxUnwritten ?? 300;
    options.registry.on('frame', this.onFrame);
  }

  /** Starts recording a new session (no chunk stored yet). */
  begin(sessionId: string, benchId: string, channels: readonly StoredChannel[]): void {
    this.byBench.set(benchId, new Recording(sessionId, channels, 0, -Infinity, -1, true));
  }

  /**
   * Goes on recording a session that may have chunks stored already (this process restarted, or
   * the agent moved here). Frames are taken at once; before the first chunk is written the stored
   * ones are read, so numbering continues and what they hold is not stored twice.
   */
  resume(sessionId: string, benchId: string, channels: readonly StoredChannel[]): void {
    this.byBench.set(benchId, new Recording(sessionId, channels, 0, -Infinity, -1, false));
  }

  isRecording(benchId: string): boolean {
    return this.byBench.has(benchId);
  }

  /** The session whose frames this process records on the bench now, if any. */
  sessionOn(benchId: string): string | undefined {
    return this.byBench.get(benchId)?.sessionId;
  }

  /**
   * Resolves once every frame of `benchId` this recorder has received so far is committed to the
   * database (at once when the bench is not recorded: such frames need no storing).
   */
  whenStored(benchId: string): Promise<void> {
    const recording = this.byBench.get(benchId);
    if (!recording) return this.finishing.get(benchId) ?? Promise.resolve();
    return new Promise((resolve) => {
      if (recording.frames.length > 0) recording.waiters.push(resolve);
      else if (recording.unwritten.length > 0) recording.unwritten.at(-1)!.done.push(resolve);
      else resolve();
    });
  }

  /** Stops recording the session and resolves once everything it received is stored. */
  async finish(sessionId: string): Promise<void> {
    for (const [benchId, recording] of this.byBench) {
      if (recording.sessionId !== sessionId) continue;
      this.byBench.delete(benchId);
      this.flush(recording);
      const done = recording.writes.then(() => this.giveUp(recording));
      this.finishing.set(benchId, done);
      await done;
      if (this.finishing.get(benchId) === done) this.finishing.delete(benchId);
    }
  }

  /** Stores what is buffered and stops listening; sessions stay active and resume at the next start. */
  async close(): Promise<void> {
    this.options.registry.off('frame', this.onFrame);
    const recordings = [...this.byBench.values()];
    this.byBench.clear();
    for (const recording of recordings) this.flush(recording);
    await Promise.all(recordings.map((r) => r.writes));
  }

  /**
   * Runs `task` with the id of the session recording `benchId` (if any), in order with that
   * session's writes: ending the session waits for it. A failed task is logged, never thrown.
   */
  enqueue(benchId: string, task: (sessionId: string | undefined) => Promise<void>): Promise<void> {
    const recording = this.byBench.get(benchId);
    const run = () =>
      task(recording?.sessionId).catch((error: unknown) =>
        this.options.logger.warn({ err: error, benchId }, 'a recording task failed'),
      );
    if (!recording) return run();
    recording.writes = recording.writes.then(run);
    return recording.writes;
  }

  /** Stores a command sent during a session. */
  async storeCommand(sessionId: string, entry: CommandEntry): Promise<void> {
    await this.options.db
      .insertInto('session_commands')
      .values({
        id: randomUUID(),
        session_id: sessionId,
        at: entry.at,
        user_id: entry.userId,
        output: entry.output,
        value_json: JSON.stringify(entry.value),
        result: entry.result,
      })
      .execute();
  }

  private push(frame: SampleFrame): void {
    const recording = this.byBench.get(frame.benchId);
    if (!recording) return;
    if (alreadyHas(recording.lastSeq, recording.lastEnd, frame)) return;
    recording.lastSeq = frame.seq;
    recording.lastEnd = Math.max(recording.lastEnd, frame.t0 + frameRows(frame) * frame.dt);
    recording.frames.push(frame);
    const first = recording.frames[0]!;
    if (recording.lastEnd - first.t0 >= this.chunkMs) this.flush(recording);
  }

  private flush(recording: Recording): void {
    if (recording.frames.length > 0) {
      recording.unwritten.push({ frames: recording.frames, done: recording.waiters });
      recording.frames = [];
      recording.waiters = [];
      if (recording.unwritten.length > this.maxUnwritten) {
        const dropped = recording.unwritten.splice(
          0,
          recording.unwritten.length - this.maxUnwritten,
        );
        this.options.logger.error(
          { sessionId: recording.sessionId, chunks: dropped.length },
          'recording chunks dropped: the database refuses writes',
        );
        // Lost for good: holding their acks would only stall the agent's stream behind them.
        for (const chunk of dropped) for (const done of chunk.done) done();
      }
    }
    recording.writes = recording.writes.then(() => this.write(recording));
  }

  /** Chunks of a finished recording that could not be stored: logged, their acks released. */
  private giveUp(recording: Recording): void {
    const lost = recording.unwritten.splice(0);
    if (lost.length === 0) return;
    this.options.logger.error(
      { sessionId: recording.sessionId, chunks: lost.length },
      'recording chunks lost: the database refused them until the session ended',
    );
    for (const chunk of lost) for (const done of chunk.done) done();
  }

  private async write(recording: Recording): Promise<void> {
    try {
      if (!recording.positioned) await this.position(recording);
      while (recording.unwritten.length > 0) {
        const chunk = recording.unwritten[0]!;
        const row = this.encode(recording, chunk.frames);
        if (row) {
          await this.options.db.insertInto('recording_chunks').values(row).execute();
          recording.nextChunk = row.chunk_index + 1;
          recording.storedEnd = row.t_end;
          recording.storedLastSeq = row.last_seq;
        }
        recording.unwritten.shift();
        for (const done of chunk.done) done();
      }
    } catch (error) {
      // Kept for the next flush: a database hiccup costs latency, not data.
      this.options.logger.warn(
        { err: error, sessionId: recording.sessionId },
        'could not store a recording chunk; will retry',
      );
    }
  }

  /** Reads where the stored chunks of a resumed session end. */
  private async position(recording: Recording): Promise<void> {
    const last = await this.options.db
      .selectFrom('recording_chunks')
      .select(['chunk_index', 'last_seq', 't_end'])
      .where('session_id', '=', recording.sessionId)
      .orderBy('chunk_index', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last) {
      recording.nextChunk = Number(last.chunk_index) + 1;
      recording.storedEnd = Number(last.t_end);
      recording.storedLastSeq = Number(last.last_seq);
    }
    recording.positioned = true;
  }

  /** The chunk row of `frames` without what is stored already; undefined when nothing is left. */
  private encode(recording: Recording, frames: readonly SampleFrame[]): ChunkRow | undefined {
    const fresh = frames.filter(
      (f) => !alreadyHas(recording.storedLastSeq, recording.storedEnd, f),
    );
    if (fresh.length === 0) return undefined;
    const steps = new Map(recording.channels.map((c) => [c.id, c.step]));
    const first = fresh[0]!;
    const last = fresh[fresh.length - 1]!;
    return {
      session_id: recording.sessionId,
      chunk_index: recording.nextChunk,
      first_seq: first.seq,
      last_seq: last.seq,
      t_start: first.t0,
      t_end: last.t0 + frameRows(last) * last.dt,
      row_count: fresh.reduce((sum, f) => sum + frameRows(f), 0),
      // A channel the bench did not declare is kept exactly (step 0 selects exact storage).
      data: encodeChunk(fresh, (id) => steps.get(id) ?? 0),
    };
  }
}

/**
 * True when `frame` was taken already, given the newest frame taken (its seq, and where the data
 * taken ends). Within one agent run seqs only grow, so a seq not above the last one is a replay;
 * a restarted agent counts from 0 again, but its frames start after everything taken. Timestamps
 * alone would not do: the agent's estimate of a frame's start jitters by more than a sample.
 */
function alreadyHas(lastSeq: number, lastEnd: number, frame: SampleFrame): boolean {
  return frame.seq <= lastSeq && frame.t0 < lastEnd;
}
