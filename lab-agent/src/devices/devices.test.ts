import { describe, expect, it } from 'vitest';
import { Ina219InputSchema } from '@remotelab/protocol';
import { INA219_REGISTER, ina219ConfigBytes, ina219ReadPlan } from './ina219.ts';
import { MCP4725_WRITE_DAC_REGISTER, mcp4725WriteBytes } from './mcp4725.ts';

const ina = (quantity: string, unit: string) =>
  Ina219InputSchema.parse({
    kind: 'ina219',
    id: 'i',
    label: 'I',
    quantity,
    unit,
    range: { min: -1, max: 1 },
  });

// Register contents, big-endian as the INA219 sends them (datasheet tables 7-9).
/** +320 mV full scale: 32000 x 10 uV. */
const SHUNT_PLUS_320_MV = [0x7d, 0x00];
/** -1 mV: -100 x 10 uV in two's complement. */
const SHUNT_MINUS_1_MV = [0xff, 0x9c];
/** 5.000 V: 1250 x 4 mV, shifted left by 3, CNVR (bit 1) set. */
const BUS_5_V_CNVR = [(1250 << 3) >> 8, ((1250 << 3) & 0xff) | 0b10];

describe('INA219', () => {
  it('computes current from the shunt voltage and the shunt resistor (0.1 ohm)', () => {
    const plan = ina219ReadPlan(ina('current', 'mA'));
    expect(plan.register).toBe(INA219_REGISTER.SHUNT_VOLTAGE);
    expect(plan.decode(SHUNT_PLUS_320_MV)).toBeCloseTo(3200, 6);
    expect(plan.decode(SHUNT_MINUS_1_MV)).toBeCloseTo(-10, 6);
    expect(ina219ReadPlan(ina('current', 'A')).decode(SHUNT_MINUS_1_MV)).toBeCloseTo(-0.01, 9);
  });

  it('reads the shunt and bus voltages, ignoring the status bits of the bus register', () => {
    expect(ina219ReadPlan(ina('shunt-voltage', 'mV')).decode(SHUNT_MINUS_1_MV)).toBeCloseTo(-1, 9);
    const bus = ina219ReadPlan(ina('bus-voltage', 'V'));
    expect(bus.register).toBe(INA219_REGISTER.BUS_VOLTAGE);
    expect(bus.decode(BUS_5_V_CNVR)).toBeCloseTo(5, 9);
  });

  it('refuses a unit that does not fit the quantity, and writes the default configuration', () => {
    expect(() => ina219ReadPlan(ina('current', 'V'))).toThrow(/A, mA, uA/);
    expect(ina219ConfigBytes()).toEqual([INA219_REGISTER.CONFIG, 0x39, 0x9f]);
  });
});

describe('MCP4725', () => {
  it('writes the DAC register with the 12-bit code split 8 + 4 bits', () => {
    expect(mcp4725WriteBytes(0)).toEqual([MCP4725_WRITE_DAC_REGISTER, 0x00, 0x00]);
    expect(mcp4725WriteBytes(2048)).toEqual([MCP4725_WRITE_DAC_REGISTER, 0x80, 0x00]);
    expect(mcp4725WriteBytes(0xabc)).toEqual([MCP4725_WRITE_DAC_REGISTER, 0xab, 0xc0]);
    expect(mcp4725WriteBytes(5000)).toEqual([MCP4725_WRITE_DAC_REGISTER, 0xff, 0xf0]);
  });
});
