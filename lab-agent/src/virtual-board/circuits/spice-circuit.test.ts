// The SPICE twin against ngspice itself (eecircuit-engine in its worker): chunked solving must
// give the analytic answers and the same waveform as one long run.
import { afterEach, describe, expect, it } from 'vitest';
import { PIN_MODE_OUTPUT, PIN_MODE_PWM } from '../firmata-constants.ts';
import { CircuitModelError } from './circuit-model.ts';
import type { PinOutputs } from './circuit-model.ts';
import { pinDrive } from './node-drive.ts';
import { SpiceCircuit } from './spice-circuit.ts';
import type { SpiceCircuitOptions } from './spice-circuit.ts';
import type { SpiceSolverHandle } from './spice-solver.ts';

const RC = 'R1 pwm out 10k\nC1 out 0 10u'; // tau = 100 ms
const TAU_MS = 100;

/** Pin 9 in PWM mode at `duty` (0..255). */
function pwm(duty: number): PinOutputs {
  return {
    modeOf: (pin) => (pin === 9 ? PIN_MODE_PWM : PIN_MODE_OUTPUT),
    digitalLevelOf: () => 0,
    pwmDutyOf: (pin) => (pin === 9 ? duty : 0),
  };
}

const circuits: SpiceCircuit[] = [];
afterEach(() => {
  for (const circuit of circuits.splice(0)) circuit.close();
});

function twin(options: Partial<SpiceCircuitOptions> = {}): SpiceCircuit {
  const circuit = new SpiceCircuit({
    benchId: 'test',
    netlist: RC,
    drives: [{ node: 'pwm', of: (outputs) => pinDrive(outputs, 9) }],
    probes: [{ inputId: 'vout', expr: 'v(out)', channel: 0 }],
    noiseLsb: 0,
    seed: 1,
    ...options,
  });
  circuits.push(circuit);
  return circuit;
}

// ngspice runs in a worker that a loaded machine starves: generous time, no timing assertions.
describe('SpiceCircuit', { timeout: 30_000 }, () => {
  it('charges C like 5 V (1 - exp(-t / RC)) after a PWM step, across chunks', async () => {
    const rc = twin();
    await rc.ready();
    rc.outputsChanged(0, pwm(0));
    rc.outputsChanged(50, pwm(255));
    await rc.solvedThrough(50 + 5 * TAU_MS);
    for (const dt of [1, 10, 99]) {
      expect(rc.readProbe('vout', 50 + dt)).toBeCloseTo(5 * (1 - Math.exp(-dt / TAU_MS)), 4);
    }
    // 63.2 % one tau after the step, through the 10-bit ADC.
    expect(rc.readAnalog(0, 50 + TAU_MS)).toBe(Math.round((1 - Math.exp(-1)) * 1023));
    for (const dt of [250, 499]) {
      expect(rc.readProbe('vout', 50 + dt)).toBeCloseTo(5 * (1 - Math.exp(-dt / TAU_MS)), 4);
    }
    expect(rc.stats()).toMatchObject({ staleReads: 0, discardedChunks: 0 });
    expect(rc.stats().chunks).toBeGreaterThanOrEqual(3);
  });

  it('chains 20 ms chunks to the same waveform as 1 s chunks (state carried by .ic / IC=)', async () => {
    // A nonlinear op-amp stage behind an RC, and an RL branch whose state is a current.
    const netlist = [
      RC,
      'Rf o fb 10k',
      'Rg fb 0 10k',
      'Bop o 0 V=max(0.025, min(4.975, 1e5*(v(out)-v(fb))))',
      'Rl pwm l 100',
      'L1 l 0 1',
    ].join('\n');
    const probes = [
      { inputId: 'vout', expr: 'v(o)' },
      { inputId: 'il', expr: 'i(vtwin_d0)' },
    ];
    const run = async (chunkMs: number) => {
      const circuit = twin({ netlist, probes, chunkMs, leadMs: 0 });
      await circuit.ready();
      const rows: number[][] = [];
      const read = (from: number, to: number) => {
        for (let t = from; t <= to; t += 5) {
          rows.push([circuit.readProbe('vout', t) ?? NaN, circuit.readProbe('il', t) ?? NaN]);
        }
      };
      circuit.outputsChanged(0, pwm(255));
      await circuit.solvedThrough(150);
      read(5, 150);
      circuit.outputsChanged(150, pwm(64));
      await circuit.solvedThrough(400);
      read(155, 400);
      return { rows, stats: circuit.stats() };
    };
    const short = await run(20);
    const long = await run(1000);
    expect(short.stats.chunks).toBeGreaterThanOrEqual(20);
    expect(long.stats.chunks).toBe(2);
    // Rows fall at other instants in the two runs, so linear interpolation on the 1 ms grid
    // differs by up to ~1e-4 V (0.02 LSB of the ADC) and ~6e-5 A on the 10 ms RL transient.
    short.rows.forEach(([vout, il], i) => {
      expect(Math.abs((vout ?? NaN) - (long.rows[i]?.[0] ?? NaN))).toBeLessThan(5e-4);
      expect(Math.abs((il ?? NaN) - (long.rows[i]?.[1] ?? NaN))).toBeLessThan(1e-4);
    });
    const at145 = long.rows[28] ?? []; // t = 145 ms, before the duty drops
    // The gain-2 stage clips at the upper rail while its input is above 2.49 V.
    expect(at145[0]).toBeCloseTo(4.975, 6);
    // L/R = 10 ms: the inductor has settled at 5 V / 100 Ohm; the source also feeds C through R1
    // (current out of a source's + node counts negative).
    expect(at145[1]).toBeCloseTo(-(0.05 + (5 * Math.exp(-1.45)) / 10_000), 5);
  });

  it('re-solves from the instant an output changes inside the solved span', async () => {
    const rc = twin({ chunkMs: 400, leadMs: 400 });
    await rc.ready();
    rc.outputsChanged(0, pwm(255));
    await rc.solvedThrough(400);
    const before = rc.readProbe('vout', 100);
    rc.outputsChanged(200, pwm(0));
    await rc.solvedThrough(300);
    expect(before).toBeCloseTo(5 * (1 - Math.exp(-1)), 4);
    const at200 = 5 * (1 - Math.exp(-2));
    expect(rc.readProbe('vout', 200)).toBeCloseTo(at200, 4);
    expect(rc.readProbe('vout', 300)).toBeCloseTo(at200 * Math.exp(-1), 4);
  });

  it('holds the last value and counts stale reads while the solver is behind', async () => {
    let runs = 0;
    const stuck: SpiceSolverHandle = {
      ready: () => Promise.resolve(),
      // The warm-up run answers; every later run hangs, as a solver that cannot keep up.
      solve: () => {
        runs += 1;
        if (runs > 1) return new Promise(() => undefined);
        const columns = [Float64Array.of(0.001), Float64Array.of(0)];
        return Promise.resolve({
          names: ['time', 'v(twin_p0)'],
          columns,
          warnings: [],
          solveMs: 1,
        });
      },
      stats: () => ({ startMs: 0, workersStarted: 1, runs, failures: 0, solveMsTotal: 0 }),
      release: () => undefined,
    };
    const rc = twin({ solver: stuck });
    await rc.ready();
    rc.outputsChanged(0, pwm(255));
    expect(runs).toBe(2); // the first chunk is in flight
    expect([rc.readAnalog(0, 1), rc.readAnalog(0, 2), rc.readProbe('vout', 3)]).toEqual([0, 0, 0]);
    expect(rc.stats()).toMatchObject({ staleReads: 3, chunks: 0 });
    expect(runs).toBe(2); // no second run is queued behind the stuck one
  });

  it('refuses a netlist ngspice cannot use, quoting ngspice', async () => {
    const broken = twin({ netlist: 'R1 pwm out 10k\nD1 out 0 NOSUCHMODEL' });
    const error = await broken.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitModelError);
    expect((error as Error).message).toMatch(/bench "test".*nosuchmodel/i);
  });

  it('adds seeded gaussian noise of noiseLsb to ADC readings', async () => {
    const read = async (seed: number) => {
      const rc = twin({ noiseLsb: 3, seed });
      await rc.ready();
      rc.outputsChanged(0, pwm(128));
      await rc.solvedThrough(2000);
      return Array.from({ length: 1000 }, (_, i) => rc.readAnalog(0, 1000 + i));
    };
    const a = await read(7);
    expect(await read(7)).toEqual(a);
    expect(await read(8)).not.toEqual(a);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
    // 10 tau after the step the capacitor sits at 128/255 x 5 V.
    expect(mean).toBeCloseTo((128 / 255) * 1023, 0);
    expect(sd).toBeGreaterThan(2.6);
    expect(sd).toBeLessThan(3.4);
  });
});
