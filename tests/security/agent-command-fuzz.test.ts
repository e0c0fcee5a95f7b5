import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BenchDefinitionSchema,
  ERROR_CODES,
  type Ack,
  type AgentBenchState,
  type OutputChannel,
} from '@remotelab/protocol';
import { startAgent, type RunningAgent } from '@remotelab/lab-agent';
import {
  preciseEpochNow,
  startVirtualBoard,
  type RunningVirtualBoard,
} from '@remotelab/lab-agent/virtual-board';
import { checkEnvelope } from '../support/envelope-check.ts';
import { picker, seededRandom } from '../support/seeded-random.ts';
import { testWorkspace } from '../support/test-stack.ts';

/**
 * 10 000 random and invalid commands through the agent's command path (the handler the server's
 * `command` event reaches), against a virtual board on a pseudo-terminal. Every pin write the
 * board received is then checked against the bench's envelope from the board's side.
 */
const COMMANDS = 10_000;
const SEED = 0x5afe;
/** Commands sent concurrently, then a short pause: bursts test concurrency and the rate limits. */
const BURST = 25;
/** See EnvelopeCheckOptions.jitterMs. */
const JITTER_MS = 150;

const bench = BenchDefinitionSchema.parse({
  id: 'fuzz',
  name: 'Fuzzed bench',
  board: { path: '/dev/null' },
  sampling: { intervalMs: 10, frameMs: 50 },
  inputs: [
    { kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0' },
    { kind: 'analog-in', id: 'ref', label: 'Ref', pin: 'A1' },
  ],
  outputs: [
    {
      kind: 'pwm-out',
      id: 'duty',
      label: 'Duty',
      pin: 9,
      min: 10,
      max: 90,
      safe: 10,
      maxChangePerS: 400,
    },
    { kind: 'pwm-out', id: 'heat', label: 'Heater', pin: 10, min: 0, max: 60, safe: 0 },
    {
      kind: 'servo-out',
      id: 'arm',
      label: 'Arm',
      pin: 6,
      min: 20,
      max: 160,
      safe: 90,
      maxChangePerS: 900,
    },
    { kind: 'mcp4725', id: 'dac', label: 'DAC', max: 3, vref: 5, safe: 0, maxChangePerS: 15 },
    { kind: 'digital-out', id: 'r1', label: 'Relay 1', pin: 7 },
    { kind: 'digital-out', id: 'r2', label: 'Relay 2', pin: 8 },
    { kind: 'digital-out', id: 'led', label: 'LED', pin: 13 },
  ],
  safety: {
    maxCommandsPerS: 300,
    interlocks: [
      { outputs: ['r1', 'r2'], reason: 'R1 and R2 together short the supply.' },
      { outputs: ['heat', 'r2', 'dac'], reason: 'The heater, R2 and the DAC share one rail.' },
    ],
  },
  twin: {
    model: 'rc-lowpass',
    params: { pwmPin: 9, outputPin: 0, sinePin: 1, resistanceOhm: 10_000, capacitanceF: 1e-5 },
  },
});

/** Random commands, valid and not, from a seeded source. */
function commandSource(seed: number) {
  const random = seededRandom(seed);
  const { pick, between, chance } = picker(random);
  const junk: unknown[] = [
    null,
    undefined,
    '',
    'on',
    '50',
    [],
    {},
    [1],
    { value: 1 },
    Symbol.iterator.toString(),
  ];
  const numericValue = (o: Extract<OutputChannel, { min: number }>): unknown => {
    if (chance(0.7)) return between(o.min, o.max);
    if (chance(0.66)) return chance(0.5) ? o.min - between(0, 20) : o.max + between(0, 20);
    return pick([
      NaN,
      Infinity,
      -Infinity,
      1e308,
      -1e308,
      -0,
      Number.MIN_VALUE,
      true,
      false,
      ...junk,
    ]);
  };
  const value = (o: OutputChannel): unknown =>
    o.kind === 'digital-out'
      ? chance(0.85)
        ? chance(0.5)
        : pick([0, 1, 'true', null, NaN, ...junk])
      : numericValue(o);
  let n = 0;
  return (): unknown => {
    n += 1;
    const commandId = `fuzz-${n}`;
    const roll = random();
    if (roll < 0.62) {
      const output = pick(bench.outputs);
      return { commandId, benchId: 'fuzz', output: output.id, value: value(output) };
    }
    if (roll < 0.74) {
      const output = pick([
        'heater',
        'DUTY',
        '__proto__',
        'constructor',
        'toString',
        'x'.repeat(41),
        '',
      ]);
      return { commandId, benchId: 'fuzz', output, value: between(-100, 100) };
    }
    if (roll < 0.82) {
      const benchId = pick(['nope', 'fuzz ', 'FUZZ', 'f'.repeat(41), '', 42]);
      return { commandId, benchId, output: 'duty', value: 50 };
    }
    return pick<unknown>([
      { benchId: 'fuzz', output: 'duty', value: 50 },
      { commandId, benchId: 'fuzz', output: 'duty' },
      { commandId, benchId: 'fuzz', value: 50 },
      { commandId: 'c'.repeat(65), benchId: 'fuzz', output: 'duty', value: 50 },
      { commandId, benchId: 'fuzz', output: 'duty', value: { $gt: 0 } },
      { commandId, benchId: 'fuzz', output: ['duty'], value: 50 },
      { commandId, benchId: 'fuzz', output: 'r1', value: [true] },
      ...junk,
      42,
      'command',
    ]);
  };
}

describe('the agent under 10 000 fuzzed commands', { timeout: 120_000 }, () => {
  const ws = testWorkspace();
  let board: RunningVirtualBoard;
  let agent: RunningAgent;
  let fuzzFrom = 0;
  const replies: Array<Ack<unknown>> = [];

  beforeAll(async () => {
    const link = path.join(ws.dir, 'fuzz.tty');
    board = await startVirtualBoard({ bench, linkPath: link, seed: 3 });
    agent = startAgent({
      // No server: requests go through `handle`, the path the socket's handlers use.
      serverUrl: 'http://127.0.0.1:9',
      token: 'fuzz',
      agentId: 'fuzz-agent',
      benches: [bench],
      benchPorts: { fuzz: link },
      versionQueryDelayMs: 50,
      silenceTimeoutMs: 1000,
      replayBufferS: 5,
      linkLossSafeMs: 3_600_000,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    });
    await new Promise<void>((resolve) => {
      const onState = (state: AgentBenchState) => state.status === 'online' && resolve();
      agent.benches[0]!.on('state', onState);
    });
    fuzzFrom = board.emulator.pinWrites.length;
    const next = commandSource(SEED);
    for (let sent = 0; sent < COMMANDS; sent += BURST) {
      const burst = Array.from({ length: Math.min(BURST, COMMANDS - sent) }, next);
      replies.push(...(await Promise.all(burst.map((raw) => agent.handle('command', raw)))));
      // Lets the clock move between bursts so that some commands pass the rate limits.
      await pause(5);
    }
    // Every fuzzed write has been handed to the port. One more, sent after `sentAt`, is the last
    // the board will see: once it is logged, the log holds everything.
    const sentAt = preciseEpochNow();
    const last = { commandId: 'last', benchId: 'fuzz', output: 'led', value: false };
    while ((await agent.handle('command', last)).status !== 'ok') await pause(50); // rate budget
    await waitForBoardWrites(board, (log) => log.at(-1)!.t >= sentAt);
  });

  afterAll(async () => {
    await agent?.stop();
    await board?.close();
    ws.cleanup();
  });

  it('answers every command with ok or an error that has a protocol code and a message', () => {
    expect(replies).toHaveLength(COMMANDS);
    const codes = new Map<string, number>();
    for (const reply of replies) {
      if (reply.status === 'ok') continue;
      expect(ERROR_CODES).toContain(reply.error.code);
      expect(reply.error.message.length).toBeGreaterThan(0);
      codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
    }
    // The fuzzer reached every refusal the envelope has, and no request crashed a handler.
    for (const code of [
      'BAD_REQUEST',
      'UNKNOWN_BENCH',
      'NOT_EXPOSED',
      'OUT_OF_RANGE',
      'RATE_LIMITED',
      'INTERLOCK',
    ]) {
      expect(codes.get(code), code).toBeGreaterThan(0);
    }
    expect(codes.get('INTERNAL')).toBeUndefined();
    expect(replies.filter((r) => r.status === 'ok').length).toBeGreaterThan(200);
  });

  it('never puts the board outside the envelope: every pin write is checked', () => {
    const log = board.emulator.pinWrites;
    const report = checkEnvelope(bench, log, { rateFrom: fuzzFrom, jitterMs: JITTER_MS });
    expect(report.violations).toEqual([]);
    // the check saw the fuzz: at least one board write per accepted command
    const accepted = replies.filter((r) => r.status === 'ok').length;
    expect(report.writes).toBeGreaterThanOrEqual(accepted);
    expect(log.some((w) => w.kind === 'i2c')).toBe(true);
  });

  it('keeps running: the bench is online, streams frames and obeys a valid command', async () => {
    const controller = agent.benches[0]!;
    expect(controller.state().status).toBe('online');
    const frame = await new Promise((resolve) => controller.once('frame', resolve));
    expect(frame).toMatchObject({ benchId: 'fuzz' });
    const reply = await agent.handle('command', {
      commandId: 'after',
      benchId: 'fuzz',
      output: 'led',
      value: true,
    });
    expect(reply).toMatchObject({ status: 'ok', data: { output: 'led', value: true } });
  });
});

/** Resolves once the board's log satisfies `done` (checked on each new write), or fails after 5 s. */
function waitForBoardWrites(
  board: RunningVirtualBoard,
  done: (log: RunningVirtualBoard['emulator']['pinWrites']) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (done(board.emulator.pinWrites)) return resolve();
    const timer = setTimeout(() => reject(new Error('the board did not receive the writes')), 5000);
    const onWrite = () => {
      if (!done(board.emulator.pinWrites)) return;
      clearTimeout(timer);
      board.emulator.off('pin-write', onWrite);
      resolve();
    };
    board.emulator.on('pin-write', onWrite);
  });
}
