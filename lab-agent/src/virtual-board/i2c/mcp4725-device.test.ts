import { describe, expect, it } from 'vitest';
import { Mcp4725Device, parseMcp4725Write } from './mcp4725-device.ts';

// Command bytes from Microchip DS22039D, section 6: fast mode (C2 C1 = 00, PD in bits 5-4),
// Write DAC Register (010, PD in bits 2-1), Write DAC Register and EEPROM (011).
const FAST_FULL_SCALE = [0x0f, 0xff];
const WRITE_DAC_MID = [0x40, 0x80, 0x00];
const WRITE_DAC_EEPROM_1234 = [0x60, 0x4d, 0x20];

describe('MCP4725', () => {
  it('takes fast-mode writes, repeated within one transaction', () => {
    expect(parseMcp4725Write([...FAST_FULL_SCALE, 0x08, 0x00])).toEqual([
      { code: 4095, powerDown: 0, eeprom: false },
      { code: 2048, powerDown: 0, eeprom: false },
    ]);
    const dac = new Mcp4725Device(5);
    dac.write(FAST_FULL_SCALE);
    expect(dac.drive()).toEqual({ kind: 'source', volts: 5 });
  });

  it('takes "Write DAC Register" (0x40) as the agent sends it: code / 4095 x vref', () => {
    const dac = new Mcp4725Device(5);
    dac.write(WRITE_DAC_MID);
    expect(dac.dacCode).toBe(2048);
    expect(dac.drive()).toEqual({ kind: 'source', volts: (2048 / 4095) * 5 });
  });

  it('powers down to a pull-down of 1 k / 100 k / 500 kOhm', () => {
    const dac = new Mcp4725Device(5);
    dac.write([0x30 | 0x0f, 0xff]); // fast mode, PD = 11
    expect(dac.drive()).toEqual({ kind: 'load', ohms: 500_000, volts: 0 });
    dac.write([0x40 | (1 << 1), 0xff, 0xf0]); // write DAC register, PD = 01
    expect(dac.drive()).toEqual({ kind: 'load', ohms: 1_000, volts: 0 });
  });

  it('reads back status, DAC register and EEPROM (section 6.2), then 0xFF', () => {
    const dac = new Mcp4725Device(5);
    dac.write(WRITE_DAC_EEPROM_1234);
    dac.write(WRITE_DAC_MID);
    expect(dac.read(6)).toEqual([0xc0, 0x80, 0x00, 0x04, 0xd2, 0xff]);
  });

  it('ignores reserved commands (C2 = 1) and incomplete ones', () => {
    expect(parseMcp4725Write([0x80, 0x12, 0x34])).toEqual([]);
    expect(parseMcp4725Write([0x40, 0x12])).toEqual([]);
    expect(parseMcp4725Write([0x0f])).toEqual([]);
    const dac = new Mcp4725Device(5);
    dac.write([0x40]); // the register byte a Firmata register read writes first
    expect(dac.dacCode).toBe(0);
  });
});
