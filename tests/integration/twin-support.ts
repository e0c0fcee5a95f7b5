// Shared by the twin acceptance tests: a bench's SPICE twin on a pseudo-terminal, the real agent
// and server, a socket.io client as the browser; commands and frames go the way a student's do.
import path from 'node:path';
import type { BenchDefinition, OutputValue, StreamFrame } from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';
import { loadBenchDefinition, type RunningAgent } from '@remotelab/lab-agent';
import type { SpiceCircuit } from '@remotelab/lab-agent/virtual-board';
import {
  collectFrames,
  connectBrowser,
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
  type BrowserSocket,
} from '../support/test-stack.ts';

export interface TwinStack {
  bench: BenchDefinition;
  platform: RunningPlatform;
  board: Awaited<ReturnType<typeof startTestBoard>>;
  agent: RunningAgent;
  browser: BrowserSocket;
  /** The board's SPICE model: its stats say whether the solver kept up. */
  twin: SpiceCircuit;
  close(): Promise<void>;
}

/** Starts server, virtual board (SPICE twin), agent and browser for a bench of firmware-config. */
export async function startTwinStack(benchId: string): Promise<TwinStack> {
  const ws = testWorkspace();
  const bench = await loadBenchDefinition(benchId);
  const link = path.join(ws.dir, `${benchId}.tty`);
  const platform = await startTestServer(ws);
  const board = await startTestBoard(bench, link);
  const agent = startTestAgent(platform, ws, [{ definition: bench, port: link }]);
  await waitForBench(platform, benchId, (status) => status === 'online');
  const browser = await connectBrowser(platform);
  const reply = await browser.emitWithAck('bench:subscribe', { benchId });
  if (reply.status !== 'ok') throw new Error(`cannot subscribe to ${benchId}`);
  return {
    bench,
    platform,
    board,
    agent,
    browser,
    twin: board.model as SpiceCircuit,
    async close() {
      browser.disconnect();
      await agent.stop();
      await board.close();
      await platform.close();
      ws.cleanup();
    },
  };
}

/** A command as the browser sends it; resolves with the time the agent applied it. */
export async function command(
  stack: TwinStack,
  output: string,
  value: OutputValue,
): Promise<number> {
  const reply = await stack.browser.emitWithAck('command', {
    benchId: stack.bench.id,
    output,
    value,
  });
  if (reply.status !== 'ok') {
    throw new Error(`command ${output}=${String(value)} refused: ${reply.error.code}`);
  }
  return reply.data.appliedAt;
}

/** One input's samples (time, value) in the frames. */
export function samplesOf(frames: StreamFrame[], input: string): Array<{ t: number; v: number }> {
  return frames.flatMap((frame) =>
    (frame.channels[input] ?? []).map((v, i) => ({ t: frame.t0 + i * frame.dt, v })),
  );
}

/** Frames until `ms` of samples taken after `since` have arrived. */
export function framesFor(stack: TwinStack, since: number, ms: number): Promise<StreamFrame[]> {
  return collectFrames(stack.browser, (frames) => {
    const last = frames.at(-1);
    if (!last) return false;
    const rows = Object.values(last.channels)[0]?.length ?? 0;
    return last.t0 + rows * last.dt >= since + ms;
  });
}

/** Mean of an input over the samples taken in [from, to). */
export function meanBetween(frames: StreamFrame[], input: string, from: number, to: number) {
  const values = samplesOf(frames, input)
    .filter((s) => s.t >= from && s.t < to)
    .map((s) => s.v);
  if (values.length === 0) throw new Error(`no ${input} samples between ${from} and ${to}`);
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
