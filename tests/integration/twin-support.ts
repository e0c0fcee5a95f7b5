// Shared by the twin acceptance tests: a bench's SPICE twin on a pseudo-terminal, the real agent
// and server, a socket.io client as the browser; commands and frames go the way a student's do.
import path from 'node:path';
import type { BenchDefinition, OutputValue, StreamFrame } from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';
import { loadBenchDefinition, type RunningAgent } from '@remotelab/lab-agent';
import { startVirtualBoard, type SpiceCircuit } from '@remotelab/lab-agent/virtual-board';
import {
  collectFrames,
  connectBrowser,
  startTestAgent,
  startTestServer,
  testWorkspace,
  waitForBench,
  type BrowserSocket,
} from '../support/test-stack.ts';

export interface TwinStack {
  bench: BenchDefinition;
  platform: RunningPlatform;
  board: Awaited<ReturnType<typeof startVirtualBoard>>;
  agent: RunningAgent;
  browser: BrowserSocket;
  /** The board's SPICE model: its stats say whether the solver kept up. */
  twin: SpiceCircuit;
  /** The board's sampling period (ms), from its own cycle times: the period of the rows. */
  cyclePeriodMs(): number;
  close(): Promise<void>;
}

/** Starts server, virtual board (SPICE twin), agent and browser for a bench of firmware-config. */
export async function startTwinStack(benchId: string): Promise<TwinStack> {
  const ws = testWorkspace();
  const bench = await loadBenchDefinition(benchId);
  const link = path.join(ws.dir, `${benchId}.tty`);
  const platform = await startTestServer(ws);
  // A loaded test machine stalls this process now and then. The board catches up with stalls of
  // up to 2 s in its own time instead of treating them as a frozen board: every sampling cycle is
  // sent (late, in a burst), so rows stay one period apart in board time.
  const board = await startVirtualBoard({ bench, linkPath: link, seed: 42, maxCatchUpMs: 2000 });
  const sampledAt: number[] = [];
  board.on('cycle', (cycle) => {
    sampledAt.push(cycle.sampledAt);
    if (sampledAt.length > 2000) sampledAt.splice(0, 1000);
  });
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
    cyclePeriodMs() {
      const n = sampledAt.length;
      if (n < 2) throw new Error('the board has not sampled yet');
      return ((sampledAt[n - 1] ?? 0) - (sampledAt[0] ?? 0)) / (n - 1);
    },
    async close() {
      browser.disconnect();
      await agent.stop();
      await board.close();
      await platform.close();
      ws.cleanup();
    },
  };
}

/** A command as the browser sends it: the ack, refusals included. */
export function commandReply(stack: TwinStack, output: string, value: OutputValue) {
  return stack.browser.emitWithAck('command', { benchId: stack.bench.id, output, value });
}

/** A command as the browser sends it; resolves with the time the agent applied it. */
export async function command(
  stack: TwinStack,
  output: string,
  value: OutputValue,
): Promise<number> {
  const reply = await commandReply(stack, output, value);
  if (reply.status !== 'ok') {
    throw new Error(`command ${output}=${String(value)} refused: ${reply.error.code}`);
  }
  return reply.data.appliedAt;
}

/** One input's samples (time, value) in the frames, timed as the agent placed them. */
export function samplesOf(frames: StreamFrame[], input: string): Array<{ t: number; v: number }> {
  return frames.flatMap((frame) =>
    (frame.channels[input] ?? []).map((v, i) => ({ t: frame.t0 + i * frame.dt, v })),
  );
}

/**
 * The samples after `from` on the board's own time base: row k at k x the board's sampling
 * period. Firmata carries no timestamps, so the agent places rows from their arrival times, which
 * a loaded test machine makes bursty; the board, like a real Uno, samples at a steady period (the
 * line-limited 1.04 ms for two channels at 57600 baud), so counting rows measures time exactly.
 */
export function samplesByRow(
  stack: TwinStack,
  frames: StreamFrame[],
  input: string,
  from: number,
): Array<{ t: number; v: number }> {
  const dt = stack.cyclePeriodMs();
  const rows = samplesOf(frames, input).filter((s) => s.t >= from);
  const t0 = rows[0]?.t ?? from;
  return rows.map((s, k) => ({ t: t0 + k * dt, v: s.v }));
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

/**
 * Sends a command and resolves once the twin reflects it: the board has applied the write (its
 * pin-write event) and the solver has caught up with the board's time. A loaded machine can delay
 * the solver by hundreds of ms (the board holds the last readings meanwhile); waiting on these
 * events instead of a fixed time keeps the measurements honest. Returns when that was.
 */
export async function commandAndCatchUp(
  stack: TwinStack,
  output: string,
  value: OutputValue,
): Promise<number> {
  const applied = new Promise<void>((resolve) =>
    stack.board.emulator.once('pin-write', () => resolve()),
  );
  await command(stack, output, value);
  await applied;
  await stack.twin.caughtUp();
  return Date.now();
}

/**
 * Sets an output and returns the mean of `inputs` over `windowMs` of samples taken once the twin
 * reflects the command and `settleMs` more have passed (the circuit's own settling: a few tau).
 */
export async function settledMeans(
  stack: TwinStack,
  output: string,
  value: OutputValue,
  inputs: readonly string[],
  settleMs = 50,
  windowMs = 150,
): Promise<Record<string, number>> {
  const at = await commandAndCatchUp(stack, output, value);
  const frames = await framesFor(stack, at, settleMs + windowMs);
  const from = at + settleMs;
  return Object.fromEntries(
    inputs.map((input) => [input, meanBetween(frames, input, from, from + windowMs)]),
  );
}

/** Mean of an input over the samples taken in [from, to). */
export function meanBetween(frames: StreamFrame[], input: string, from: number, to: number) {
  const values = samplesOf(frames, input)
    .filter((s) => s.t >= from && s.t < to)
    .map((s) => s.v);
  if (values.length === 0) throw new Error(`no ${input} samples between ${from} and ${to}`);
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
