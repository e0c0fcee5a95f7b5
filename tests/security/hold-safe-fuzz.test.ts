import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchDefinitionSchema, type Ack, type SessionControl } from '@remotelab/protocol';
import { startAgent, type RunningAgent } from '@remotelab/lab-agent';
import {
  isPinLevelWrite,
  type PinLevelWrite,
  type RunningVirtualBoard,
} from '@remotelab/lab-agent/virtual-board';
import { faultBenchInput, waitUntil } from '../support/frame-record.ts';
import { picker, seededRandom } from '../support/seeded-random.ts';
import { startTestBoard, testWorkspace } from '../support/test-stack.ts';

const SEED = 0x401d;
const STEPS = 400;
/** Commands are not rate limited here, so most in-range ones reach the board. */
const bench = BenchDefinitionSchema.parse({
  ...faultBenchInput('hold-fuzz'),
  safety: { maxSessionMinutes: 60, maxCommandsPerS: 1000, interlocks: [] },
});
/** Pin 9 is `duty` (PWM, safe 0 %), pin 13 is `led` (digital, safe off). */
const SAFE = { 9: 0, 13: 0 } as const;

/**
 * A seeded fuzz of what the server asks of the agent around a session's owner: sessions on labs
 * narrowed to ranges that never hold the safe value, bursts of commands (some out of range),
 * owner drops (`bench:hold-safe`), returns (release), session ends, some of them racing the
 * commands in flight. The board's own pin log is then read against the times nobody held the
 * bench: from the safe state reaching the board until the owner came back (or the next session
 * started), every write on an output pin must be its safe value.
 */
const hold = (raw: unknown) => (raw as { hold?: unknown }).hold === true;

describe('owner drops, returns and session ends under fuzz', { timeout: 120_000 }, () => {
  const ws = testWorkspace();
  let board: RunningVirtualBoard;
  let agent: RunningAgent;
  /** The board's log of writes to pin 9 (PWM) and pin 13 (digital), in the order applied. */
  const writes: PinLevelWrite[] = [];
  /** Spans of the board's log while nobody held the bench: [safe state asked, owner let in). */
  const unheld: Array<{ from: number; to: number; why: string }> = [];
  /** Writes the agent has handed to the board so far (ok commands, 2 per safe state). */
  let sent = 0;
  const refusals = new Map<string, number>();

  const ask = async (event: string, raw: unknown): Promise<Ack<unknown>> => {
    const reply = await agent.handle(event, raw);
    if (reply.status === 'error')
      refusals.set(reply.error.code, (refusals.get(reply.error.code) ?? 0) + 1);
    else if (event === 'command') sent += 1;
    else if (event === 'session:end' || (event === 'bench:hold-safe' && hold(raw))) sent += 2;
    return reply;
  };
  /**
   * The board applies writes a little after the agent hands them over: before each step, wait
   * until it has applied every one, so the log's order places each write in its step.
   */
  const caughtUp = async () => {
    await waitUntil(
      (fn) => (board.emulator.on('pin-write', fn), () => void board.emulator.off('pin-write', fn)),
      () => writes.length >= sent,
      `the board applying ${sent} writes`,
    );
    expect(writes.length).toBe(sent); // one log entry per write, or the spans below mean nothing
  };

  beforeAll(async () => {
    const link = path.join(ws.dir, 'hold-fuzz.tty');
    board = await startTestBoard(bench, link);
    board.emulator.on('pin-write', (write) => {
      // A digital write sets the whole port (StandardFirmata's DIGITAL_MESSAGE): the log has an
      // entry for each of its output pins; ours is 13.
      if (!isPinLevelWrite(write)) return;
      if (
        (write.kind === 'pwm' && write.pin === 9) ||
        (write.kind === 'digital' && write.pin === 13)
      )
        writes.push(write);
    });
    agent = startAgent({
      // No server: requests go through `handle`, the path the socket's handlers use.
      serverUrl: 'http://127.0.0.1:9',
      token: 'fuzz',
      agentId: 'hold-fuzz-agent',
      benches: [bench],
      benchPorts: { [bench.id]: link },
      versionQueryDelayMs: 50,
      silenceTimeoutMs: 1000,
      replayBufferS: 20,
      linkLossSafeMs: 3_600_000,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    });
    const controller = agent.benches[0]!;
    await waitUntil(
      (fn) => (controller.on('state', fn), () => void controller.off('state', fn)),
      () => controller.state().status === 'online',
      'the bench online',
    );
    // What the agent wrote at connect is not ours to count: a marker write (37 % is PWM 94, a
    // value no other step writes) lands after all of it, and counting starts there.
    await agent.handle('session:start', { benchId: bench.id, sessionId: 'warm-up' });
    await agent.handle('command', { commandId: 'm', benchId: bench.id, output: 'duty', value: 37 });
    await waitUntil(
      (fn) => (board.emulator.on('pin-write', fn), () => void board.emulator.off('pin-write', fn)),
      () => writes.at(-1)?.pin === 9 && writes.at(-1)?.value === 94,
      'the marker on the board',
    );
    sent = writes.length;
    await ask('session:end', { benchId: bench.id, sessionId: 'warm-up' });
    await caughtUp();
  });

  afterAll(async () => {
    await agent?.stop();
    await board?.close();
    ws.cleanup();
  });

  it('never shows a value outside the safe state while no owner holds the bench', async () => {
    const { pick, between, chance } = picker(seededRandom(SEED));
    let session: { id: string; controls: SessionControl[]; held: boolean } | undefined;
    let open: { from: number; why: string } | undefined = { from: sent - 2, why: 'warm-up' };
    let sessions = 0;
    const close = () => {
      if (open) unheld.push({ ...open, to: writes.length });
      open = undefined;
    };
    const commands = (count: number) =>
      Array.from({ length: count }, (_, i) => {
        const duty = session!.controls[0]!;
        const output = chance(0.8) ? 'duty' : 'led';
        const value =
          output === 'duty' ? Math.round(between(duty.min! - 10, duty.max! + 10)) : chance(0.7);
        // As the server relays it: for the session its owner was allowed in.
        return ask('command', {
          commandId: `c${i}`,
          benchId: bench.id,
          output,
          value,
          sessionId: session!.id,
        });
      });
    const dropOrEnd = async (kind: 'hold' | 'end', racing: number) => {
      const s = session!;
      if (!open) open = { from: writes.length, why: `${kind} ${s.id}` };
      // Commands handed over just before the drop race it, or arrive just after it.
      const before = chance(0.5) ? commands(racing) : [];
      const request =
        kind === 'hold'
          ? ask('bench:hold-safe', { benchId: bench.id, sessionId: s.id, hold: true })
          : ask('session:end', { benchId: bench.id, sessionId: s.id });
      const after = before.length === 0 ? commands(racing) : [];
      const [reply] = await Promise.all([request, ...before, ...after]);
      expect(reply).toMatchObject({ status: 'ok' });
      if (kind === 'hold') s.held = true;
      else session = undefined;
    };

    for (let step = 0; step < STEPS; step += 1) {
      await caughtUp();
      if (!session) {
        const min = Math.round(between(10, 60));
        const controls: SessionControl[] = [
          { output: 'duty', min, max: Math.round(between(min + 5, 100)) },
          ...(chance(0.5) ? [{ output: 'led' }] : []),
        ];
        const id = `s${(sessions += 1)}`;
        close();
        const reply = await ask('session:start', { benchId: bench.id, sessionId: id, controls });
        expect(reply).toMatchObject({ status: 'ok' });
        session = { id, controls, held: false };
        continue;
      }
      const roll = between(0, 1);
      if (!session.held) {
        if (roll < 0.6) await Promise.all(commands(Math.ceil(between(0, 4))));
        else if (roll < 0.85) await dropOrEnd('hold', pick([0, 0, 1, 3]));
        else await dropOrEnd('end', pick([0, 1, 3]));
      } else if (roll < 0.4) {
        await Promise.all(commands(Math.ceil(between(0, 3))));
      } else if (roll < 0.75) {
        close();
        const reply = await ask('bench:hold-safe', {
          benchId: bench.id,
          sessionId: session.id,
          hold: false,
        });
        expect(reply).toMatchObject({ status: 'ok' });
        session.held = false;
      } else {
        await dropOrEnd('end', 0);
      }
    }
    if (session) await dropOrEnd('end', 0);
    await caughtUp();
    close();

    const violations: string[] = [];
    for (const { from, to, why } of unheld) {
      for (const pin of [9, 13] as const) {
        const span = writes.slice(from, to).filter((w) => w.pin === pin);
        // Commands handed over before the drop land first: the safe state is in force from
        // its own write on.
        const safeAt = span.findIndex((w) => w.value === SAFE[pin]);
        if (safeAt === -1) {
          violations.push(`${why}: pin ${pin} never went safe`);
          continue;
        }
        for (const w of span.slice(safeAt))
          if (w.value !== SAFE[pin]) violations.push(`${why}: pin ${pin} = ${w.value}`);
      }
    }
    expect(violations).toEqual([]);
    // The fuzz did what it says: many unheld spans, commands refused while held, narrowed
    // ranges refusing values (so the safe 0 % was never a command that could pass).
    expect(unheld.length).toBeGreaterThan(50);
    expect(refusals.get('NOT_SESSION_OWNER') ?? 0).toBeGreaterThan(10);
    expect(refusals.get('OUT_OF_RANGE') ?? 0).toBeGreaterThan(10);
    expect(writes.filter((w) => w.pin === 9 && w.value !== 0).length).toBeGreaterThan(50);
    expect(writes.length).toBe(sent);
  });
});
