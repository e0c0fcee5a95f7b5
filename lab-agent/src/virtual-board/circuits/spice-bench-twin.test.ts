import { describe, expect, it } from 'vitest';
import { BenchDefinitionSchema, type BenchDefinitionInput } from '@remotelab/protocol';
import { CircuitModelError } from './circuit-model.ts';
import { createSpiceTwin } from './spice-bench-twin.ts';

/** A minimal spice bench; `twin` overrides its twin block. */
function bench(twin: Partial<NonNullable<BenchDefinitionInput['twin']>>) {
  return BenchDefinitionSchema.parse({
    id: 'probe',
    name: 'Probe',
    board: { path: '/dev/null' },
    inputs: [
      { kind: 'analog-in', id: 'out', label: 'Out', pin: 'A0' },
      { kind: 'digital-in', id: 'button', label: 'Button', pin: 2 },
    ],
    outputs: [{ kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9 }],
    twin: {
      model: 'spice',
      netlist: 'R1 pwm out 10k\nC1 out 0 10u',
      drives: [{ output: 'duty', node: 'pwm' }],
      probes: [{ input: 'out', expr: 'v(out)' }],
      ...twin,
    },
  });
}

describe('createSpiceTwin', () => {
  it('names the bench and the line of a netlist it refuses', () => {
    const build = () => createSpiceTwin(bench({ netlist: 'R1 pwm out 10k\n.tran 1m 1' }), 1);
    expect(build).toThrowError(CircuitModelError);
    expect(build).toThrowError(/Bench "probe": netlist line 2 .*\.tran is not allowed/);
  });

  it('refuses probes on digital inputs, twice on one input, or cut at a comma', () => {
    expect(() =>
      createSpiceTwin(bench({ probes: [{ input: 'button', expr: 'v(out)' }] }), 1),
    ).toThrowError(/probes "button", which is not an analog or INA219 input/);
    expect(() =>
      createSpiceTwin(
        bench({
          probes: [
            { input: 'out', expr: 'v(out)' },
            { input: 'out', expr: 'v(pwm)' },
          ],
        }),
        1,
      ),
    ).toThrowError(/input "out" is probed twice/);
    expect(() =>
      createSpiceTwin(bench({ probes: [{ input: 'out', expr: 'v(out' }] }), 1),
    ).toThrowError(/parentheses of probe "v\(out" do not balance/);
  });

  it('builds a twin that reads A0 and nothing on the other channels', () => {
    const twin = createSpiceTwin(bench({}), 1);
    try {
      expect(twin.name).toBe('spice');
      expect(twin.readAnalog(1, 0)).toBe(0);
      expect(twin.readProbe('nothing', 0)).toBeUndefined();
    } finally {
      twin.close();
    }
  });
});
