import { describe, expect, it } from 'vitest';
import { BenchDefinitionSchema, ProtocolError, type OutputValue } from '@remotelab/protocol';
import { SafetyGuard, type WriteOrigin } from './safety-guard.ts';
import { dutyToPwm, safeStateWrites, voltsToDacCode } from './output-mapping.ts';

const bench = BenchDefinitionSchema.parse({
  id: 'divider',
  name: 'Divider',
  board: { path: '/dev/null' },
  inputs: [{ kind: 'analog-in', id: 'vout', label: 'Vout', pin: 'A0' }],
  outputs: [
    { kind: 'pwm-out', id: 'duty', label: 'Duty', pin: 9, min: 10, max: 90, safe: 10 },
    { kind: 'pwm-out', id: 'slow', label: 'Slow', pin: 10, maxChangePerS: 20, safe: 0 },
    { kind: 'servo-out', id: 'arm', label: 'Arm', pin: 6, min: 10, max: 170 },
    { kind: 'mcp4725', id: 'dac', label: 'DAC', max: 4, vref: 5 },
    { kind: 'digital-out', id: 'r1', label: 'Relay 1', pin: 7 },
    { kind: 'digital-out', id: 'r2', label: 'Relay 2', pin: 8 },
    { kind: 'digital-out', id: 'led', label: 'LED', pin: 13 },
  ],
  safety: {
    maxCommandsPerS: 5,
    interlocks: [{ outputs: ['r1', 'r2'], reason: 'R1 and R2 together short the supply.' }],
  },
});

/** A guard on a hand-moved clock, with every output at its safe value applied at t = 0. */
function guardAt0() {
  const clock = { t: 0 };
  const guard = new SafetyGuard(bench, () => clock.t);
  for (const { id, value } of safeStateWrites(bench)) guard.commit(id, value, 'safe-state');
  return { guard, clock };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ProtocolError ? error.code : 'not a ProtocolError';
  }
  return undefined;
}

/** Checks then commits, as the bench controller does. */
function apply(
  guard: SafetyGuard,
  id: string,
  value: OutputValue,
  origin: WriteOrigin = 'command',
) {
  const write = guard.check(id, value, origin);
  guard.commit(id, value, origin);
  return write;
}

describe('SafetyGuard', () => {
  it('turns in-range values into pin writes', () => {
    const { guard, clock } = guardAt0();
    clock.t = 10_000;
    expect(apply(guard, 'duty', 50)).toEqual({ kind: 'pwm', pin: 9, value: 128 });
    expect(apply(guard, 'r1', true)).toEqual({ kind: 'digital', pin: 7, level: true });
    expect(apply(guard, 'arm', 44.6)).toEqual({ kind: 'servo', pin: 6, degrees: 45 });
    expect(apply(guard, 'dac', 2.5)).toEqual({ kind: 'dac', address: 0x60, code: 2048 });
  });

  it('rejects, never clamps, a value outside the range', () => {
    const { guard } = guardAt0();
    expect(codeOf(() => guard.check('duty', 90.01, 'command'))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => guard.check('duty', 9, 'command'))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => guard.check('arm', 171, 'self-test'))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => guard.check('dac', 4.5, 'command'))).toBe('OUT_OF_RANGE');
    expect(guard.valueOf('duty')).toBe(10);
  });

  it('rejects unknown outputs and values of the wrong type', () => {
    const { guard } = guardAt0();
    expect(codeOf(() => guard.check('heater', 1, 'command'))).toBe('NOT_EXPOSED');
    expect(codeOf(() => guard.check('heater', 1, 'safe-state'))).toBe('NOT_EXPOSED');
    expect(codeOf(() => guard.check('duty', true, 'command'))).toBe('BAD_REQUEST');
    expect(codeOf(() => guard.check('duty', Number.NaN, 'command'))).toBe('BAD_REQUEST');
    expect(codeOf(() => guard.check('duty', Infinity, 'command'))).toBe('BAD_REQUEST');
    expect(codeOf(() => guard.check('duty', '50', 'command'))).toBe('BAD_REQUEST');
    expect(codeOf(() => guard.check('led', 1, 'command'))).toBe('BAD_REQUEST');
    expect(codeOf(() => guard.check('led', null, 'command'))).toBe('BAD_REQUEST');
  });

  it('refuses a second output of an interlock with the interlock reason, in either order', () => {
    const { guard, clock } = guardAt0();
    clock.t = 5000;
    apply(guard, 'r1', true);
    expect(() => guard.check('r2', true, 'command')).toThrow(
      'R1 and R2 together short the supply.',
    );
    expect(codeOf(() => guard.check('r2', true, 'self-test'))).toBe('INTERLOCK');
    // turning the other one off, or an unrelated output on, is fine
    expect(codeOf(() => guard.check('r2', false, 'command'))).toBeUndefined();
    expect(codeOf(() => guard.check('led', true, 'command'))).toBeUndefined();
    apply(guard, 'r1', false);
    apply(guard, 'r2', true);
    expect(codeOf(() => guard.check('r1', true, 'command'))).toBe('INTERLOCK');
  });

  it('limits commands per second over a sliding second, counting only applied ones', () => {
    const { guard, clock } = guardAt0();
    clock.t = 10_000;
    for (let i = 0; i < 5; i += 1) {
      clock.t += 10;
      apply(guard, 'led', i % 2 === 0);
    }
    expect(codeOf(() => guard.check('led', false, 'command'))).toBe('RATE_LIMITED');
    // rejected attempts do not use the budget, and the agent's own writes are never limited
    expect(codeOf(() => guard.check('duty', 200, 'command'))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => guard.check('led', false, 'safe-state'))).toBeUndefined();
    clock.t += 960; // the first of the five is now more than a second old
    expect(codeOf(() => guard.check('led', false, 'command'))).toBeUndefined();
  });

  it('limits the change rate relative to the last applied value and time', () => {
    const { guard, clock } = guardAt0();
    clock.t = 1000; // 1 s after the safe state (0 %): up to 20 % is allowed
    expect(codeOf(() => guard.check('slow', 20.5, 'command'))).toBe('RATE_LIMITED');
    expect(guard.readyAt('slow', 20.5)).toBeCloseTo(1025);
    apply(guard, 'slow', 20);
    clock.t = 1100; // 0.1 s later: 2 % either way
    expect(codeOf(() => guard.check('slow', 23, 'command'))).toBe('RATE_LIMITED');
    expect(codeOf(() => guard.check('slow', 17, 'self-test'))).toBe('RATE_LIMITED');
    expect(codeOf(() => guard.check('slow', 18, 'command'))).toBeUndefined();
    // the safe-state drive is never held back
    expect(codeOf(() => guard.check('slow', 0, 'safe-state'))).toBeUndefined();
  });

  it('narrows to the session controls and restores every output when the session ends', () => {
    const { guard, clock } = guardAt0();
    clock.t = 10_000;
    guard.exposeOnly([{ output: 'duty', min: 20, max: 60 }, { output: 'led' }]);
    expect(codeOf(() => guard.check('r1', true, 'command'))).toBe('NOT_EXPOSED');
    expect(codeOf(() => guard.check('duty', 70, 'command'))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => guard.check('duty', 15, 'command'))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => guard.check('duty', 40, 'command'))).toBeUndefined();
    expect(codeOf(() => guard.check('led', true, 'command'))).toBeUndefined();
    // the agent's own writes are not bound by the lab
    expect(codeOf(() => guard.check('r1', true, 'self-test'))).toBeUndefined();
    // a lab range wider than the bench's widens nothing
    guard.exposeOnly([{ output: 'duty', min: 0, max: 100 }]);
    expect(codeOf(() => guard.check('duty', 95, 'command'))).toBe('OUT_OF_RANGE');
    guard.exposeOnly(undefined);
    expect(codeOf(() => guard.check('r1', true, 'command'))).toBeUndefined();
  });

  it('changes nothing when it refuses', () => {
    const { guard, clock } = guardAt0();
    clock.t = 10_000;
    apply(guard, 'r1', true);
    expect(codeOf(() => apply(guard, 'r2', true))).toBe('INTERLOCK');
    expect(guard.valueOf('r2')).toBe(false);
    expect(codeOf(() => apply(guard, 'duty', 100))).toBe('OUT_OF_RANGE');
    expect(guard.valueOf('duty')).toBe(10);
  });
});

describe('output mapping', () => {
  it('maps duty to the PWM compare value and volts to the DAC code, and lists the safe state', () => {
    expect([0, 50, 100].map(dutyToPwm)).toEqual([0, 128, 255]);
    expect([0, 2.5, 5, 6, -1].map((v) => voltsToDacCode(v, 5))).toEqual([0, 2048, 4095, 4095, 0]);
    expect(safeStateWrites(bench).map(({ id, value }) => `${id}=${value}`)).toEqual([
      'duty=10',
      'slow=0',
      'arm=90',
      'dac=0',
      'r1=false',
      'r2=false',
      'led=false',
    ]);
  });
});
