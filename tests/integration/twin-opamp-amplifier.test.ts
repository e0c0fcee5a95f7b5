// The op-amp twin through the agent: gain 1 + Rf/Rg = 2 in its linear range, clipping 25 mV
// under the 5 V rail above it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledMeans, startTwinStack, type TwinStack } from './twin-support.ts';

describe('twin: op-amp non-inverting amplifier (opamp-amplifier)', () => {
  let stack: TwinStack;

  beforeAll(async () => {
    stack = await startTwinStack('opamp-amplifier');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('amplifies by 2 within 1 % below the rail, and clips at the rail above it', async () => {
    // 7 tau of the input RC filter (0.7 s) before averaging.
    const linear = await settledMeans(stack, 'duty', 30, ['vin', 'vout'], 700);
    const clipped = await settledMeans(stack, 'duty', 70, ['vin', 'vout'], 700);
    console.info('opamp twin', { linear, clipped, solver: stack.twin.stats() });
    expect(linear.vin).toBeCloseTo((77 / 255) * 5, 1); // 30 % -> analogWrite(77)
    expect(Math.abs((linear.vout ?? 0) / (linear.vin ?? 1) - 2) / 2).toBeLessThan(0.01);
    expect(clipped.vin).toBeGreaterThan(3.4);
    expect(Math.abs((clipped.vout ?? 0) - 4.975)).toBeLessThan(0.02);
  });

  it('passes its self-test through the agent', async () => {
    const result = await stack.agent.benches[0]!.runSelfTest('on-demand');
    expect(result.steps.filter((s) => !s.passed)).toEqual([]);
    expect(result.passed).toBe(true);
  }, 20_000);
});
