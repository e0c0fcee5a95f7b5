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

class Recording {
  frames: SampleFrame[] = [];
  lastEnd = -Infinity;
  writes: Promise<void> = Promise.resolve();
  unwritten: ChunkRow[] = [];
  constructor(
    readonly sessionId: string,
    readonly channels: readonly StoredChannel[],
    public nextChunk: number,
  ) {}
}

/**
 * Records every frame of a bench while a session is active on it, as compressed chunks (see
 * chunk-codec.ts), and the commands sent to it. Frames already recorded (an agent replaying after
 * a reconnect) are skipped by time. Writes of one session are chained, so chunks land in order.
 */
export class SessionRecorder {
  private readonly byBench = new Map<string, Recording>();
  private readonly chunkMs: number;
  private readonly maxUnwritten: number;
  private readonly onFrame = (frame: SampleFrame) => this.push(frame);

  constructor(private readonly options: RecorderOptions) {
    this.chunkMs = options.chunkMs ?? 2000;
    this.maxUnwritten = options.maxUnwritten ?? 300;
    options.registry.on('frame', this.onFrame);
  }

  begin(
    sessionId: string,
    benchId: string,
    channels: readonly StoredChannel[],
    nextChunk = 0,
  ): void {
    this.byBench.set(benchId, new Recording(sessionId, channels, nextChunk));
  }

  isRecording(benchId: string): boolean {
    return this.byBench.has(benchId);
  }

  /** The session whose frames this process records on the bench now, if any. */
  sessionOn(benchId: string): string | undefined {
    return this.byBench.get(benchId)?.sessionId;
  }

  /** Stops recording the session and resolves once everything it received is stored. */
  async finish(sessionId: string): Promise<void> {
    for (const [benchId, recording] of this.byBench) {
      if (recording.sessionId !== sessionId) continue;
      this.byBench.delete(benchId);
      this.flush(recording);
      await recording.writes;
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
    const rows = frameRows(frame);
    // A frame that starts before the last one ended was recorded already (a replay).
    if (frame.t0 < recording.lastEnd - frame.dt / 2) return;
    recording.lastEnd = frame.t0 + rows * frame.dt;
    recording.frames.push(frame);
    const first = recording.frames[0]!;
    if (recording.lastEnd - first.t0 >= this.chunkMs) this.flush(recording);
  }

  private flush(recording: Recording): void {
    const frames = recording.frames;
    if (frames.length > 0) {
      recording.frames = [];
      const steps = new Map(recording.channels.map((c) => [c.id, c.step]));
      const last = frames[frames.length - 1]!;
      recording.unwritten.push({
        session_id: recording.sessionId,
        chunk_index: recording.nextChunk++,
        first_seq: frames[0]!.seq,
        last_seq: last.seq,
        t_start: frames[0]!.t0,
        t_end: last.t0 + frameRows(last) * last.dt,
        row_count: frames.reduce((sum, f) => sum + frameRows(f), 0),
        // A channel the bench did not declare is kept exactly (step 0 selects exact storage).
        data: encodeChunk(frames, (id) => steps.get(id) ?? 0),
      });
      if (recording.unwritten.length > this.maxUnwritten) {
        const dropped = recording.unwritten.splice(
          0,
          recording.unwritten.length - this.maxUnwritten,
        );
        this.options.logger.error(
          { sessionId: recording.sessionId, chunks: dropped.length },
          'recording chunks dropped: the database refuses writes',
        );
      }
    }
    recording.writes = recording.writes.then(() => this.write(recording));
  }

  private async write(recording: Recording): Promise<void> {
    while (recording.unwritten.length > 0) {
      const chunk = recording.unwritten[0]!;
      try {
        await this.options.db.insertInto('recording_chunks').values(chunk).execute();
      } catch (error) {
        // Kept for the next flush: a database hiccup costs latency, not data.
        this.options.logger.warn(
          { err: error, sessionId: recording.sessionId },
          'could not store a recording chunk; will retry',
        );
        return;
      }
      recording.unwritten.shift();
    }
  }
}
