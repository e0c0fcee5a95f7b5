// Acceptance (issue 3): the RC low-pass twin, driven like the real bench through the agent and
// the server, has the time constant of its theory, tau = R C = 10 kOhm x 10 uF = 100 ms, to 5 %.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  command,
  framesFor,
  meanBetween,
  samplesByRow,
  startTwinStack,
  type TwinStack,
} from './twin-support.ts';

const TAU_S = 0.1;

/**
 * Fits v(t) = vEnd + (v0 - vEnd) exp(-t / tau) by a least-squares line through
 * ln |v - vEnd| over the samples between 10 % and 90 % of the swing: independent of when the
 * step reached the board, of the ADC offset, and of the first readings the solver answered late.
 */
function fitTau(samples: Array<{ t: number; v: number }>, v0: number, vEnd: number): number {
  const swing = vEnd - v0;
  const points = samples
    .map(({ t, v }) => ({ t: t / 1000, f: (v - v0) / swing }))
    .filter(({ f }) => f > 0.1 && f < 0.9)
    .map(({ t, f }) => ({ x: t, y: Math.log(1 - f) }));
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const slope =
    points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) /
    points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return -1 / slope;
}

describe('twin: RC low-pass (rc-filter)', () => {
  let stack: TwinStack;

  beforeAll(async () => {
    stack = await startTwinStack('rc-filter');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('charges and discharges with tau = 100 ms +- 5 %', async () => {
    await command(stack, 'duty', 0);
    const settle = await framesFor(stack, Date.now(), 1000);
    const vLow = meanBetween(settle, 'vout', Date.now() - 200, Date.now());
    const up = await command(stack, 'duty', 100);
    // 10 tau: the end value is within 0.005 % of the asymptote, so it does not bias the fit.
    const rising = await framesFor(stack, up, 1000);
    const down = await command(stack, 'duty', 0);
    const falling = await framesFor(stack, down, 1000);

    const vHigh = meanBetween(rising, 'vout', up + 900, up + 1000);
    const tauUp = fitTau(samplesByRow(stack, rising, 'vout', up), vLow, vHigh);
    const tauDown = fitTau(samplesByRow(stack, falling, 'vout', down), vHigh, vLow);
    const cycleMs = stack.cyclePeriodMs();
    console.info('rc-filter twin', {
      tauUp,
      tauDown,
      vLow,
      vHigh,
      cycleMs,
      solver: stack.twin.stats(),
    });
    expect(vLow).toBeLessThan(0.02);
    expect(vHigh).toBeGreaterThan(4.98);
    expect(Math.abs(tauUp - TAU_S) / TAU_S).toBeLessThan(0.05);
    expect(Math.abs(tauDown - TAU_S) / TAU_S).toBeLessThan(0.05);
  });

  it('passes its self-test through the agent', async () => {
    const result = await stack.agent.benches[0]!.runSelfTest('on-demand');
    expect(result.steps.filter((s) => !s.passed)).toEqual([]);
    expect(result.passed).toBe(true);
  }, 20_000);
});
