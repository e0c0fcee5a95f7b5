// Every bench in firmware-config/benches with a SPICE twin: the netlist is accepted by ngspice
// and the bench's own self-test passes on its twin, steps driven through the emulated firmware.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BENCH_DIR, loadBenchDefinition } from '../bench-config/load-bench-definition.ts';
import { TwinBenchHarness } from './testing/twin-bench-harness.ts';

const BENCH_IDS = readdirSync(DEFAULT_BENCH_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''));

let harness: TwinBenchHarness | undefined;
afterEach(() => harness?.close());

// ngspice runs in a worker that a loaded machine starves: generous time, no timing assertions.
describe('bench twins', { timeout: 60_000 }, () => {
  it('covers the four benches of issue 3', () => {
    expect(BENCH_IDS.sort()).toEqual(['led-iv', 'opamp-amplifier', 'rc-filter', 'voltage-divider']);
  });

  it.each(BENCH_IDS)('%s: the self-test passes on the SPICE twin', async (id) => {
    const bench = await loadBenchDefinition(id);
    expect(bench.twin?.model).toBe('spice');
    expect(bench.selfTest?.steps.length).toBeGreaterThan(0);
    harness = new TwinBenchHarness(bench);
    await harness.model.ready();
    const failures: string[] = [];
    for (const step of bench.selfTest?.steps ?? []) {
      for (const [outputId, value] of Object.entries(step.set)) harness.set(outputId, value);
      await harness.wait(step.waitMs);
      for (const { input, value, tolerance } of step.expect) {
        const measured = await harness.mean(input);
        if (!(Math.abs(measured - value) <= tolerance)) {
          failures.push(
            `${step.name}: ${input} = ${measured.toFixed(4)}, expected ${value} +- ${tolerance}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(harness.model.stats()).toMatchObject({ failures: 0 });
  });
});
