/**
 * npm run bench:twin
 *
 * What the SPICE twins cost. (1) For each bench of firmware-config/benches, one ngspice run of a
 * 100 ms and a 200 ms chunk at a 1 ms step, from a charged state, repeated: min / median / p90 of
 * the engine's wall time (in its worker). The minimum is the engine's own cost; the median and
 * p90 show what a busy machine adds. (2) The rc-filter twin running in real time as a virtual
 * board (2 channels reported every 1 ms, the line-limited ~960 cycles/s, the duty stepped every
 * 500 ms), after a 3 s warm-up: process CPU time per second of wall time (all threads, i.e.
 * share of one core), against the closed-form rc-lowpass model, and the twin's counters (stale
 * reads, runs).
 * Figures, not a pass/fail test.
 */
import { readdirSync } from 'node:fs';
import { DEFAULT_BENCH_DIR, loadBenchDefinition } from '@remotelab/lab-agent';
import { InMemoryVirtualBoard } from '@remotelab/lab-agent/virtual-board';
import { acquireSpiceSolver, buildChunkDeck } from '@remotelab/lab-agent/testing';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const LIVE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function chunkCosts(): Promise<void> {
  const solver = acquireSpiceSolver();
  await solver.ready();
  console.log(`engine start: ${solver.stats().startMs.toFixed(0)} ms`);
  console.log('bench             chunk   min ms  median ms  p90 ms  (1 ms step)');
  for (const file of readdirSync(DEFAULT_BENCH_DIR).filter((f) => f.endsWith('.yaml'))) {
    const bench = await loadBenchDefinition(file.replace(/\.yaml$/, ''));
    const twin = bench.twin;
    if (twin?.model !== 'spice' || !twin.netlist) continue;
    for (const durationMs of [100, 200]) {
      const costs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const deck = buildChunkDeck({
          netlist: twin.netlist,
          drives: twin.drives.map(({ node }) => ({ node, drive: { kind: 'source', volts: 4 } })),
          probes: twin.probes.map((p) => p.expr),
          initial: new Map(),
          startMs: 1000 * i,
          durationMs,
          stepMs: 1,
        });
        costs.push((await solver.solve(deck)).solveMs);
      }
      costs.sort((a, b) => a - b);
      const row = [quantile(costs, 0), quantile(costs, 0.5), quantile(costs, 0.9)];
      console.log(
        `${bench.id.padEnd(17)} ${String(durationMs).padStart(3)} ms ${row.map((x) => x.toFixed(1).padStart(8)).join(' ')}`,
      );
    }
  }
  solver.release();
}

/** The rc-filter bench on an in-memory board in real time; returns CPU share and model stats. */
async function live(model: 'spice' | 'rc-lowpass') {
  const bench = await loadBenchDefinition('rc-filter');
  const board = new InMemoryVirtualBoard({ bench, model, tickMs: 2 });
  await board.model.ready?.();
  const send = (...bytes: number[]) => board.receive(Uint8Array.from(bytes));
  send(0xf0, 0x7a, 1, 0, 0xf7); // SAMPLING_INTERVAL 1 ms
  send(0xf4, 9, 3); // pin 9 PWM
  send(0xc0, 1); // report A0
  send(0xc1, 1); // report A1
  let duty = 0;
  const stepper = setInterval(() => {
    duty = duty === 0 ? 255 : 0;
    send(0xe9, duty & 0x7f, duty >> 7);
  }, 500);
  // Warm-up: the second engine starts at the first output change (~0.7 s of CPU, once).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const before = board.model.stats?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, LIVE_MS));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  clearInterval(stepper);
  const after = board.model.stats?.();
  board.close();
  const stale = after && before ? after.staleReads - before.staleReads : 0;
  return { model, coreShare: (cpu.user + cpu.system) / 1000 / wall, stale, stats: after };
}

await chunkCosts();
for (const model of ['rc-lowpass', 'spice'] as const) {
  const result = await live(model);
  console.log(
    `live rc-filter, ${model}: ${(result.coreShare * 100).toFixed(1)} % of a core (all threads),`,
    `${result.stale} stale reads in ${LIVE_MS / 1000} s (${LIVE_MS / 500} output changes)`,
    result.stats ?? '',
  );
}
process.exit(0);
