// Byte-level behaviour of the emulated StandardFirmata 2.5, on named byte fixtures.
import { describe, expect, it } from 'vitest';
import * as F from './firmata-constants.ts';
import { FirmataBoardEmulator } from './firmata-board-emulator.ts';
import { isPinLevelWrite } from './firmata-board-types.ts';
import type { FirmataBoardEmulatorOptions, PinWrite } from './firmata-board-types.ts';

const VERSION_REPORT = [F.REPORT_VERSION, 2, 5];
const FIRMWARE_REPORT = [
  F.START_SYSEX,
  F.REPORT_FIRMWARE,
  2,
  5,
  ...[...'StandardFirmata.ino'].flatMap((c) => [c.charCodeAt(0), 0]),
  F.END_SYSEX,
];

/** An emulator wired to arrays, with a digital input level the test controls. */
function harness(options: FirmataBoardEmulatorOptions = {}) {
  const sent: number[] = [];
  const inputs = new Map<number, 0 | 1>();
  let t = 0;
  let outputsChanged = 0;
  const emulator = new FirmataBoardEmulator(
    {
      write: (bytes) => sent.push(...bytes),
      now: () => t,
      readAnalog: (channel) => 100 + channel,
      readDigital: (pin, pulledUp) => inputs.get(pin) ?? (pulledUp ? 1 : 0),
      outputsChanged: () => outputsChanged++,
    },
    options,
  );
  emulator.boot();
  return {
    emulator,
    inputs,
    /** Bytes sent since the last call. */
    take: (): number[] => sent.splice(0),
    send: (...bytes: number[]): void => emulator.receive(Uint8Array.from(bytes)),
    setTime: (ms: number): void => void (t = ms),
    outputsChangedCount: (): number => outputsChanged,
  };
}

describe('FirmataBoardEmulator', () => {
  it('announces REPORT_VERSION then REPORT_FIRMWARE at boot, like Firmata.begin()', () => {
    const { take } = harness();
    expect(take()).toEqual([...VERSION_REPORT, ...FIRMWARE_REPORT]);
  });

  it('answers REPORT_VERSION and the REPORT_FIRMWARE query', () => {
    const { take, send } = harness();
    take();
    send(F.REPORT_VERSION);
    expect(take()).toEqual(VERSION_REPORT);
    send(F.START_SYSEX, F.REPORT_FIRMWARE, F.END_SYSEX);
    expect(take()).toEqual(FIRMWARE_REPORT);
  });

  it('re-announces after SYSTEM_RESET unless told not to', () => {
    const a = harness();
    a.take();
    a.send(F.SYSTEM_RESET);
    expect(a.take()).toEqual([...VERSION_REPORT, ...FIRMWARE_REPORT]);

    const b = harness({ announceOnSystemReset: false });
    b.take();
    b.send(F.SYSTEM_RESET);
    expect(b.take()).toEqual([]);
  });

  it('describes the Uno in its capability response', () => {
    const { take, send } = harness();
    take();
    send(F.START_SYSEX, F.CAPABILITY_QUERY, F.END_SYSEX);
    const bytes = take();
    expect(bytes.slice(0, 2)).toEqual([F.START_SYSEX, F.CAPABILITY_RESPONSE]);
    expect(bytes.at(-1)).toBe(F.END_SYSEX);
    const pins = splitPins(bytes.slice(2, -1));
    expect(pins).toHaveLength(20);
    const { PIN_MODE_INPUT: IN, PIN_MODE_PULLUP: UP, PIN_MODE_OUTPUT: OUT } = F;
    const digital = [IN, 1, UP, 1, OUT, 1];
    expect(pins[0]).toEqual([F.PIN_MODE_SERIAL, 0]);
    expect(pins[1]).toEqual([F.PIN_MODE_SERIAL, 0]);
    expect(pins[2]).toEqual([...digital, F.PIN_MODE_SERVO, 14]);
    expect(pins[3]).toEqual([...digital, F.PIN_MODE_PWM, 8, F.PIN_MODE_SERVO, 14]);
    expect(pins[14]).toEqual([...digital, F.PIN_MODE_ANALOG, 10, F.PIN_MODE_SERVO, 14]);
    expect(pins[18]).toEqual([
      ...[...digital, F.PIN_MODE_ANALOG, 10, F.PIN_MODE_SERVO, 14],
      ...[F.PIN_MODE_I2C, 1],
    ]);
    const pwm = pins.flatMap((modes, pin) => (hasMode(modes, F.PIN_MODE_PWM) ? [pin] : []));
    expect(pwm).toEqual([3, 5, 6, 9, 10, 11]);
  });

  it('maps A0..A5 to pins 14..19 in its analog mapping response', () => {
    const { take, send } = harness();
    take();
    send(F.START_SYSEX, F.ANALOG_MAPPING_QUERY, F.END_SYSEX);
    const none = F.ANALOG_MAPPING_NONE;
    expect(take()).toEqual([
      ...[F.START_SYSEX, F.ANALOG_MAPPING_RESPONSE],
      ...new Array<number>(14).fill(none),
      ...[0, 1, 2, 3, 4, 5, F.END_SYSEX],
    ]);
  });

  it('reports mode and 14-bit state in PIN_STATE_RESPONSE', () => {
    const { take, send } = harness();
    send(F.SET_PIN_MODE, 9, F.PIN_MODE_PWM);
    send(F.ANALOG_MESSAGE | 9, 200 & 0x7f, 200 >> 7);
    take();
    send(F.START_SYSEX, F.PIN_STATE_QUERY, 9, F.END_SYSEX);
    expect(take()).toEqual([
      F.START_SYSEX,
      F.PIN_STATE_RESPONSE,
      9,
      F.PIN_MODE_PWM,
      72,
      1,
      F.END_SYSEX,
    ]);
    send(F.START_SYSEX, F.PIN_STATE_QUERY, 14, F.END_SYSEX);
    expect(take()).toEqual([
      F.START_SYSEX,
      F.PIN_STATE_RESPONSE,
      14,
      F.PIN_MODE_ANALOG,
      0,
      F.END_SYSEX,
    ]);
    send(F.START_SYSEX, F.PIN_STATE_QUERY, 40, F.END_SYSEX);
    expect(take()).toEqual([F.START_SYSEX, F.PIN_STATE_RESPONSE, 40, F.END_SYSEX]);
  });

  it('logs every host pin write with its time and whether the firmware applied it', () => {
    const { emulator, send, setTime } = harness();
    const events: PinWrite[] = [];
    emulator.on('pin-write', (w) => events.push(w));

    setTime(5);
    send(F.ANALOG_MESSAGE | 9, 100, 0); // pin 9 is still OUTPUT after reset: ignored
    setTime(6);
    send(F.SET_PIN_MODE, 9, F.PIN_MODE_PWM);
    send(F.START_SYSEX, F.EXTENDED_ANALOG, 9, 0x7f, 0x01, F.END_SYSEX); // 255
    send(F.SET_DIGITAL_PIN_VALUE, 13, 1);
    send(F.DIGITAL_MESSAGE | 1, 0b0100000, 0); // port 1 bit 5 = pin 13 low

    expect(events).toEqual(emulator.pinWrites);
    expect(
      events
        .filter(isPinLevelWrite)
        .map(({ t, kind, pin, value, accepted }) => [t, kind, pin, value, accepted]),
    ).toEqual([
      [5, 'pwm', 9, 100, false],
      [6, 'mode', 9, F.PIN_MODE_PWM, true],
      [6, 'pwm', 9, 255, true],
      [6, 'digital', 13, 1, true],
      // Port 1 = pins 8..15: the OUTPUT ones are written (9 is PWM, 14/15 analog).
      [6, 'digital', 8, 0, true],
      [6, 'digital', 10, 0, true],
      [6, 'digital', 11, 0, true],
      [6, 'digital', 12, 0, true],
      [6, 'digital', 13, 1, true],
    ]);
    expect(emulator.outputs.pwmDutyOf(9)).toBe(255);
    expect(emulator.outputs.digitalLevelOf(13)).toBe(1);
  });

  it('parses commands split across chunks and skips garbage like the firmware parser', () => {
    const { emulator, take, send } = harness();
    take();
    const stream = [
      ...[0x12, 0x34], // stray data bytes: ignored
      ...[F.ANALOG_MESSAGE | 3, 0x01], // abandoned by the next command byte
      ...[F.SET_PIN_MODE, 10, F.PIN_MODE_PWM],
      ...[F.ANALOG_MESSAGE | 10, 0x40, 0x01], // 0x40 + (1 << 7) = 192
      F.REPORT_VERSION,
    ];
    for (const byte of stream) send(byte);

    expect(emulator.outputs.pwmDutyOf(10)).toBe(192);
    expect(emulator.pinWrites.filter(isPinLevelWrite).map((w) => [w.kind, w.pin, w.value])).toEqual(
      [
        ['mode', 10, F.PIN_MODE_PWM],
        ['pwm', 10, 192],
      ],
    );
    expect(take()).toEqual(VERSION_REPORT);
  });

  it('sends STRING_DATA "Unknown pin mode" for a mode StandardFirmata does not know', () => {
    const { take, send } = harness();
    take();
    send(F.SET_PIN_MODE, 7, 0x08); // stepper: not in StandardFirmata
    const text = 'Unknown pin mode';
    const encoded = [...text].flatMap((c) => [c.charCodeAt(0), 0]);
    expect(take()).toEqual([F.START_SYSEX, F.STRING_DATA, ...encoded, F.END_SYSEX]);
  });

  it('puts a pin in SERVO mode on SERVO_CONFIG and takes servo writes', () => {
    const { emulator, send } = harness();
    send(F.START_SYSEX, F.SERVO_CONFIG, 7, 0x20, 0x04, 0x60, 0x12, F.END_SYSEX); // 544..2400 us
    send(F.ANALOG_MESSAGE | 7, 90, 0);
    expect(emulator.pinInfo(7)).toEqual({ mode: F.PIN_MODE_SERVO, state: 90 });
    const writes = emulator.pinWrites.filter(isPinLevelWrite);
    expect(writes.map((w) => [w.kind, w.value, w.accepted, w.via])).toEqual([
      ['mode', F.PIN_MODE_SERVO, true, 'SERVO_CONFIG'],
      ['pwm', 90, true, 'ANALOG_MESSAGE'],
    ]);
  });

  it('clamps SAMPLING_INTERVAL to the firmware minimum of 1 ms', () => {
    const { emulator, send } = harness();
    expect(emulator.samplingIntervalMs).toBe(19);
    send(F.START_SYSEX, F.SAMPLING_INTERVAL, 0, 0, F.END_SYSEX);
    expect(emulator.samplingIntervalMs).toBe(1);
    send(F.START_SYSEX, F.SAMPLING_INTERVAL, 0x68, 0x07, F.END_SYSEX); // 1000
    expect(emulator.samplingIntervalMs).toBe(1000);
  });

  it('reports an analog channel at once when enabled, then only in sampling cycles', () => {
    const { emulator, take, send } = harness();
    take();
    send(F.REPORT_ANALOG | 1, 1);
    expect(take()).toEqual([F.ANALOG_MESSAGE | 1, 101, 0]);
    send(F.REPORT_ANALOG | 0, 1);
    take();
    expect(emulator.sampleAnalogInputs()).toEqual([100, 101]);
    expect(take()).toEqual([F.ANALOG_MESSAGE | 0, 100, 0, F.ANALOG_MESSAGE | 1, 101, 0]);
    // A pin taken out of ANALOG mode stops reporting.
    send(F.SET_PIN_MODE, 14, F.PIN_MODE_OUTPUT);
    expect(emulator.sampleAnalogInputs()).toEqual([101]);
  });

  it('reports digital inputs per port, on change only, for input pins of reported ports', () => {
    const { inputs, take, send, emulator } = harness();
    send(F.SET_PIN_MODE, 4, F.PIN_MODE_INPUT);
    send(F.SET_PIN_MODE, 5, F.PIN_MODE_PULLUP);
    take();
    emulator.checkDigitalInputs();
    expect(take()).toEqual([]); // port 0 reporting is off

    send(F.REPORT_DIGITAL | 0, 1); // 2.5 sends the port's value at once
    expect(take()).toEqual([F.DIGITAL_MESSAGE | 0, 0b0100000, 0]); // pin 5 pulled up
    emulator.checkDigitalInputs();
    expect(take()).toEqual([]); // unchanged

    inputs.set(4, 1);
    inputs.set(6, 1); // pin 6 is an OUTPUT: masked off
    emulator.checkDigitalInputs();
    expect(take()).toEqual([F.DIGITAL_MESSAGE | 0, 0b0110000, 0]);
    emulator.checkDigitalInputs();
    expect(take()).toEqual([]);
  });
});

/** Splits a capability body into per-pin (mode, resolution) lists at each 0x7F. */
function splitPins(body: number[]): number[][] {
  const pins: number[][] = [[]];
  for (const byte of body) {
    if (byte === F.CAPABILITY_PIN_END) pins.push([]);
    else pins.at(-1)?.push(byte);
  }
  return pins.slice(0, -1);
}

function hasMode(pairs: number[], mode: number): boolean {
  return pairs.some((value, i) => i % 2 === 0 && value === mode);
}
