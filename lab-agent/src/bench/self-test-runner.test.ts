import { describe, expect, it } from 'vitest';
import { BenchDefinitionSchema } from '@remotelab/protocol';
import { runSelfTest, type SelfTestBench } from './self-test-runner.ts';

const definition = BenchDefinitionSchema.parse({
  id: 'rc-unit',
  name: 'RC',
  board: { path: '/dev/null' },
  inputs: [{ kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0' }],
  outputs: [{ kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, safe: 0 }],
  selfTest: { steps: [{ name: 'Driven', set: { duty: 50 }, waitMs: 0, expect: [] }] },
});

function bench(safeState: () => Promise<void>): SelfTestBench {
  return {
    definition,
    write: async () => undefined,
    readyAt: () => 0,
    nextFrame: async () => undefined,
    safeState,
    sleep: async () => undefined,
    now: () => 1_000,
  };
}

describe('runSelfTest', () => {
  it('passes when every step passes and the bench ends in its safe state', async () => {
    const result = await runSelfTest(
      bench(async () => undefined),
      'on-demand',
    );
    expect(result).toMatchObject({ passed: true });
    expect(result.detail).toBeUndefined();
  });

  it('fails with the reason, never vanishes, when the final safe state is not reached', async () => {
    const result = await runSelfTest(
      bench(async () => {
        throw new Error('pin 9 pwm 0 was not taken');
      }),
      'on-demand',
    );
    expect(result.passed).toBe(false);
    expect(result.detail).toBe('safe state not reached after the test: pin 9 pwm 0 was not taken');
  });
});
