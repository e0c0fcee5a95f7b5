import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AgentBenchState,
  BenchDefinition,
  SampleFrame,
  SelfTestResult,
} from '@remotelab/protocol';
import { loadBenchDefinition, startAgent, type RunningAgent } from '@remotelab/lab-agent';
import pino from 'pino';
import { startTestBoard, testWorkspace } from '../support/test-stack.ts';

/**
 * The LED I-V bench (firmware-config/benches/led-iv.yaml) through the real agent path: the DAC
 * written and the INA219 read over Firmata I2C on a pseudo-terminal, its twin solved by ngspice.
 * Its own self-test is the measurement: 0 mA below the knee, 10 mA at about 1.85 V.
 */
describe('an I2C bench (MCP4725 + INA219) through the agent', { timeout: 30_000 }, () => {
  const ws = testWorkspace();
  let bench: BenchDefinition;
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  let agent: RunningAgent;

  beforeAll(async () => {
    bench = await loadBenchDefinition('led-iv');
    const link = path.join(ws.dir, 'led-iv.tty');
    board = await startTestBoard(bench, link);
    agent = startAgent({
      serverUrl: 'http://127.0.0.1:9', // no server: requests go through `handle`
      token: 'i2c',
      agentId: 'i2c-agent',
      benches: [bench],
      benchPorts: { [bench.id]: link },
      versionQueryDelayMs: 50,
      silenceTimeoutMs: 1000,
      replayBufferS: 5,
      linkLossSafeMs: 3_600_000,
      logger: pino({ level: 'silent' }),
    });
    await new Promise<void>((resolve) =>
      agent.benches[0]!.on('state', (s: AgentBenchState) => s.status === 'online' && resolve()),
    );
  });

  afterAll(async () => {
    await agent?.stop();
    await board?.close();
    ws.cleanup();
  });

  it('passes its self-test: DAC codes reach the board, INA219 current and bus voltage come back', async () => {
    const reply = await agent.handle('bench:self-test', { benchId: bench.id });
    expect(reply.status).toBe('ok');
    const result = (reply as { data: SelfTestResult }).data;
    expect(result.steps.map((s) => [s.name, s.passed])).toEqual(
      result.steps.map((s) => [s.name, true]),
    );
    const last = result.steps.at(-1)!.checks;
    expect(last.find((c) => c.input === 'current')!.measured).toBeCloseTo(10, 0);
    expect(last.find((c) => c.input === 'bus')!.measured).toBeCloseTo(1.85, 1);
    // The DAC was driven with Write DAC Register commands the board acknowledged.
    const dacWrites = board.emulator.pinWrites.filter(
      (w) => w.kind === 'i2c' && w.address === 0x60,
    );
    expect(dacWrites.length).toBeGreaterThanOrEqual(4);
    expect(dacWrites.every((w) => w.accepted)).toBe(true);
  });

  it('puts the INA219 readings in the frames as columns, one value per row', async () => {
    const frames = await new Promise<SampleFrame[]>((resolve) => {
      const seen: SampleFrame[] = [];
      const onFrame = (frame: SampleFrame) => {
        seen.push(frame);
        if (seen.length < 10) return;
        agent.benches[0]!.off('frame', onFrame);
        resolve(seen);
      };
      agent.benches[0]!.on('frame', onFrame);
    });
    for (const frame of frames) {
      const rows = frame.channels.anode!.length;
      expect(frame.channels.current).toHaveLength(rows);
      expect(frame.channels.bus).toHaveLength(rows);
    }
    // back in the safe state (DAC 0 V) after the self-test: no current in the latest frame
    expect(Math.abs(frames.at(-1)!.channels.current!.at(-1)!)).toBeLessThan(0.3);
  });
});
