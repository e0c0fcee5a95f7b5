import type firmataIo from 'firmata-io';
import type { PinWrite } from './bench-driver.ts';

type Firmata = InstanceType<typeof firmataIo.Firmata>;

/** PIN_STATE_QUERY sysex (firmata protocol.md, "Pin State Query"): 0x6D, pin. */
const PIN_STATE_QUERY = 0x6d;
/** The mode each kind of pin write needs (firmata protocol.md, "Pin modes"). */
const MODE_FOR = { pwm: 0x03, digital: 0x01, servo: 0x04 } as const;

/** The pin writes a board confirms through PIN_STATE_QUERY (a DAC write is read back over I2C). */
export type PinLevelWrite = Extract<PinWrite, { pin: number }>;

export interface PinState {
  mode: number;
  state: number;
}

/**
 * The board did not take a write: after the write and one retry, the pin's mode or state as the
 * board reports it is not what was sent, or the board did not answer the query at all.
 */
export class WriteNotAppliedError extends Error {
  override readonly name = 'WriteNotAppliedError';
  constructor(
    readonly write: PinWrite,
    /** What the board reported last; undefined when it did not answer or the write was skipped. */
    readonly seen: PinState | undefined,
    /** Set when the write was never sent: an earlier write to the board was not applied. */
    readonly skipped = false,
  ) {
    super(
      skipped
        ? `${describeTarget(write)} was not sent: an earlier write to this board was not applied`
        : `${describeTarget(write)} was not taken: the board reports ${
            seen ? `mode ${seen.mode}, state ${seen.state}` : 'nothing (no PIN_STATE_RESPONSE)'
          }`,
    );
  }
}

export interface PinWriteSender {
  /** Sends the write's value (the bytes a plain write sends). */
  value(write: PinLevelWrite): void;
  /** Sends the pin mode the write needs (only when the board reports another mode). */
  mode(write: PinLevelWrite): void;
}

/**
 * Sends `write`, then reads the pin back from the board (PIN_STATE_QUERY; StandardFirmata answers
 * with the mode and the value it last applied to an output pin) and resolves only when both
 * match. A write the board did not take (a byte lost on the wire, a pin left in another mode) is
 * sent once more, with its mode when the mode was wrong; if the board still disagrees, rejects
 * with WriteNotAppliedError. Callers serialise confirmed writes per board: a response answers
 * every query waiting on that pin.
 */
export async function sendConfirmed(
  io: Firmata,
  write: PinLevelWrite,
  send: PinWriteSender,
  timeoutMs: number,
): Promise<void> {
  const expected: PinState = { mode: MODE_FOR[write.kind], state: targetState(write) };
  let seen: PinState | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0 && seen && seen.mode !== expected.mode) send.mode(write);
    send.value(write);
    seen = await queryPinState(io, write.pin, timeoutMs);
    if (seen && seen.mode === expected.mode && seen.state === expected.state) return;
  }
  throw new WriteNotAppliedError(write, seen);
}

/** The wait for a response advances in steps of this many ms (see queryPinState). */
const WAIT_STEP_MS = 50;

/**
 * The pin's mode and state as the board reports them; undefined when it does not answer within
 * `timeoutMs`. The wait is counted in 50 ms timer steps, not read off the clock: when the process
 * stalls (a loaded machine, a long GC), a step fires late but still counts 50 ms, so an answer
 * already sitting in the port's buffer is read before the board is declared silent.
 */
export async function queryPinState(
  io: Firmata,
  pin: number,
  timeoutMs: number,
): Promise<PinState | undefined> {
  const answered = await awaitBoardEvent(io, `pin-state-${pin}`, timeoutMs, () =>
    io.sysexCommand([PIN_STATE_QUERY, pin & 0x7f]),
  );
  if (!answered) return undefined;
  const record = io.pins[pin];
  return { mode: record?.mode ?? -1, state: record?.state ?? -1 };
}

/**
 * Calls `ask`, then waits for firmata-io's `event` (once); resolves with its arguments, or
 * undefined after `timeoutMs` counted in 50 ms steps (see queryPinState).
 */
export function awaitBoardEvent(
  io: Firmata,
  event: string,
  timeoutMs: number,
  ask: () => void,
): Promise<unknown[] | undefined> {
  return new Promise((resolve) => {
    let stepsLeft = Math.max(1, Math.ceil(timeoutMs / WAIT_STEP_MS));
    let timer: NodeJS.Timeout;
    const onEvent = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    };
    const step = () => {
      stepsLeft -= 1;
      if (stepsLeft > 0) {
        timer = setTimeout(step, WAIT_STEP_MS);
        return;
      }
      io.off(event, onEvent);
      resolve(undefined);
    };
    timer = setTimeout(step, WAIT_STEP_MS);
    io.once(event, onEvent);
    ask();
  });
}

function targetState(write: PinLevelWrite): number {
  switch (write.kind) {
    case 'pwm':
      return write.value;
    case 'digital':
      return write.level ? 1 : 0;
    case 'servo':
      return write.degrees;
  }
}

function describeTarget(write: PinWrite): string {
  return write.kind === 'dac'
    ? `DAC 0x${write.address.toString(16)} code ${write.code}`
    : `pin ${write.pin} ${describe(write)}`;
}

function describe(write: PinLevelWrite): string {
  return write.kind === 'digital'
    ? `level ${write.level ? 1 : 0}`
    : `${write.kind} ${targetState(write)}`;
}
