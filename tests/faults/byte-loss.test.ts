import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchDefinitionSchema, type SelfTestResult } from '@remotelab/protocol';
import type { RunningPlatform } from '@remotelab/server';
import type { RunningAgent } from '@remotelab/lab-agent';
import {
  startTestAgent,
  startTestBoard,
  startTestServer,
  testWorkspace,
  waitForBench,
} from '../support/test-stack.ts';
import { faultBenchInput } from '../support/frame-record.ts';

/** ANALOG_MESSAGE for pin 9: the command byte of every PWM write to the RC bench's duty pin. */
const PWM_PIN_9 = 0xe9;

/**
 * Bytes lost on the wire between the agent and the board: the agent reads each write back from
 * the board, so a write the board never took is refused as NOT_APPLIED, never acked as ok, and
 * the bench is self-tested at once (here: quarantined, since the loss persists).
 */
describe('a command whose bytes are lost on the link', { timeout: 30_000 }, () => {
  const ws = testWorkspace();
  const bench = BenchDefinitionSchema.parse({
    ...faultBenchInput('rc-byte-loss'),
    selfTest: {
      steps: [
        { name: 'Discharged', set: { duty: 0 }, waitMs: 50, expect: [] },
        { name: 'Driven', set: { duty: 50 }, waitMs: 50, expect: [] },
      ],
    },
  });
  const link = path.join(ws.dir, 'rc-byte-loss.tty');
  let platform: RunningPlatform;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  let agent: RunningAgent;

  beforeAll(async () => {
    platform = await startTestServer(ws);
    board = await startTestBoard(bench, link);
    agent = startTestAgent(platform, ws, [{ definition: bench, port: link }]);
    await waitForBench(platform, bench.id, (status) => status === 'online');
  });

  afterAll(async () => {
    await agent?.stop();
    await board?.close();
    await platform?.close();
    ws.cleanup();
  });

  const command = (commandId: string, value: number) =>
    agent.handle('command', { commandId, benchId: bench.id, output: 'duty', value });

  it('acks a write only once the board holds it, and refuses a lost one as NOT_APPLIED', async () => {
    expect(await command('c1', 30)).toMatchObject({ status: 'ok' });
    expect(board.emulator.pinInfo(9)?.state).toBe(77); // 30 % of 255: acked means the board holds it

    const controller = agent.benches[0]!;
    const selfTest = new Promise<SelfTestResult>((resolve) =>
      controller.once('self-test', resolve),
    );
    board.loseHostBytes((byte) => byte === PWM_PIN_9);
    expect(await command('c2', 70)).toMatchObject({
      status: 'error',
      error: {
        code: 'NOT_APPLIED',
        message: expect.stringMatching(/pin 9 pwm 179 was not taken.*state 77/),
      },
    });
    // Never applied (the retry was lost too), and the pin kept what it had.
    expect(board.emulator.pinWrites.some((w) => w.kind === 'pwm' && w.value === 179)).toBe(false);
    expect(board.emulator.pinInfo(9)?.state).toBe(77);

    // Suspect: the agent drove the safe state and ran the self-test at once; their writes are
    // lost too, so the bench is quarantined.
    const result = await selfTest;
    expect(result.passed).toBe(false);
    expect(controller.state().quarantine?.reason).toMatch(/was not taken|was not sent/);
    board.loseHostBytes(undefined);
    expect(await command('c3', 40)).toMatchObject({
      status: 'error',
      error: { code: 'QUARANTINED' },
    });
  });
});
