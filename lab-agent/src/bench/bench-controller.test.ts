import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BenchDefinitionSchema,
  ProtocolError,
  type BenchDefinitionInput,
  type SessionEnded,
} from '@remotelab/protocol';
import type { BenchDriver, PinWrite, SamplingRequest } from '../drivers/bench-driver.ts';
import { BenchController } from './bench-controller.ts';
import {
  FileQuarantineStore,
  MemoryQuarantineStore,
  type QuarantineStore,
} from './quarantine-store.ts';

/**
 * A board in memory: A0 reads 4 x the PWM value on pin 9 (so 0 % -> 0, 100 % -> 1020) every
 * 10 ms of (fake) time, and `unplug` closes it like a pulled cable.
 */
class FakeBoard {
  readonly writes: PinWrite[] = [];
  pwm = 0;
  plugged = true;
  /** When set, every write fails (a board that stopped answering). */
  failWrites = false;
  current: FakeDriver | undefined;

  driver(): BenchDriver {
    return new FakeDriver(this);
  }

  unplug(): void {
    this.plugged = false;
    this.current?.lose('serial port closed');
  }
}

class FakeDriver implements BenchDriver {
  private readonly events = new EventEmitter();
  private timer: NodeJS.Timeout | undefined;
  private open_ = false;

  constructor(private readonly board: FakeBoard) {}

  async open(): Promise<void> {
    if (!this.board.plugged) throw new Error('no such port');
    this.open_ = true;
    this.board.current = this;
  }

  startSampling(request: SamplingRequest): void {
    this.timer = setInterval(() => {
      for (const channel of request.analogChannels) {
        this.events.emit('analog', { channel, raw: this.board.pwm * 4, receivedAt: Date.now() });
      }
    }, request.intervalMs);
  }

  async write(command: PinWrite): Promise<void> {
    if (!this.open_) throw new Error('the board is not open');
    if (this.board.failWrites) throw new Error('write failed');
    this.board.writes.push(command);
    if (command.kind === 'pwm') this.board.pwm = command.value;
  }

  async close(): Promise<void> {
    this.lose('closed by the agent');
  }

  lose(detail: string): void {
    if (!this.open_) return;
    this.open_ = false;
    clearInterval(this.timer);
    this.events.emit('closed', detail);
  }

  on(event: string, listener: (arg: never) => void): void {
    this.events.on(event, listener as (...args: unknown[]) => void);
  }
}

function definition(extra: Partial<BenchDefinitionInput> = {}) {
  return BenchDefinitionSchema.parse({
    id: 'bench',
    name: 'Bench',
    board: { path: '/dev/null' },
    sampling: { intervalMs: 10, frameMs: 50 },
    inputs: [{ kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0', gain: 0.005 }],
    outputs: [
      { kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, safe: 0 },
      { kind: 'digital-out', id: 'led', label: 'LED', pin: 13 },
    ],
    safety: { maxSessionMinutes: 1 },
    ...extra,
  });
}

/** duty 100 % -> pwm 255 -> raw 1020 -> 5.1 V; duty 0 -> 0 V. */
const selfTest = (expectAtFull: number) => ({
  steps: [
    {
      name: 'full',
      set: { duty: 100 },
      waitMs: 100,
      expect: [{ input: 'vout', value: expectAtFull, tolerance: 0.2 }],
    },
    {
      name: 'off',
      set: { duty: 0 },
      waitMs: 100,
      expect: [{ input: 'vout', value: 0, tolerance: 0.2 }],
    },
  ],
});

async function online(
  board: FakeBoard,
  extra: Partial<BenchDefinitionInput> = {},
  quarantines: QuarantineStore = new MemoryQuarantineStore(),
) {
  const bench = new BenchController({
    definition: definition(extra),
    createDriver: () => board.driver(),
    logger: pino({ level: 'silent' }),
    silenceTimeoutMs: 1000,
    quarantines,
  });
  bench.start();
  await vi.advanceTimersByTimeAsync(1);
  expect(bench.state().status).toBe('online');
  return bench;
}

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return error instanceof ProtocolError ? error.code : String(error);
  }
  return undefined;
}

const safeState = [
  { kind: 'pwm', pin: 9, value: 0 },
  { kind: 'digital', pin: 13, level: false },
];

describe('BenchController', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('drives the safe state before it reports the board online', async () => {
    const board = new FakeBoard();
    await online(board);
    expect(board.writes).toEqual(safeState);
  });

  it('reports the measured sample rate once rows flow, and not again while it holds', async () => {
    const board = new FakeBoard();
    const bench = await online(board);
    const rates: number[] = [];
    bench.on('state', (state) => rates.push(state.sampleRateHz));
    await vi.advanceTimersByTimeAsync(1000);
    // one row every 10 ms of fake time
    expect(rates).toHaveLength(1);
    expect(rates[0]).toBeCloseTo(100, -1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(rates).toHaveLength(1);
    await bench.stop();
  });

  it('applies only what the guard allows, and the session narrows it', async () => {
    const board = new FakeBoard();
    const bench = await online(board);
    await bench.applyCommand('duty', 50);
    expect(board.writes.at(-1)).toEqual({ kind: 'pwm', pin: 9, value: 128 });
    await bench.startSession({
      benchId: 'bench',
      sessionId: 's1',
      controls: [{ output: 'duty', max: 40 }],
    });
    expect(await codeOf(() => bench.applyCommand('duty', 60))).toBe('OUT_OF_RANGE');
    expect(await codeOf(() => bench.applyCommand('led', true))).toBe('NOT_EXPOSED');
    expect(await codeOf(() => bench.startSession({ benchId: 'bench', sessionId: 's2' }))).toBe(
      'CONFLICT',
    );
    expect(board.writes).toHaveLength(3);
    expect(bench.state().session).toMatchObject({ sessionId: 's1' });
  });

  it('ends a session longer than maxSessionMinutes itself, in the safe state', async () => {
    const board = new FakeBoard();
    const bench = await online(board);
    const ended: SessionEnded[] = [];
    bench.on('session-ended', (e) => ended.push(e));
    await bench.startSession({ benchId: 'bench', sessionId: 's1' });
    await bench.applyCommand('led', true);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ended).toEqual([{ benchId: 'bench', sessionId: 's1', reason: 'max-duration' }]);
    expect(board.writes.slice(-2)).toEqual(safeState);
    expect(bench.state().session).toBeUndefined();
  });

  it('ends the session and drives the safe state when the server link is lost too long', async () => {
    const board = new FakeBoard();
    const bench = await online(board);
    const ended: SessionEnded[] = [];
    bench.on('session-ended', (e) => ended.push(e));
    await bench.startSession({ benchId: 'bench', sessionId: 's1' });
    await bench.applyCommand('duty', 30);
    await bench.onServerLinkLost();
    expect(ended).toEqual([{ benchId: 'bench', sessionId: 's1', reason: 'server-link-lost' }]);
    expect(board.writes.slice(-2)).toEqual(safeState);
  });

  it('quarantines a bench whose self-test fails, refuses it work until cleared', async () => {
    const board = new FakeBoard();
    const bench = await online(board, { selfTest: selfTest(2.5) });
    const running = bench.runSelfTest('on-demand');
    await vi.advanceTimersByTimeAsync(1000);
    const result = await running;
    expect(result.passed).toBe(false);
    expect(result.steps[0]).toMatchObject({
      name: 'full',
      passed: false,
      checks: [{ input: 'vout', expected: 2.5, measured: expect.closeTo(5.1, 2) }],
    });
    expect(result.steps[1]).toMatchObject({ name: 'off', passed: true });
    expect(board.writes.slice(-2)).toEqual(safeState); // ends safe whatever happened
    expect(bench.state().quarantine?.reason).toMatch(
      /step "full": vout measured 5.1, expected 2.5/,
    );
    expect(await codeOf(() => bench.applyCommand('led', true))).toBe('QUARANTINED');
    expect(await codeOf(() => bench.startSession({ benchId: 'bench', sessionId: 's' }))).toBe(
      'QUARANTINED',
    );
    bench.clearQuarantine();
    await bench.applyCommand('led', true);
    expect(board.writes.at(-1)).toEqual({ kind: 'digital', pin: 13, level: true });
  });

  it('runs the self-test after a session ended; a pass leaves the bench in service', async () => {
    const board = new FakeBoard();
    const bench = await online(board, { selfTest: selfTest(5.1) });
    const results: boolean[] = [];
    bench.on('self-test', (r) => results.push(r.passed));
    await bench.startSession({ benchId: 'bench', sessionId: 's1' });
    expect(await codeOf(() => bench.runSelfTest('on-demand'))).toBe('CONFLICT');
    await bench.endSession('s1');
    expect(bench.state().selfTestRunning).toBe(true);
    expect(await codeOf(() => bench.applyCommand('led', true))).toBe('CONFLICT');
    await vi.advanceTimersByTimeAsync(1000);
    expect(results).toEqual([true]);
    expect(bench.state().quarantine).toBeUndefined();
  });

  it('goes offline when the board is lost and drives the safe state again when it is back', async () => {
    const board = new FakeBoard();
    const bench = await online(board);
    await bench.applyCommand('duty', 80);
    board.unplug();
    expect(bench.state()).toMatchObject({ status: 'offline', detail: 'serial port closed' });
    expect(await codeOf(() => bench.applyCommand('duty', 10))).toBe('BENCH_OFFLINE');
    board.plugged = true;
    board.writes.length = 0;
    await vi.advanceTimersByTimeAsync(250); // first retry after 200 ms
    expect(bench.state().status).toBe('online');
    expect(board.writes).toEqual(safeState);
  });

  it('keeps a quarantine across agent restarts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'remotelab-state-'));
    try {
      const file = path.join(dir, 'state.json');
      const board = new FakeBoard();
      const first = await online(board, { selfTest: selfTest(2.5) }, new FileQuarantineStore(file));
      const running = first.runSelfTest('on-demand');
      await vi.advanceTimersByTimeAsync(1000);
      await running;
      await first.stop();
      const second = await online(new FakeBoard(), {}, new FileQuarantineStore(file));
      expect(second.state().quarantine?.reason).toMatch(/self-test failed/);
      second.clearQuarantine();
      expect(new FileQuarantineStore(file).get('bench')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds the safe state for an absent owner outside the narrowed range, refusing commands', async () => {
    const board = new FakeBoard();
    const bench = await online(board);
    await bench.startSession({
      benchId: 'bench',
      sessionId: 's1',
      controls: [{ output: 'duty', min: 20, max: 60 }],
    });
    await bench.applyCommand('duty', 40, 's1');
    expect(await codeOf(() => bench.applyCommand('duty', 0, 's1'))).toBe('OUT_OF_RANGE');
    await bench.holdSafe({ benchId: 'bench', sessionId: 's1', hold: true });
    expect(board.pwm).toBe(0);
    expect(bench.state().session?.held).toBe(true);
    expect(await codeOf(() => bench.applyCommand('duty', 30, 's1'))).toBe('NOT_SESSION_OWNER');
    expect(await codeOf(() => bench.applyCommand('duty', 30))).toBe('NOT_SESSION_OWNER');
    await bench.holdSafe({ benchId: 'bench', sessionId: 's1', hold: false });
    await vi.advanceTimersByTimeAsync(1000); // the command rate window
    await bench.applyCommand('duty', 30, 's1');
    expect(board.pwm).toBe(77);
    // a command for a session that is not the running one never reaches the board
    expect(await codeOf(() => bench.applyCommand('duty', 50, 'old'))).toBe('NOT_SESSION_OWNER');
  });

  it('never takes a failed safe state for success: unsafe until a later drive succeeds', async () => {
    const board = new FakeBoard();
    const bench = await online(board);
    await bench.startSession({ benchId: 'bench', sessionId: 's1' });
    await bench.applyCommand('duty', 80);
    board.failWrites = true;
    expect(await codeOf(() => bench.endSession('s1'))).toBe('SAFE_STATE_FAILED');
    expect(bench.state().unsafe?.reason).toMatch(/write failed/);
    expect(bench.state().session).toBeUndefined();
    board.failWrites = false;
    board.unplug();
    board.plugged = true;
    await vi.advanceTimersByTimeAsync(250); // reconnected: the safe state is driven first
    expect(bench.state()).toMatchObject({ status: 'online' });
    expect(bench.state().unsafe).toBeUndefined();
    expect(board.pwm).toBe(0);
  });
});
