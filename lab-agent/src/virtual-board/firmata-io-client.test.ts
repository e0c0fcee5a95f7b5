// The emulator against the real client the agent uses (firmata-io 2.3), over an in-memory
// transport and a fake clock: if firmata-io accepts it, the agent will.
import bindTransport from 'firmata-io';
import { afterEach, describe, expect, it } from 'vitest';
import {
  END_SYSEX,
  PIN_MODE_ANALOG,
  PIN_MODE_OUTPUT,
  PIN_MODE_PWM,
  SAMPLING_INTERVAL,
  START_SYSEX,
} from './firmata-constants.ts';
import { isPinLevelWrite } from './firmata-board-types.ts';
import { InMemoryVirtualBoard } from './in-memory-virtual-board.ts';
import { FakeClock } from './testing/fake-clock.ts';
import { rcFilterBench } from './testing/bench-fixtures.ts';

const { Firmata } = bindTransport;
type FirmataClient = InstanceType<typeof Firmata>;

describe('FirmataBoardEmulator with the firmata-io client', () => {
  let board: InMemoryVirtualBoard | undefined;
  afterEach(() => board?.close());

  /** Steps the board through `ms` of fake time, 2 ms per tick like the real timer. */
  function run(clock: FakeClock, ms: number): void {
    for (let elapsed = 0; elapsed < ms; elapsed += 2) {
      clock.advance(2);
      board?.step();
    }
  }

  function connect(): { clock: FakeClock; io: FirmataClient } {
    const clock = new FakeClock();
    board = new InMemoryVirtualBoard({ bench: rcFilterBench(), now: clock.now });
    // A long timeout proves readiness comes from the board's own announcement, not a query.
    const io = new Firmata(board.transport, { reportVersionTimeout: 60_000 });
    run(clock, 200);
    return { clock, io };
  }

  it('becomes ready and sees an Uno running StandardFirmata 2.5', () => {
    const { io } = connect();

    expect(io.isReady).toBe(true);
    expect(io.version).toEqual({ major: 2, minor: 5 });
    expect(io.firmware).toEqual({ name: 'StandardFirmata.ino', version: { major: 2, minor: 5 } });
    expect(io.pins).toHaveLength(20);
    const pwmPins = io.pins.flatMap((pin, n) =>
      pin.supportedModes.includes(PIN_MODE_PWM) ? [n] : [],
    );
    expect(pwmPins).toEqual([3, 5, 6, 9, 10, 11]);
    expect(io.analogPins).toEqual([14, 15, 16, 17, 18, 19]);
    expect(io.pins.slice(14).map((pin) => pin.analogChannel)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(io.pins[13]?.supportedModes).toContain(PIN_MODE_OUTPUT);
    expect(io.pins[14]?.supportedModes).toContain(PIN_MODE_ANALOG);
  });

  it('records pinMode(9, PWM) and analogWrite(9, 128) in the pin-write log', () => {
    const { clock, io } = connect();

    io.pinMode(9, io.MODES.PWM ?? PIN_MODE_PWM);
    io.analogWrite(9, 128);
    run(clock, 10);

    const writes = board?.emulator.pinWrites.filter(isPinLevelWrite).filter((w) => w.pin === 9);
    expect(writes).toEqual([
      expect.objectContaining({ kind: 'mode', value: PIN_MODE_PWM, accepted: true }),
      expect.objectContaining({ kind: 'pwm', value: 128, accepted: true, via: 'ANALOG_MESSAGE' }),
    ]);
    expect(board?.emulator.outputs.pwmDutyOf(9)).toBe(128);
  });

  it('records digitalWrite(13, 1) and drives the pin high', () => {
    const { clock, io } = connect();
    const seen: number[] = [];
    board?.emulator.on('pin-write', (w) => {
      if (isPinLevelWrite(w) && w.pin === 13) seen.push(w.value);
    });

    io.pinMode(13, io.MODES.OUTPUT ?? PIN_MODE_OUTPUT);
    io.digitalWrite(13, 1);
    run(clock, 10);

    expect(board?.emulator.pinWrites.at(-1)).toEqual(
      expect.objectContaining({ kind: 'digital', pin: 13, value: 1, via: 'DIGITAL_MESSAGE' }),
    );
    expect(seen).toEqual([PIN_MODE_OUTPUT, 1]);
    expect(board?.emulator.outputs.digitalLevelOf(13)).toBe(1);
  });

  it('reportAnalogPin(0, 1) yields analog-read events at the sampling interval', () => {
    const { clock, io } = connect();
    const reads: { pin: number; value: number }[] = [];
    io.on('analog-read', (read: { pin: number; value: number }) => reads.push(read));

    io.reportAnalogPin(0, 1);
    run(clock, 190);

    // Default interval 19 ms: one report at once (2.5 reports on enable) + ~10 cycles.
    expect(reads.length).toBeGreaterThanOrEqual(10);
    expect(reads.length).toBeLessThanOrEqual(11);
    expect(reads.every((read) => read.pin === 0)).toBe(true);
  });

  it('honours the raw SAMPLING_INTERVAL sysex down to 1 ms, unlike setSamplingInterval', () => {
    const { clock, io } = connect();

    io.setSamplingInterval(1);
    run(clock, 4);
    // firmata.js clamps to 10 ms before sending.
    expect(board?.emulator.samplingIntervalMs).toBe(10);

    board?.transport.write([START_SYSEX, SAMPLING_INTERVAL, 1, 0, END_SYSEX]);
    run(clock, 4);
    expect(board?.emulator.samplingIntervalMs).toBe(1);

    const reads: number[] = [];
    io.on('analog-read-1', (value: number) => reads.push(value));
    io.reportAnalogPin(1, 1);
    run(clock, 100);
    expect(reads.length).toBeGreaterThanOrEqual(99);
  });

  it('drives the RC twin: A0 reaches 63.2 % of 5 V one tau after analogWrite(9, 255)', () => {
    const { clock, io } = connect();
    board?.transport.write([START_SYSEX, SAMPLING_INTERVAL, 1, 0, END_SYSEX]);
    let latest = -1;
    io.on('analog-read-0', (value: number) => (latest = value));
    io.reportAnalogPin(0, 1);
    io.pinMode(9, io.MODES.PWM ?? PIN_MODE_PWM);
    run(clock, 20);
    expect(latest).toBeLessThanOrEqual(2); // discharged, up to the noise

    io.analogWrite(9, 255);
    run(clock, 100); // tau = 10 kOhm * 10 uF

    const expected = (1 - Math.exp(-1)) * 1023;
    expect(Math.abs(latest - expected) / expected).toBeLessThan(0.02);
  });
});
