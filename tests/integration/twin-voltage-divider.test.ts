// Acceptance (issue 3): the relay-switched voltage divider twin, driven through the agent, gives
// the divider ratios of its resistors within 1 %, and its interlocks hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commandReply,
  framesFor,
  meanBetween,
  settledMeans,
  startTwinStack,
  type TwinStack,
} from './twin-support.ts';

const R_TOP = 1000;
const R_SENSE = 470;
const RELAYS = [
  { relay: 'k1', ohms: 1000 },
  { relay: 'k2', ohms: 2200 },
  { relay: 'k3', ohms: 4700 },
] as const;
const INPUTS = ['top', 'mid', 'sense'] as const;

describe("twin: voltage divider and Ohm's law (voltage-divider)", () => {
  let stack: TwinStack;

  beforeAll(async () => {
    stack = await startTwinStack('voltage-divider');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('sits at the supply with every relay open (no current)', async () => {
    const open = await settledMeans(stack, 'power', true, INPUTS);
    expect(open.top).toBeGreaterThan(4.97);
    expect(Math.abs((open.mid ?? 0) - (open.top ?? 0))).toBeLessThan(0.01);
    expect(open.sense).toBeLessThan(0.01);
  });

  it.each(RELAYS)(
    '$relay: ratio (R + 470) / (1 k + R + 470) within 1 %, R by Ohm within 2 %',
    async ({ relay, ohms }) => {
      const m = await settledMeans(stack, relay, true, INPUTS);
      await settledMeans(stack, relay, false, [], 0, 0);
      const ratio = (m.mid ?? NaN) / (m.top ?? NaN);
      const theory = (ohms + R_SENSE) / (R_TOP + ohms + R_SENSE);
      const current = (m.sense ?? NaN) / R_SENSE;
      const measuredOhms = ((m.mid ?? NaN) - (m.sense ?? NaN)) / current;
      console.info('voltage-divider twin', relay, { ratio, theory, measuredOhms, ohms });
      expect(Math.abs(ratio - theory) / theory).toBeLessThan(0.01);
      expect(Math.abs(measuredOhms - ohms) / ohms).toBeLessThan(0.02);
    },
  );

  it('refuses a second relay with INTERLOCK and leaves the first one alone', async () => {
    const closed = await settledMeans(stack, 'k1', true, ['mid']);
    const refused = await commandReply(stack, 'k2', true);
    expect(refused).toMatchObject({ status: 'error', error: { code: 'INTERLOCK' } });
    const after = Date.now();
    const still = meanBetween(await framesFor(stack, after, 200), 'mid', after, after + 200);
    expect(Math.abs(still - (closed.mid ?? 0))).toBeLessThan(0.02);
    await settledMeans(stack, 'k1', false, [], 0, 0);
    expect(stack.board.emulator.outputs.digitalLevelOf(4)).toBe(0); // K2's pin never went high
  });

  it('passes its self-test through the agent', async () => {
    const result = await stack.agent.benches[0]!.runSelfTest('on-demand');
    expect(result.steps.filter((s) => !s.passed)).toEqual([]);
    expect(result.passed).toBe(true);
  }, 20_000);
});
