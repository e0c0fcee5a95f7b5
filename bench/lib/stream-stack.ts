/**
 * The set-up every row of `npm run bench:stream` shares: a counter bench of analog inputs, and a
 * real server and agent (tests/support/test-stack.ts) serving it from whatever board the row
 * started on its serial path.
 */
import {
  BenchDefinitionSchema,
  decodeStreamFrame,
  type BenchDefinition,
  type PackedStreamFrame,
  type StreamFrame,
} from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';
import type { AgentOptions, RunningAgent } from '@remotelab/lab-agent';
import {
  startTestAgent,
  startTestServer,
  waitForBench,
  type BrowserSocket,
  type testWorkspace,
} from '../../tests/support/test-stack.ts';
import { delay, percentile } from './stats.ts';

/** Converts a raw 10-bit reading back from the volts a frame carries. */
export const VOLTS_PER_LSB = 5 / 1023;

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();

/**
 * `channels` analog inputs a0, a1, ... sampled every 1 ms in 50 ms frames on the board at `path`,
 * with the counter twin (each input reads its cycle number mod 1024). `extra` adds fields of the
 * definition (outputs, safety) for the rows that send commands.
 */
export function streamBench(
  id: string,
  board: { path: string; baud: number },
  channels: number,
  extra: Record<string, unknown> = {},
): BenchDefinition {
  return BenchDefinitionSchema.parse({
    id,
    name: id,
    board,
    sampling: { intervalMs: 1, frameMs: 50 },
    inputs: Array.from({ length: channels }, (_, i) => ({
      kind: 'analog-in',
      id: `a${i}`,
      label: `A${i}`,
      pin: `A${i}`,
    })),
    twin: { model: 'counter' },
    ...extra,
  });
}

export interface StreamStack {
  platform: RunningPlatform;
  agent: RunningAgent;
  /** Stops the agent, then the server. */
  close(): Promise<void>;
}

/**
 * Starts a server and an agent for `bench`, its board already listening on `port`, and resolves
 * once the server sees the bench online.
 */
export async function startStreamStack(
  ws: ReturnType<typeof testWorkspace>,
  bench: BenchDefinition,
  port: string,
  agentOptions: Partial<Omit<AgentOptions, 'agentId'>> = {},
): Promise<StreamStack> {
  const platform = await startTestServer(ws);
  const online = waitForBench(platform, bench.id, (status) => status === 'online');
  const agent = startTestAgent(platform, ws, [{ definition: bench, port }], agentOptions);
  await online;
  return {
    platform,
    agent,
    close: async () => {
      await agent.stop();
      await platform.close();
    },
  };
}

/**
 * Subscribes `client` to the frames of `benchId` (decoding and acking each), lets the stream
 * settle for `warmUpMs`, then measures for `measureMs`. Every frame goes to `onFrame` with its
 * arrival time, warm-up ones with `measuring` false so a row can follow the stream through them.
 * Resolves with the seconds measured and the breaks in the frame sequence seen meanwhile.
 */
export async function measureStream(
  client: BrowserSocket,
  benchId: string,
  { warmUpMs, measureMs }: { warmUpMs: number; measureMs: number },
  onFrame: (frame: StreamFrame, receivedAt: number, measuring: boolean) => void,
): Promise<{ seconds: number; frameGaps: number }> {
  let measuring = false;
  let frameGaps = 0;
  let lastSeq: number | undefined;
  const listener = (packed: PackedStreamFrame, ack: () => void) => {
    ack();
    const frame = decodeStreamFrame(packed);
    if (!frame) throw new Error('malformed frame');
    const receivedAt = now();
    if (measuring && lastSeq !== undefined && frame.firstSeq !== lastSeq + 1) frameGaps += 1;
    lastSeq = frame.seq;
    onFrame(frame, receivedAt, measuring);
  };
  client.on('frame', listener);
  await client.emitWithAck('bench:subscribe', { benchId });
  await delay(warmUpMs);
  measuring = true;
  const startedAt = now();
  await delay(measureMs);
  measuring = false;
  const seconds = (now() - startedAt) / 1000;
  client.off('frame', listener);
  return { seconds, frameGaps };
}

/** The figures every stream row prints. */
export interface StreamFigures {
  channels: number;
  /** Samples/s the board produces. */
  offered: number;
  /** Samples/s the serial line can carry: baud / 30 (3-byte reports, 10 bits per byte). */
  ceiling: number;
  /** Samples/s that reached the client. */
  delivered: number;
  /** delivered / min(offered, ceiling). */
  ratio: number;
  frameGaps: number;
  p50: number;
  p99: number;
}

/** The figures of a row from what it counted over `seconds` of measuring. */
export function streamFigures(measured: {
  channels: number;
  offered: number;
  baud: number;
  samples: number;
  seconds: number;
  frameGaps: number;
  latencies: readonly number[];
}): StreamFigures {
  const { channels, offered, frameGaps, latencies } = measured;
  const ceiling = measured.baud / 30;
  const delivered = measured.samples / measured.seconds;
  return {
    channels,
    offered,
    ceiling,
    delivered,
    ratio: delivered / Math.min(offered, ceiling),
    frameGaps,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}
