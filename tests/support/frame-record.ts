import {
  BenchDefinitionSchema,
  type BenchDefinition,
  type BenchDefinitionInput,
  type SampleFrame,
} from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';

/**
 * The frames a server recorded for one bench (its registry's `frame` events: what is stored and
 * relayed, after the server dropped replayed duplicates), in arrival order.
 */
export function recordFrames(platform: RunningPlatform, benchId: string): SampleFrame[] {
  const frames: SampleFrame[] = [];
  platform.registry.on('frame', (frame) => {
    if (frame.benchId === benchId) frames.push(frame);
  });
  return frames;
}

/**
 * Splits recorded seqs into agent runs (a run starts again at 0) and lists, per run, what is
 * wrong with it: a seq missing or recorded twice. An empty list means no gap.
 */
export function sequenceProblems(frames: readonly SampleFrame[]): {
  runs: number[][];
  problems: string[];
} {
  const runs: number[][] = [];
  for (const { seq } of frames) {
    if (seq === 0 || runs.length === 0) runs.push([]);
    runs.at(-1)!.push(seq);
  }
  const problems: string[] = [];
  runs.forEach((run, r) => {
    const sorted = [...run].sort((a, b) => a - b);
    sorted.forEach((seq, i) => {
      if (i === 0) return;
      if (seq === sorted[i - 1]) problems.push(`run ${r}: seq ${seq} recorded twice`);
      else if (seq !== sorted[i - 1]! + 1)
        problems.push(`run ${r}: seqs ${sorted[i - 1]! + 1}..${seq - 1} missing`);
    });
  });
  return { runs, problems };
}

/** Resolves when `check` holds, testing it on each event of `subscribe`; fails after `timeoutMs`. */
export function waitUntil(
  subscribe: (onEvent: () => void) => () => void,
  check: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve(Date.now());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(Date.now());
    });
  });
}

/** A small RC bench on a cheap twin (no ngspice), sampled every 10 ms, as written in YAML. */
export function faultBenchInput(id: string): BenchDefinitionInput {
  return {
    id,
    name: `RC ${id}`,
    board: { path: '/dev/null' },
    sampling: { intervalMs: 10, frameMs: 50 },
    inputs: [
      { kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0' },
      { kind: 'analog-in', id: 'ref', label: 'Ref', pin: 'A1' },
    ],
    outputs: [
      { kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, safe: 0 },
      { kind: 'digital-out', id: 'led', label: 'LED', pin: 13 },
    ],
    twin: {
      model: 'rc-lowpass',
      params: { pwmPin: 9, outputPin: 0, sinePin: 1, resistanceOhm: 10_000, capacitanceF: 1e-5 },
    },
  };
}

export function faultBench(id: string): BenchDefinition {
  return BenchDefinitionSchema.parse(faultBenchInput(id));
}
