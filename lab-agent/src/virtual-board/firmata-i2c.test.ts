// StandardFirmata 2.5's I2C support on named byte fixtures (firmata/protocol i2c.md), against a
// bus with the bench's real device models on it.
import { describe, expect, it } from 'vitest';
import * as F from './firmata-constants.ts';
import { FirmataBoardEmulator } from './firmata-board-emulator.ts';
import { I2C_MAX_QUERIES } from './firmata-i2c.ts';
import { I2cBus } from './i2c/i2c-bus.ts';
import { INA219, Ina219Device } from './i2c/ina219-device.ts';
import { Mcp4725Device } from './i2c/mcp4725-device.ts';

const DAC = 0x60;
const SENSOR = 0x40;
const ABSENT = 0x41;
// Second byte of I2C_REQUEST: read/write mode in bits 4-3.
const WRITE = 0b00_000;
const READ_ONCE = 0b01_000;
const READ_CONTINUOUSLY = 0b10_000;
const STOP_READING = 0b11_000;
const TEN_BIT_ADDRESS = 0b100_000;

/** Each byte as the two 7-bit bytes Firmata sends. */
const sevenBit = (...bytes: number[]) => bytes.flatMap((b) => [b & 0x7f, b >> 7]);
const i2cRequest = (address: number, mode: number, ...data: number[]) => [
  F.START_SYSEX,
  F.I2C_REQUEST,
  address,
  mode,
  ...data,
  F.END_SYSEX,
];
const i2cReply = (address: number, register: number, ...data: number[]) => [
  F.START_SYSEX,
  F.I2C_REPLY,
  ...sevenBit(address, register, ...data),
  F.END_SYSEX,
];
const stringData = (text: string) => [
  F.START_SYSEX,
  F.STRING_DATA,
  ...sevenBit(...[...text].map((c) => c.charCodeAt(0))),
  F.END_SYSEX,
];
const I2C_CONFIG_NO_DELAY = [F.START_SYSEX, F.I2C_CONFIG, 0, 0, F.END_SYSEX];

function harness() {
  const sent: number[] = [];
  let outputsChanged = 0;
  const bus = new I2cBus();
  const dac = new Mcp4725Device(5);
  bus.attach(DAC, dac);
  // 10 mA through 0.1 Ohm, 1.85 V on the bus.
  bus.attach(
    SENSOR,
    new Ina219Device({ shuntVolts: () => 0.001, busVolts: () => 1.85, noise: () => 0 }),
  );
  const emulator = new FirmataBoardEmulator({
    write: (bytes) => sent.push(...bytes),
    now: () => 42,
    readAnalog: () => 0,
    readDigital: () => 0,
    outputsChanged: () => outputsChanged++,
    i2c: { write: (a, b) => bus.write(a, b, 0), read: (a, n) => bus.read(a, n, 0) },
  });
  emulator.boot();
  sent.splice(0);
  return {
    emulator,
    dac,
    send: (...bytes: number[]) => emulator.receive(Uint8Array.from(bytes)),
    take: () => sent.splice(0),
    outputsChanged: () => outputsChanged,
  };
}

describe('Firmata I2C (StandardFirmata 2.5)', () => {
  it('I2C_CONFIG puts A4/A5 in I2C mode and stops their analog reporting', () => {
    const { emulator, send, take } = harness();
    send(F.REPORT_ANALOG | 4, 1);
    take();
    send(...I2C_CONFIG_NO_DELAY);
    expect(emulator.pinInfo(18)?.mode).toBe(F.PIN_MODE_I2C);
    expect(emulator.pinInfo(19)?.mode).toBe(F.PIN_MODE_I2C);
    expect(emulator.reportingChannels()).toEqual([]);
    expect(take()).toEqual([]);
  });

  it('writes to the MCP4725 in "Write DAC Register" form and logs the transaction', () => {
    const { emulator, dac, send, take, outputsChanged } = harness();
    send(...I2C_CONFIG_NO_DELAY);
    send(...i2cRequest(DAC, WRITE, ...sevenBit(0x40, 0xcc, 0xd0)));
    expect(dac.dacCode).toBe(0xccd);
    expect(outputsChanged()).toBeGreaterThan(0);
    expect(emulator.pinWrites.at(-1)).toEqual({
      t: 42,
      kind: 'i2c',
      address: DAC,
      bytes: [0x40, 0xcc, 0xd0],
      accepted: true,
      via: 'I2C_REQUEST',
    });
    send(...i2cRequest(ABSENT, WRITE, ...sevenBit(0x12)));
    expect(emulator.pinWrites.at(-1)).toMatchObject({ address: ABSENT, accepted: false });
    expect(take()).toEqual([]); // a NAKed write is not reported
  });

  it('reads a register once: I2C_REPLY with address, register and the two bytes', () => {
    const { send, take } = harness();
    send(...i2cRequest(SENSOR, READ_ONCE, ...sevenBit(INA219.SHUNT_VOLTAGE), ...sevenBit(2)));
    expect(take()).toEqual(i2cReply(SENSOR, INA219.SHUNT_VOLTAGE, 0, 100));
    // No register: the read starts at the device's pointer and the reply names register 0.
    send(...i2cRequest(DAC, READ_ONCE, ...sevenBit(5)));
    expect(take()).toEqual(i2cReply(DAC, 0, 0xc0, 0, 0, 0, 0));
  });

  it('answers a read from an absent device like the firmware: a string, then stale data', () => {
    const { send, take } = harness();
    send(...i2cRequest(SENSOR, READ_ONCE, ...sevenBit(INA219.BUS_VOLTAGE), ...sevenBit(2)));
    const busRegister = (Math.round(1.85 / 0.004) << 3) | 0b10; // value << 3 | CNVR
    const [msb, lsb] = [busRegister >> 8, busRegister & 0xff];
    expect(take()).toEqual(i2cReply(SENSOR, INA219.BUS_VOLTAGE, msb, lsb));
    send(...i2cRequest(ABSENT, READ_ONCE, ...sevenBit(0x01), ...sevenBit(2)));
    expect(take()).toEqual([
      ...stringData('I2C: Too few bytes received'),
      ...i2cReply(ABSENT, 0x01, msb, lsb), // i2cRxData still holds the last bytes read
    ]);
  });

  it('repeats continuous reads every sampling cycle until told to stop', () => {
    const { emulator, send, take } = harness();
    send(
      ...i2cRequest(SENSOR, READ_CONTINUOUSLY, ...sevenBit(INA219.SHUNT_VOLTAGE), ...sevenBit(2)),
    );
    send(...i2cRequest(DAC, READ_CONTINUOUSLY, ...sevenBit(1)));
    expect(take()).toEqual([]);
    expect(emulator.reportI2cQueries()).toBe(2);
    expect(take()).toEqual([...i2cReply(SENSOR, 1, 0, 100), ...i2cReply(DAC, 0, 0xc0)]);
    send(...i2cRequest(SENSOR, STOP_READING));
    expect(emulator.reportI2cQueries()).toBe(1);
    expect(take()).toEqual(i2cReply(DAC, 0, 0xc0));
    send(F.SYSTEM_RESET);
    take();
    expect(emulator.reportI2cQueries()).toBe(0);
  });

  it('keeps at most 8 continuous queries and refuses 10-bit addresses', () => {
    const { emulator, send, take } = harness();
    for (let i = 0; i <= I2C_MAX_QUERIES; i++) send(...i2cRequest(DAC, READ_CONTINUOUSLY, 1, 0));
    expect(take()).toEqual(stringData('too many queries'));
    expect(emulator.reportI2cQueries()).toBe(I2C_MAX_QUERIES);
    take();
    send(...i2cRequest(DAC, WRITE | TEN_BIT_ADDRESS, 0, 0));
    expect(take()).toEqual(stringData('10-bit addressing not supported'));
  });

  it('drops continuous reads when SDA is given another mode', () => {
    const { emulator, send } = harness();
    send(...I2C_CONFIG_NO_DELAY);
    send(...i2cRequest(DAC, READ_CONTINUOUSLY, 1, 0));
    send(F.SET_PIN_MODE, 18, F.PIN_MODE_ANALOG);
    expect(emulator.reportI2cQueries()).toBe(0);
  });
});
